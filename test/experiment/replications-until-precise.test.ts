import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { capsim } from '../support/cli.js';
import { tempDir } from '../support/temp-dir.js';
import { parseRunTargets, targetStatus } from '../../src/experiment/replications-until-precise.js';
import type { RunResult } from '../../src/experiment/run-result.js';
import { InputError } from '../../src/scenario/input-error.js';

describe('parseRunTargets', () => {
  it('reads ±x% as a share of the mean, a bare number as absolute, and "default" as the headline rule', () => {
    expect(parseRunTargets(['rejection_rate=±10%', 'vms_lost=0.5'])).toEqual([
      { metric: 'rejection_rate', halfWidth: 0.1, relative: true },
      { metric: 'vms_lost', halfWidth: 0.5, relative: false },
    ]);
    expect(parseRunTargets(['default'])).toEqual([
      { metric: 'rejection_rate', halfWidth: 0.1, relative: true },
      { metric: 'mean_frag_index', halfWidth: 0.01, relative: false },
      { metric: 'vm_downtime_h', halfWidth: 0.1, relative: true },
      { metric: 'rejection_rate', halfWidth: 0.0005, relative: false, paired: true },
      { metric: 'vm_downtime_h', halfWidth: 0.1, relative: true, paired: true },
      { metric: 'availability', halfWidth: 0.1, relative: true, paired: true },
      { metric: 'vms_data_lost', halfWidth: 0.1, relative: true, paired: true },
    ]);
    expect(() => parseRunTargets(['diff:no_such_metric=10%'])).toThrow(InputError);
  });

  it('judges a diff: target on each arm\'s paired difference to the baseline, not on its mean', () => {
    // Arm b is arm a plus 1 ± 0.01: its mean varies as a does (wide), its difference hardly at all.
    const a = [10, 30, 5, 22, 17, 40, 8, 12, 26, 19];
    const b = a.map((v, i) => v + 1 + (i % 2 === 0 ? 0.01 : -0.01));
    const result = (arm: string, armIndex: number, replication: number, value: number) =>
      ({ arm, armIndex, replication, summary: { vm_downtime_h: value } }) as unknown as RunResult;
    const results = [...a.map((v, r) => result('a', 0, r, v)), ...b.map((v, r) => result('b', 1, r, v))];
    const status = targetStatus(results, parseRunTargets(['vm_downtime_h=10%', 'diff:vm_downtime_h=10%']));
    expect(status.map((s) => [s.arm, s.metric, s.met])).toEqual([
      ['a', 'vm_downtime_h', false], ['b', 'vm_downtime_h', false], ['b', 'diff:vm_downtime_h', true]]);
    const diff = status.find((s) => s.metric === 'diff:vm_downtime_h')!;
    expect(diff.mean).toBeCloseTo(1, 12);
  });

  it('refuses unknown metrics and non-positive widths', () => {
    expect(() => parseRunTargets(['no_such_metric=10%'])).toThrow(InputError);
    expect(() => parseRunTargets(['rejection_rate=0'])).toThrow(InputError);
  });
});

describe('capsim run --target-ci', () => {
  const run = (workers: string) => {
    const out = tempDir('target-ci');
    const result = capsim(['run', 'scenarios/nova-vs-vsphere.yaml', '--out', out, '--quiet', '--arm', 'recovery-none',
      '--arm', 'vcenter-ha-drs', '--set', 'horizon=1d', '--set', 'warmup=0', '--target-ci', 'rejection_rate=±8%',
      '--max-replications', '12', '--workers', workers]);
    expect(result.code, result.stderr).toBe(0);
    return { dir: join(out, 'nova-vs-vsphere'), stderr: result.stderr };
  };

  it('adds replications to every arm alike, reports n, and writes the same bytes for any worker count', () => {
    const one = run('1'), two = run('2');
    for (const file of ['summary.csv', 'comparison.csv']) {
      expect(readFileSync(join(two.dir, file)).equals(readFileSync(join(one.dir, file))), file).toBe(true);
    }
    const summary = parse(readFileSync(join(one.dir, 'summary.csv')), { columns: true }) as Record<string, string>[];
    const manifest = JSON.parse(readFileSync(join(one.dir, 'manifest.json'), 'utf8'));
    const n = manifest.replicationsPerArm;
    expect(n).toBeGreaterThanOrEqual(10);
    expect(n).toBeLessThanOrEqual(12);
    for (const arm of ['recovery-none', 'vcenter-ha-drs']) {
      expect(summary.filter((r) => r.arm === arm).map((r) => Number(r.replication))).toEqual([...Array(n).keys()]);
    }
    const comparison = parse(readFileSync(join(one.dir, 'comparison.csv')), { columns: true }) as Record<string, string>[];
    expect(new Set(comparison.map((r) => Number(r.n)))).toContain(n);
    if (n < 12) expect(manifest.precision.status.every((s: { met: boolean }) => s.met)).toBe(true);
    // The strata warning is printed exactly when no replication saw a configured group outage.
    const groups = manifest.eventStrata.classes.find((c: { metric: string }) => c.metric === 'group_outages');
    expect(one.stderr.includes('configures group outages but none occurred')).toBe(groups.replicationsWithEvent === 0);
  });

  it('refuses a minimum below 10 (exit 2, nothing written)', () => {
    const out = tempDir('target-ci-bad');
    const result = capsim(['run', 'scenarios/nova-vs-vsphere.yaml', '--out', out, '--quiet', '--target-ci', 'default',
      '--min-replications', '5']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--min-replications: expected an integer ≥ 10, got 5/);
    expect(existsSync(join(out, 'nova-vs-vsphere'))).toBe(false);
  });
});
