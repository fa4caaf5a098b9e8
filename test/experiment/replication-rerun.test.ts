// manifest.json reproduces a run on its own: `capsim run --replication K` re-runs one replication to the same rows,
// byte for byte, as replication K of the full run; the manifest's resolved scenario validates and runs to the same
// CSVs as the scenario file; the source revision and per-replication seeds are recorded.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { capsim } from '../support/cli.js';
import { tempDir } from '../support/temp-dir.js';

const SHORT = ['--quiet', '--replications', '3', '--set', 'horizon=4d', '--set', 'warmup=1d', '--vm-log', '--workers', '1'];

function runTo(scenario: string, args: string[]): string {
  const out = tempDir('rerun');
  const result = capsim(['run', scenario, '--out', out, ...SHORT, ...args]);
  expect(result.code, result.stderr).toBe(0);
  return join(out, 'nova-vs-vsphere');
}

/** Lines of a CSV whose `replication` column equals k (the header kept), as written. */
function rowsOf(path: string, k: number): string[] {
  const [header, ...lines] = readFileSync(path, 'utf8').trimEnd().split('\n');
  const column = header.split(',').indexOf('replication');
  expect(column).toBeGreaterThanOrEqual(0);
  return [header, ...lines.filter((line) => line.split(',')[column] === String(k))];
}

describe('capsim run --replication K', () => {
  const full = runTo('scenarios/nova-vs-vsphere.yaml', []);

  it('gives the same summary, timeseries, flavor and VM rows as replication K of the full run', () => {
    const k = 1;
    const one = runTo('scenarios/nova-vs-vsphere.yaml', ['--replication', String(k)]);
    for (const file of ['summary.csv', 'timeseries.csv', 'flavors.csv', 'vms.csv']) {
      const expected = rowsOf(join(full, file), k);
      expect(expected.length, file).toBeGreaterThan(1);
      expect(rowsOf(join(one, file), k), file).toEqual(expected);
      expect(readFileSync(join(one, file), 'utf8').trimEnd().split('\n').length, `${file} has only replication ${k}`).toBe(expected.length);
    }
    const manifest = JSON.parse(readFileSync(join(one, 'manifest.json'), 'utf8'));
    expect(manifest.replication).toBe(k);
    expect(manifest.replicationSeeds).toEqual([{ replication: k, streamPrefix: `capsim/1/${k}/` }]);
  });

  it('refuses a replication outside the scenario, exit 2, nothing written', () => {
    const out = tempDir('rerun-bad');
    const result = capsim(['run', 'scenarios/nova-vs-vsphere.yaml', '--out', out, ...SHORT, '--replication', '3']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--replication');
    expect(readFileSyncOrNull(join(out, 'nova-vs-vsphere', 'summary.csv'))).toBeNull();
  });

  it('manifest.json: the resolved scenario has every default filled in; its input re-runs to the same CSVs', () => {
    const manifest = JSON.parse(readFileSync(join(full, 'manifest.json'), 'utf8'));
    expect(manifest.revision.packageVersion).toMatch(/\d/);
    expect(manifest.revision.gitCommit ?? manifest.revision.distHash).toMatch(/^[0-9a-f]{40,64}$/);
    expect(manifest.replicationSeeds.map((s: { replication: number }) => s.replication)).toEqual([0, 1, 2]);
    const resolved = manifest.resolved;
    for (const field of ['fleet', 'workload', 'sampleInterval', 'warmup', 'seed', 'replications']) expect(resolved, field).toHaveProperty(field);
    for (const arm of resolved.arms) {
      expect(arm.release, arm.name).toMatch(/grizzly|queens|modern/);
      expect(arm.nova.ramAllocationRatio, arm.name).toBeGreaterThan(0);
      expect(arm.nova.filters.length, arm.name).toBeGreaterThan(0);
    }
    const file = join(tempDir('resolved'), 'resolved.json');
    writeFileSync(file, JSON.stringify(manifest.input));
    // The input already has horizon, warm-up and replications of the run's --set; SHORT sets them again, the same.
    const again = runTo(file, []);
    for (const name of ['summary.csv', 'comparison.csv', 'timeseries.csv', 'vms.csv']) {
      expect(readFileSync(join(again, name), 'utf8'), name).toBe(readFileSync(join(full, name), 'utf8'));
    }
  });
});

function readFileSyncOrNull(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}
