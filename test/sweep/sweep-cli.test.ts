// End to end through the built CLI: bytes independent of the worker count, shard + merge = one machine, resume after
// kill -9, adaptive replications, bad input, and the emitted Slurm workflow.

import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { parse } from 'csv-parse/sync';
import { estimate } from '../../src/metrics/confidence-interval.js';
import { decodeRecord } from '../../src/experiment/sweep-records.js';
import { capsim, capsimAsync, readCsvs, SMALL, SMALL_VARY, tempDir } from './support.js';

const NAME = 'small-sweep';

function sweep(out: string, ...extra: string[]) {
  const r = capsim(['sweep', SMALL, ...SMALL_VARY, '--out', out, '--quiet', ...extra]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return join(out, NAME);
}

describe('capsim sweep', () => {
  const base = tempDir('sweep');
  const reference = sweep(join(base, 'one'), '--workers', '1');
  const referenceCsvs = readCsvs(reference);
  afterAll(() => rmSync(base, { recursive: true, force: true }));

  it('writes one long summary.csv with a leading column per varied parameter, and the other files likewise', () => {
    const summary = parse(referenceCsvs['summary.csv'], { columns: true }) as Record<string, string>[];
    expect(Object.keys(summary[0]).slice(0, 6)).toEqual(['workload.arrivals.poisson.ratePerHour',
      'arms.stack.nova.ramAllocationRatio', 'scenario', 'arm', 'replication', 'seed']);
    expect(summary.length).toBe(4 * 2 * 3);
    expect(summary.map((r) => `${r['workload.arrivals.poisson.ratePerHour']}/${r['arms.stack.nova.ramAllocationRatio']}/${r.arm}/${r.replication}`).slice(0, 7))
      .toEqual(['3/1/spread/0', '3/1/spread/1', '3/1/spread/2', '3/1/stack/0', '3/1/stack/1', '3/1/stack/2', '3/1.5/spread/0']);
    const comparison = parse(referenceCsvs['comparison.csv'], { columns: true }) as Record<string, string>[];
    expect(Object.keys(comparison[0])).toEqual(['workload.arrivals.poisson.ratePerHour', 'arms.stack.nova.ramAllocationRatio',
      'arm', 'metric', 'mean', 'ci95_low', 'ci95_high', 'n', 'diff_mean', 'diff_ci95_low', 'diff_ci95_high', 'ci_method',
      'diff_ci_method', 'stratum']);
    // Per point: the stack arm's paired difference to the spread arm, from the same replications.
    const rows = comparison.filter((r) => r.metric === 'requests' && r.arm === 'stack');
    expect(rows.length).toBe(4);
    for (const row of rows) expect(Number(row.diff_mean)).toBe(0); // same arrivals in both arms (common random numbers)
    expect(referenceCsvs['flavors.csv'].split('\n')[0]).toMatch(/^workload\.arrivals\.poisson\.ratePerHour,arms\.stack\.nova\.ramAllocationRatio,arm,replication,flavor,/);
    expect(referenceCsvs['timeseries.csv'].split('\n')[0]).toMatch(/^workload\.arrivals\.poisson\.ratePerHour,arms\.stack\.nova\.ramAllocationRatio,time_s,arm,/);
    const manifest = JSON.parse(readFileSync(join(reference, 'manifest.json'), 'utf8'));
    expect(manifest.sweep).toMatchObject({ parameters: ['workload.arrivals.poisson.ratePerHour', 'arms.stack.nova.ramAllocationRatio'], points: 4 });
    // The provenance fields of a single run's manifest, so `capsim report` shows them for sweeps too.
    expect(manifest.scenarioHash).toBe(manifest.planHash);
    expect(manifest.replications).toBe(3);
    expect(typeof manifest.seed).toBe('number');
    expect(manifest.arms.map((a: { name: string }) => a.name)).toEqual(['spread', 'stack']);
    expect(manifest.arms[1].nova).toBeDefined();
  });

  it('writes the same bytes whatever the worker count', () => {
    for (const workers of ['2', '3']) expect(readCsvs(sweep(join(base, `w${workers}`), '--workers', workers))).toEqual(referenceCsvs);
  });

  it('capsim run --workers N writes the same bytes as one worker', () => {
    const one = capsim(['run', SMALL, '--out', join(base, 'run1'), '--workers', '1', '--quiet']);
    const two = capsim(['run', SMALL, '--out', join(base, 'run2'), '--workers', '2', '--quiet']);
    expect([one.code, two.code]).toEqual([0, 0]);
    expect(readCsvs(join(base, 'run2', NAME))).toEqual(readCsvs(join(base, 'run1', NAME)));
  });

  it('shards (in any worker count, one via the Slurm variables) merge into the same bytes', () => {
    const dirs = [0, 1, 2].map((i) => join(base, 'shards', String(i)));
    sweep(dirs[0], '--shard', '0/3', '--workers', '2');
    const viaEnv = capsim(['sweep', SMALL, ...SMALL_VARY, '--out', dirs[1], '--quiet', '--workers', '1'],
      { ...process.env, SLURM_ARRAY_TASK_ID: '1', SLURM_ARRAY_TASK_COUNT: '3' });
    expect(viaEnv.code).toBe(0);
    expect(existsSync(join(dirs[1], NAME, 'shard-1-of-3.done.json'))).toBe(true);

    // Shard 2 missing: merge names it, exits 2 and writes nothing.
    const out = join(base, 'merged');
    const early = capsim(['merge', ...dirs, '--out', out, '--shards', '3']);
    expect(early.code).toBe(2);
    expect(early.stderr).toContain('shard 2/3: missing');
    expect(existsSync(out)).toBe(false);

    sweep(dirs[2], '--shard', '2/3', '--workers', '1');
    const merged = capsim(['merge', ...dirs, '--out', out]);
    expect(merged.stderr).toBe('');
    expect(merged.code).toBe(0);
    expect(readCsvs(join(out, NAME))).toEqual(referenceCsvs);

    // A shard that lost a run is incomplete, and named so.
    const runs = join(dirs[1], NAME, 'runs');
    const lost = readdirSync(runs)[0];
    rmSync(join(runs, lost));
    const incomplete = capsim(['merge', ...dirs, '--out', join(base, 'merged2')]);
    expect(incomplete.code).toBe(2);
    expect(incomplete.stderr).toContain(`shard 1/3: incomplete: 1 of 8 runs missing (${lost.replace('.json', '')})`);
  });

  it('resumes a sweep killed with SIGKILL, losing only runs in flight, to the same bytes', async () => {
    const out = join(base, 'killed');
    const args = ['sweep', SMALL, ...SMALL_VARY, '--set', 'horizon=60d', '--out', out, '--workers', '1', '--quiet'];
    const fresh = sweep(join(base, 'long'), '--set', 'horizon=60d', '--workers', '2');
    const child = capsimAsync(args);
    const runs = join(out, NAME, 'runs');
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    let recorded = 0;
    for (let i = 0; i < 2000 && recorded < 3; i++) {
      await new Promise((r) => setTimeout(r, 5));
      recorded = existsSync(runs) ? readdirSync(runs).filter((n) => n.endsWith('.json')).length : 0;
    }
    child.kill('SIGKILL');
    await exited;
    const left = readdirSync(runs).filter((n) => n.endsWith('.json'));
    expect(left.length).toBeGreaterThanOrEqual(3);
    expect(left.length).toBeLessThan(24); // killed mid-run
    for (const name of left) expect(() => decodeRecord(readFileSync(join(runs, name), 'utf8'))).not.toThrow();
    expect(existsSync(join(out, NAME, 'summary.csv'))).toBe(false);

    const resumed = capsim([...args.filter((a) => a !== '--quiet'), '--resume']);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain(`${24 - left.length} runs done, ${left.length} already recorded`);
    expect(readCsvs(join(out, NAME))).toEqual(readCsvs(fresh));

    // A folder holding another sweep is not resumed.
    const other = capsim(['sweep', SMALL, '--vary', 'seed=1,2', '--out', out, '--resume', '--quiet']);
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('holds a different sweep');
  });

  it('adds replications until every arm\'s CI half-width meets --target-ci, or the cap', () => {
    const target = 0.004;
    const dir = sweep(join(base, 'adaptive'), '--target-ci', `mean_ram_util=${target}`, '--max-replications', '12', '--workers', '2');
    const csvs = readCsvs(dir);
    const rows = (parse(csvs['comparison.csv'], { columns: true }) as Record<string, string>[]).filter((r) => r.metric === 'mean_ram_util');
    const summary = parse(csvs['summary.csv'], { columns: true }) as Record<string, string>[];
    const ns = new Set<number>();
    for (const row of rows) {
      const n = Number(row.n);
      ns.add(n);
      const half = (Number(row.ci95_high) - Number(row.ci95_low)) / 2;
      if (n < 12) expect(half).toBeLessThanOrEqual(target + 1e-6);
      // The CI in comparison.csv is the one recomputed from the summary rows of that point and arm.
      const values = summary.filter((s) => s.arm === row.arm && s['workload.arrivals.poisson.ratePerHour'] === row['workload.arrivals.poisson.ratePerHour']
        && s['arms.stack.nova.ramAllocationRatio'] === row['arms.stack.nova.ramAllocationRatio']).map((s) => Number(s.mean_ram_util));
      expect(values.length).toBe(n);
      expect(estimate(values).n).toBe(n);
    }
    expect([...ns].some((n) => n > 3)).toBe(true); // the target asked for more than the first round
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    expect(manifest.sweep.replications.length).toBe(4);

    // Adaptive sweeps shard by point and merge to the same bytes.
    const shardDirs = [0, 1].map((i) => sweep(join(base, 'adaptive-shards', String(i)), '--target-ci', `mean_ram_util=${target}`,
      '--max-replications', '12', '--shard', `${i}/2`, '--workers', '1'));
    expect(capsim(['merge', ...shardDirs, '--out', join(base, 'adaptive-merged')]).code).toBe(0);
    expect(readCsvs(join(base, 'adaptive-merged', NAME))).toEqual(csvs);
  });

  it('validates every point first: all problems at once, exit 2, nothing written', () => {
    const out = join(base, 'bad');
    const r = capsim(['sweep', SMALL, '--vary', 'workload.arrivals.poisson.ratePerHour=4,-1', '--vary', 'arms.nope.drs.threshold=1',
      '--vary', 'x=1:0:1', '--out', out]);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe('--vary: x: range "1:0:1": step 1 never reaches 0 from 1');
    expect(lines[1]).toContain('--vary: arms.nope.drs.threshold: "nope" matches no element of arms');
    expect(lines[2]).toMatch(/ratePerHour: .*-1 \(at \[workload\.arrivals\.poisson\.ratePerHour=-1, arms\.nope\.drs\.threshold=1\]\)$/);
    expect(existsSync(out)).toBe(false);
  });

  it('--emit slurm prints a complete workflow: throttled array, per-task limits, afterany merge', () => {
    const out = join(base, 'slurm-out');
    const r = capsim(['sweep', SMALL, ...SMALL_VARY, '--out', out, '--emit', 'slurm', '--shards', '5', '--slurm-throttle', '2',
      '--slurm-time', '0:20:00', '--slurm-mem', '512M', '--slurm-cpus', '4', '--slurm-partition', 'short', '--slurm-option=--qos=low']);
    expect(r.code).toBe(0);
    const script = r.stdout;
    expect(spawnSync('bash', ['-n'], { input: script }).status).toBe(0);
    for (const expected of ['#SBATCH --time=0:20:00', '#SBATCH --mem=512M', '#SBATCH --cpus-per-task=4', '#SBATCH --partition=short',
      '#SBATCH --qos=low', '--array="$array%2"', 'array="0-$((N - 1))"', '--dependency="afterany:$array_job"', 'N=5',
      `--shard "$SLURM_ARRAY_TASK_ID/5" --out "$SHARDS/$SLURM_ARRAY_TASK_ID"`, '--workers "${SLURM_CPUS_PER_TASK:-4}"',
      `merge "$SHARDS/0" "$SHARDS/1" "$SHARDS/2" "$SHARDS/3" "$SHARDS/4" --shards 5 --out "$OUT"`,
      `sweep ${SMALL} --vary workload.arrivals.poisson.ratePerHour=3:5:2 --vary arms.stack.nova.ramAllocationRatio=1.0,1.5`]) {
      expect(script).toContain(expected);
    }
    expect(existsSync(out)).toBe(false);
  });
});
