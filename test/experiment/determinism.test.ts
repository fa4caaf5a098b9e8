import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { capsim } from '../support/cli.js';
import { parse } from 'csv-parse/sync';

function runTo(args: string[]): string {
  const out = mkdtempSync(join(tmpdir(), 'capsim-det-'));
  const result = capsim(['run', 'scenarios/nova-vs-vsphere.yaml', '--out', out, '--quiet', '--replications', '2',
    '--set', 'horizon=6d', '--set', 'warmup=1d', '--vm-log', '--event-log', ...args]);
  expect(result.code, result.stderr).toBe(0);
  return join(out, 'nova-vs-vsphere');
}

describe('reproducibility', () => {
  it('same scenario and seed give byte-identical CSVs; another seed gives other numbers', () => {
    const a = runTo([]);
    const b = runTo([]);
    const c = runTo(['--seed', '2']);
    const csvs = readdirSync(a).filter((f) => f.endsWith('.csv')).sort();
    expect(csvs).toEqual(['comparison.csv', 'events.csv', 'flavors.csv', 'summary.csv', 'timeseries.csv', 'vms.csv']);
    for (const file of csvs) expect(readFileSync(join(b, file)).equals(readFileSync(join(a, file))), file).toBe(true);
    expect(readFileSync(join(c, 'summary.csv'), 'utf8')).not.toBe(readFileSync(join(a, 'summary.csv'), 'utf8'));
    const manifest = JSON.parse(readFileSync(join(a, 'manifest.json'), 'utf8'));
    expect(manifest.scenarioHash).toMatch(/^[0-9a-f]{64}$/);
    expect(manifest.wallTimeSeconds).toBeGreaterThan(0);
  });

  it('every arm of a replication sees the same requests (common random numbers)', () => {
    const dir = runTo([]);
    const rows = parse(readFileSync(join(dir, 'vms.csv')), { columns: true }) as Record<string, string>[];
    const key = (r: Record<string, string>) => `${r.replication}/${r.id}`;
    const arms = [...new Set(rows.map((r) => r.arm))];
    expect(arms.length).toBeGreaterThan(1);
    const first = new Map(rows.filter((r) => r.arm === arms[0]).map((r) => [key(r), `${r.flavor}@${r.arrival_s}`]));
    for (const arm of arms.slice(1)) {
      const other = rows.filter((r) => r.arm === arm);
      expect(other.length).toBe(first.size);
      for (const r of other) expect(`${r.flavor}@${r.arrival_s}`).toBe(first.get(key(r)));
    }
  });
});
