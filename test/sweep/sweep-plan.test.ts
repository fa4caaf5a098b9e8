import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import {
  allUnits, parseShard, planShape, planSweep, shardFromSlurm, shardOf, type SweepUnit,
} from '../../src/experiment/sweep-plan.js';
import { problemLines } from '../support/problems.js';
import { SMALL, scratchDir } from './support.js';


describe('planSweep(inputs)', () => {
  it('sets nested paths per point, selecting arms by name', () => {
    const plan = planSweep({ file: SMALL, vary: ['workload.arrivals.poisson.ratePerHour=3:5:2', 'arms.stack.nova.ramAllocationRatio=1.0,1.5'] });
    expect(plan.axes.map((a) => a.path)).toEqual(['workload.arrivals.poisson.ratePerHour', 'arms.stack.nova.ramAllocationRatio']);
    expect(plan.points.map((p) => p.values)).toEqual([[3, 1], [3, 1.5], [5, 1], [5, 1.5]]);
    const p = plan.points[3].loaded.scenario;
    expect(p.workload).toMatchObject({ arrivals: { poisson: { ratePerHour: 5 } } });
    expect(p.arms[1].nova?.ramAllocationRatio).toBe(1.5);
    expect(p.arms[0].nova?.ramAllocationRatio).toBeUndefined();
    expect(new Set(plan.points.map((q) => q.loaded.hash)).size).toBe(4);
  });

  it('reads the scenario\'s sweep: section and lets --vary override one of its paths', () => {
    const dir = scratchDir('plan');
    const file = join(dir, 'with-sweep.yaml');
    const raw = parse(readFileSync(SMALL, 'utf8'));
    writeFileSync(file, stringify({ ...raw, sweep: { vary: { 'fleet[0].count': [4, 8], replications: '2:3:1' }, targetCi: { rejection_rate: 0.05 } } }));
    const plan = planSweep({ file, vary: ['replications=2'] });
    expect(plan.points.map((p) => p.values)).toEqual([[4, 2], [8, 2]]);
    expect(plan.points[1].loaded.scenario.fleet[0].count).toBe(8);
    expect(plan.targets).toEqual([{ metric: 'rejection_rate', halfWidth: 0.05, relative: false }]);
    expect(plan.points[0].maxReplications).toBe(20);
  });

  it('validates every point before anything runs and reports all problems at once', () => {
    const lines = problemLines(() => planSweep({
      file: SMALL,
      vary: ['workload.arrivals.poisson.ratePerHour=4,-1,soon', 'arms.nope.nova.ramAllocationRatio=1', 'horizon=1d,0', 'b=1:0:1'],
      targetCi: ['nonsense=1', 'rejection_rate=-2'],
      set: ['arms'],
    }));
    expect(lines).toEqual([
      '--set: : expected path=value, got "arms"',
      '--vary: b: range "1:0:1": step 1 never reaches 0 from 1',
      expect.stringContaining('--target-ci: nonsense: unknown metric "nonsense"'),
      '--target-ci: rejection_rate: expected a positive half-width (a number, or "N%" of the mean), got "-2"',
      '--vary: arms.nope.nova.ramAllocationRatio: "nope" matches no element of arms (at every point (6))',
      expect.stringMatching(/small\.yaml: horizon: expected a duration of at least 0.001 s.* \(at \[.*=4, .*horizon=0\] \[.*=-1, .*horizon=0\] \[.*=soon, .*horizon=0\]\)$/),
      expect.stringMatching(/small\.yaml: warmup: expected warmup < horizon.* \(at /),
      expect.stringMatching(/small\.yaml: workload\.arrivals\.poisson\.ratePerHour: .*got -1 \(at \[.*=-1, .*horizon=1d\] \[.*=-1, .*horizon=0\]\)$/),
      expect.stringMatching(/small\.yaml: workload\.arrivals\.poisson\.ratePerHour: .*got "soon" \(at /),
    ]);
  });

  it('gives the same hash for the same inputs and a different one when a value changes', () => {
    const a = planSweep({ file: SMALL, vary: ['seed=1,2'] });
    expect(planSweep({ file: SMALL, vary: ['seed=1,2'] }).hash).toBe(a.hash);
    expect(planSweep({ file: SMALL, vary: ['seed=1,3'] }).hash).not.toBe(a.hash);
  });
});

describe('shardOf(shape, unit, n)', () => {
  it('puts every unit in exactly one shard, shards differing by at most one unit', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 4 }),
      fc.integer({ min: 1, max: 9 }), (reps, arms, count) => {
        const plan = { targets: [], arms: Array.from({ length: arms }, (_, i) => `a${i}`),
          points: reps.map((r, index) => ({ index, replications: r })) };
        const shape = planShape(plan as never);
        const units = allUnits(plan as never);
        const sizes = new Array(count).fill(0);
        for (const u of units) sizes[shardOf(shape, u, count)]++;
        expect(sizes.reduce((a, b) => a + b, 0)).toBe(units.length);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      }));
  });

  it('keeps a point whole when replications are adaptive', () => {
    const shape = { adaptive: true, replications: [3, 3, 3], arms: 2, offsets: [0, 6, 12] };
    const unit = (point: number, replication: number): SweepUnit => ({ point, armIndex: 1, replication });
    expect([0, 1, 2].map((r) => shardOf(shape, unit(2, r), 2))).toEqual([0, 0, 0]);
    expect(shardOf(shape, unit(1, 7), 2)).toBe(1);
  });
});

describe('parseShard / shardFromSlurm', () => {
  it.each([['0/4', { index: 0, count: 4 }], [' 3 / 4 ', { index: 3, count: 4 }], ['0/1', { index: 0, count: 1 }]])('%s', (text, shard) => {
    expect(parseShard(text)).toEqual(shard);
  });
  it.each(['4/4', '1/0', '-1/2', 'a/b', '1'])('rejects %s', (text) => {
    expect(problemLines(() => parseShard(text))[0]).toContain('expected i/n');
  });
  it('reads the array task from the environment, counting from SLURM_ARRAY_TASK_MIN', () => {
    expect(shardFromSlurm({})).toBeUndefined();
    expect(shardFromSlurm({ SLURM_ARRAY_TASK_ID: '2', SLURM_ARRAY_TASK_COUNT: '4' })).toEqual({ index: 2, count: 4 });
    expect(shardFromSlurm({ SLURM_ARRAY_TASK_ID: '4', SLURM_ARRAY_TASK_COUNT: '4', SLURM_ARRAY_TASK_MIN: '1' })).toEqual({ index: 3, count: 4 });
  });
});
