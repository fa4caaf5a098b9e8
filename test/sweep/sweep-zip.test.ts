// Sweeps over linked parameters and over arms: --zip moves a parameter in step with the last --vary (no cartesian
// product), arms[*].path sets a field in every arm and arms[name].path in one; the report plots each arm against
// its own parameter and does not facet by a zipped one.

import { describe, expect, it } from 'vitest';
import { cartesian, collectSweepAxes } from '../../src/experiment/sweep-axes.js';
import { setAtPath } from '../../src/scenario/set-path.js';
import type { Problem } from '../../src/scenario/input-error.js';
import { armOfPath, linked } from '../../src/report/figures/sweep-figure.js';
import type { ComparisonRow } from '../../src/report/load-results.js';

describe('--zip', () => {
  it('moves with the last --vary: a × (b zipped with c) gives |a| × |b| points, c in step with b', () => {
    const problems: Problem[] = [];
    const axes = collectSweepAxes(undefined, 'x.yaml', ['a=1,2', 'b=10,20,30'], problems, ['c=x,y,z']);
    expect(problems).toEqual([]);
    expect(axes.map((a) => [a.path, a.zipWith])).toEqual([['a', undefined], ['b', undefined], ['c', 'b']]);
    const points = cartesian(axes);
    expect(points.length).toBe(2 * 3);
    for (const [, b, c] of points) expect(['x', 'y', 'z'][[10, 20, 30].indexOf(b as number)]).toBe(c);
    expect(new Set(points.map((p) => JSON.stringify(p))).size).toBe(points.length);
  });

  it('refuses a zip with another number of values, or with nothing to zip with', () => {
    const problems: Problem[] = [];
    collectSweepAxes(undefined, 'x.yaml', ['b=1,2,3'], problems, ['c=x,y']);
    expect(problems.map((p) => `${p.source}: ${p.path}: ${p.message}`)).toEqual([
      '--zip: c: expected 3 values, one per value of b, got 2',
    ]);
    const none: Problem[] = [];
    collectSweepAxes(undefined, 'x.yaml', [], none, ['c=x,y']);
    expect(none.map((p) => p.message)).toEqual(['nothing to zip with: give a --vary first']);
  });
});

describe('arms[*] and arms[name] paths', () => {
  const raw = { arms: [{ name: 'kvm', nova: { ramAllocationRatio: 1 } }, { name: 'vc' }] };

  it('arms[*].path sets the field in every arm; arms[name].path in that arm only', () => {
    expect(setAtPath(raw, 'arms[*].nova.cpuAllocationRatio', 4)).toEqual({
      arms: [{ name: 'kvm', nova: { ramAllocationRatio: 1, cpuAllocationRatio: 4 } }, { name: 'vc', nova: { cpuAllocationRatio: 4 } }],
    });
    expect(setAtPath(raw, 'arms[vc].drs.threshold', 2)).toEqual({ arms: [raw.arms[0], { name: 'vc', drs: { threshold: 2 } }] });
    expect(raw.arms[1]).toEqual({ name: 'vc' });
  });

  it('a varied arms[*] path overlaps the same field of one arm', () => {
    const problems: Problem[] = [];
    collectSweepAxes(undefined, 'x.yaml', ['arms[*].nova.cpuAllocationRatio=1,2', 'arms[kvm].nova.cpuAllocationRatio=3,4'], problems);
    expect(problems.map((p) => p.message)).toEqual(['overlaps the varied path arms[*].nova.cpuAllocationRatio; vary one or the other']);
  });

  it('the report knows whose parameter a path is, and which parameters move together', () => {
    expect(armOfPath('arms[vc].drs.threshold')).toBe('vc');
    expect(armOfPath('arms.vc.drs.threshold')).toBe('vc');
    expect(armOfPath('arms[*].nova.cpuAllocationRatio')).toBeNull();
    expect(armOfPath('workload.arrivals.poisson.ratePerHour')).toBeNull();
    const row = (point: string[]): ComparisonRow => ({ point, arm: 'a', metric: 'm', mean: 1, low: 1, high: 1, n: 1, diffMean: null, diffLow: null, diffHigh: null });
    const rows = [['1', '10', 'x'], ['1', '20', 'y'], ['2', '10', 'x'], ['2', '20', 'y']].map(row);
    expect(linked(rows, 1, 2)).toBe(true);
    expect(linked(rows, 0, 1)).toBe(false);
  });
});
