// capsim run with stratify.groupOutages: the same bytes for any worker count, rows that carry their stratum and
// recombine to comparison.csv's stratified means, per-stratum rows, and refusals of bad designs.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { stringify } from 'yaml';
import { capsim } from '../support/cli.js';
import { tempDir } from '../support/temp-dir.js';

const SCENARIO = {
  name: 'stratified', horizon: '10d', seed: 2, replications: 12, sampleInterval: '1d',
  fleet: [{ group: 'a', count: 3, cpus: 16, ramMiB: 32768, diskGiB: 500 }, { group: 'b', count: 3, cpus: 16, ramMiB: 32768, diskGiB: 500 }],
  workload: { arrivals: { poisson: { ratePerHour: 2 } }, lifetime: { exponential: { mean: '1d' } },
    flavors: [{ name: 'f', vcpus: 2, ramMiB: 4096, diskGiB: 20 }] },
  failures: { hostFailure: { exponential: { mean: '30d' } }, repair: { uniform: { min: '1h', max: '4h' } },
    groups: [{ group: 'b', failure: { exponential: { mean: '30d' } }, repair: { uniform: { min: '2h', max: '6h' } } }] },
  stratify: { groupOutages: { allocation: [1, 2] } },
  arms: [{ name: 'none' }, { name: 'evacuate', recovery: { novaEvacuate: { trigger: 'manual', storage: 'shared' } } }],
};

function scenarioFile(overrides: Record<string, unknown> = {}): string {
  const file = join(tempDir('stratified-scenario'), 'stratified.yaml');
  writeFileSync(file, stringify({ ...SCENARIO, ...overrides }));
  return file;
}

function run(file: string, args: string[]): string {
  const out = tempDir('stratified-run');
  const result = capsim(['run', file, '--out', out, '--quiet', ...args]);
  expect(result.code, result.stderr).toBe(0);
  return join(out, 'stratified');
}

type Row = Record<string, string>;

/** CSV numbers keep 6 decimals: a probability off by 5e-7 moves a weighted sum by ~1e-6 of itself, each value by 5e-7. */
const roundingTolerance = (x: number) => 2e-6 * Math.abs(x) + 1e-6;
const read = (dir: string, file: string) => parse(readFileSync(join(dir, file)), { columns: true }) as Row[];

describe('capsim run with stratify.groupOutages', () => {
  const file = scenarioFile();
  const one = run(file, ['--workers', '1']);

  it('writes the same bytes for any worker count', () => {
    const two = run(file, ['--workers', '2']);
    for (const name of ['summary.csv', 'comparison.csv', 'timeseries.csv']) {
      expect(readFileSync(join(two, name)).equals(readFileSync(join(one, name))), name).toBe(true);
    }
  });

  it('rows carry their stratum; weighting each by p_k/n_k gives comparison.csv\'s stratified mean', () => {
    const summary = read(one, 'summary.csv');
    const comparison = read(one, 'comparison.csv');
    const manifest = JSON.parse(readFileSync(join(one, 'manifest.json'), 'utf8'));
    const p = manifest.stratification.strata.map((s: { probability: number }) => s.probability);
    expect(manifest.stratification.probabilityMethod).toBe('analytic');
    expect(p[0]).toBeCloseTo(Math.exp(-10 / 30), 12);
    for (const arm of ['none', 'evacuate']) {
      const rows = summary.filter((r) => r.arm === arm);
      const n = [0, 1].map((k) => rows.filter((r) => Number(r.stratum) === k).length);
      // Allocation [1, 2] of 12 replications.
      expect(n).toEqual([4, 8]);
      for (const r of rows) {
        const k = Number(r.stratum);
        expect(Number(r.stratum_probability)).toBeCloseTo(p[k], 6);
        expect(Number(r.group_outages) > 0).toBe(k === 1);
      }
      for (const metric of ['vm_downtime_h', 'rejection_rate']) {
        const weighted = rows.reduce((s, r) => s + (p[Number(r.stratum)] / n[Number(r.stratum)]) * Number(r[metric]), 0);
        const all = comparison.find((c) => c.arm === arm && c.metric === metric && c.stratum === 'all')!;
        expect(Math.abs(Number(all.mean) - weighted)).toBeLessThanOrEqual(roundingTolerance(weighted));
        expect(all.ci_method).toBe('stratified-bootstrap-percentile');
        expect(Number(all.n)).toBe(12);
        if (arm === 'evacuate') expect(all.diff_ci_method).toBe('stratified-t');
        for (const [k, stratum] of ['no_group_outage', 'group_outage'].entries()) {
          const row = comparison.find((c) => c.arm === arm && c.metric === metric && c.stratum === stratum)!;
          expect(Number(row.n)).toBe(n[k]);
        }
      }
    }
  });

  it('--replication K writes the rows of replication K of the full run', () => {
    const alone = run(file, ['--workers', '1', '--replication', '5']);
    const full = readFileSync(join(one, 'summary.csv'), 'utf8').trimEnd().split('\n');
    const rows = readFileSync(join(alone, 'summary.csv'), 'utf8').trimEnd().split('\n');
    expect(rows).toEqual([full[0], ...full.filter((line) => line.split(',')[2] === '5')]);
  });
});

