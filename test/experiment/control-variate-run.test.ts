// capsim run with controlVariates: summary.csv carries each replication's covariates (the same in every arm), the
// manifest their expectations, and together they give comparison.csv's regression estimate; bad combinations exit 2.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { stringify } from 'yaml';
import { controlVariateT } from '../../src/metrics/control-variate-estimate.js';
import { capsim } from '../support/cli.js';
import { tempDir } from '../support/temp-dir.js';

const SCENARIO = {
  name: 'cv-run', horizon: '10d', seed: 3, replications: 16, sampleInterval: '1d',
  fleet: [{ group: 'a', count: 3, cpus: 16, ramMiB: 32768, diskGiB: 500 }, { group: 'b', count: 3, cpus: 16, ramMiB: 32768, diskGiB: 500 }],
  workload: { arrivals: { poisson: { ratePerHour: 2 } }, lifetime: { exponential: { mean: '1d' } },
    flavors: [{ name: 'f', vcpus: 2, ramMiB: 4096, diskGiB: 20 }] },
  failures: { hostFailure: { exponential: { mean: '20d' } }, repair: { uniform: { min: '1h', max: '8h' } },
    groups: [{ group: 'b', failure: { exponential: { mean: '30d' } }, repair: { uniform: { min: '2h', max: '6h' } } }] },
  stratify: { groupOutages: { allocation: [1, 1] } },
  controlVariates: ['hostFailures', 'groupOutages'],
  arms: [{ name: 'none' }, { name: 'evacuate', recovery: { novaEvacuate: { trigger: 'manual', storage: 'shared' } } }],
};

function scenarioFile(overrides: Record<string, unknown> = {}): string {
  const file = join(tempDir('cv-scenario'), 'cv-run.yaml');
  writeFileSync(file, stringify({ ...SCENARIO, ...overrides }));
  return file;
}

type Row = Record<string, string>;
const read = (dir: string, file: string) => parse(readFileSync(join(dir, file)), { columns: true }) as Row[];

describe('capsim run with controlVariates', () => {
  const file = scenarioFile();
  const run = (workers: string) => {
    const out = tempDir('cv-run');
    const result = capsim(['run', file, '--out', out, '--quiet', '--workers', workers]);
    expect(result.code, result.stderr).toBe(0);
    return join(out, 'cv-run');
  };
  const one = run('1');

  it('writes the same bytes for any worker count', () => {
    const two = run('2');
    for (const name of ['summary.csv', 'comparison.csv']) {
      expect(readFileSync(join(two, name)).equals(readFileSync(join(one, name))), name).toBe(true);
    }
  });

  it('summary.csv\'s covariates and the manifest\'s expectations give comparison.csv\'s estimate', () => {
    const summary = read(one, 'summary.csv'), comparison = read(one, 'comparison.csv');
    const manifest = JSON.parse(readFileSync(join(one, 'manifest.json'), 'utf8'));
    const cv = manifest.stratification.controlVariates;
    const names: string[] = cv.covariates.map((c: { name: string }) => c.name);
    expect(names).toEqual(['cv_host_failures_a', 'cv_host_repair_excess_h_a', 'cv_host_failures_b',
      'cv_host_repair_excess_h_b', 'cv_group_outages_b', 'cv_group_repair_excess_h_b']);
    const none = summary.filter((r) => r.arm === 'none'), evacuate = summary.filter((r) => r.arm === 'evacuate');
    // Exogenous: the same covariates in every arm of a replication.
    none.forEach((r, i) => names.forEach((n) => expect(evacuate[i][n]).toBe(r[n])));
    const design = { labels: ['no_group_outage', 'group_outage'],
      probabilities: manifest.stratification.strata.map((s: { probability: number }) => s.probability), draws: 0 };
    const means = design.labels.map((_, k) => cv.covariates.map((c: { expected: number[] }) => c.expected[k]));
    const q = names.length;
    const estimate = controlVariateT(none.map((r) => Number(r.vm_downtime_h)), none.map((r) => Number(r.stratum)),
      none.map((r) => names.map((n) => Number(r[n]))), design,
      { names, means, meanCovariance: Array.from({ length: 2 * q }, () => new Array<number>(2 * q).fill(0)) });
    const row = comparison.find((c) => c.arm === 'none' && c.metric === 'vm_downtime_h' && c.stratum === 'all')!;
    expect(row.ci_method).toBe('stratified-cv-t');
    // The CSV keeps 6 decimals of each covariate and value.
    expect(Math.abs(Number(row.mean) - estimate.mean)).toBeLessThanOrEqual(1e-4 * Math.abs(estimate.mean) + 1e-4);
    const diff = comparison.find((c) => c.arm === 'evacuate' && c.metric === 'vm_downtime_h' && c.stratum === 'all')!;
    expect(diff.diff_ci_method).toBe('stratified-cv-t');
    // Per-stratum rows stay plain.
    expect(comparison.find((c) => c.arm === 'none' && c.stratum === 'group_outage')!.ci_method).toBe('bootstrap-percentile');
  });

  it('leaves summary.csv and comparison.csv as without the option when it is absent', () => {
    const plainFile = scenarioFile({ controlVariates: undefined });
    const out = tempDir('cv-plain');
    expect(capsim(['run', plainFile, '--out', out, '--quiet']).code).toBe(0);
    const header = readFileSync(join(out, 'cv-run', 'summary.csv'), 'utf8').split('\n')[0];
    expect(header).not.toContain('cv_');
    expect(read(join(out, 'cv-run'), 'comparison.csv').find((c) => c.stratum === 'all')!.ci_method)
      .toBe('stratified-bootstrap-percentile');
  });
});

describe('bad controlVariates values (exit 2, nothing written)', () => {
  it.each([
    [{ stratify: undefined }, 'controlVariates: expected stratify.groupOutages beside controlVariates'],
    [{ failures: { groups: SCENARIO.failures.groups } },
      'controlVariates: expected failures.hostFailure or failures.preset for the hostFailures control variates'],
    [{ controlVariates: ['arrivals'] }, 'controlVariates[0]: '],
  ])('%j', (override, message) => {
    const file = scenarioFile(override);
    const out = tempDir('cv-bad');
    const result = capsim(['run', file, '--out', out, '--quiet']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${file}: ${message}`);
    expect(existsSync(join(out, 'cv-run'))).toBe(false);
  });
});