describe('capsim sweep with stratify.groupOutages', () => {
  it('weights the strata at every point, as capsim run does', () => {
    const file = scenarioFile({ replications: 6 });
    const out = tempDir('stratified-sweep');
    const result = capsim(['sweep', file, '--out', out, '--vary', 'workload.arrivals.poisson.ratePerHour=1,3', '--workers', '1']);
    expect(result.code, result.stderr).toBe(0);
    const dir = join(out, 'stratified');
    const summary = read(dir, 'summary.csv'), comparison = read(dir, 'comparison.csv');
    const rate = 'workload.arrivals.poisson.ratePerHour';
    for (const point of ['1', '3']) {
      const rows = summary.filter((r) => r[rate] === point && r.arm === 'none');
      const n = [0, 1].map((k) => rows.filter((r) => Number(r.stratum) === k).length);
      expect(n).toEqual([2, 4]);
      const weighted = rows.reduce((s, r) => s + (Number(r.stratum_probability) / n[Number(r.stratum)]) * Number(r.vm_downtime_h), 0);
      const all = comparison.find((c) => c[rate] === point && c.arm === 'none' && c.metric === 'vm_downtime_h' && c.stratum === 'all')!;
      expect(all.ci_method).toBe('stratified-bootstrap-percentile');
      expect(Math.abs(Number(all.mean) - weighted)).toBeLessThanOrEqual(roundingTolerance(weighted));
    }
  });
});

describe('bad stratify values (exit 2, nothing written)', () => {
  it.each([
    [{ stratify: { groupOutages: { allocation: [1] } } }, 'stratify.groupOutages.allocation: expected at least two strata'],
    [{ stratify: { groupOutages: { allocation: [1, -2] } } }, 'stratify.groupOutages.allocation[1]: '],
    [{ stratify: { groupOutages: {} } }, 'stratify.groupOutages.allocation: '],
    [{ failures: { preset: 'lanl05' } }, 'stratify.groupOutages: expected failures.groups to configure at least one group outage'],
    [{ horizon: '1h', stratify: { groupOutages: { allocation: [1, 1, 1] } } },
      'stratify.groupOutages.allocation: expected strata each with probability ≥ 0.0001; stratum 2'],
  ])('%j', (override, message) => {
    const file = scenarioFile(override);
    const out = tempDir('stratified-bad');
    const result = capsim(['run', file, '--out', out, '--quiet']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${file}: ${message}`);
    expect(existsSync(join(out, 'stratified'))).toBe(false);
  });
});

