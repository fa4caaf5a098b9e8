// The example plug-in (examples/plugins/headroom-filter.js) through the command line: its filter changes placement by
// exactly what its rule implies, with any worker count, and manifest.json records the file it ran with.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { capsim, ROOT } from '../support/cli.js';
import { tempDir } from '../support/temp-dir.js';

const PLUGIN = 'examples/plugins/headroom-filter.js';
const SCENARIO = 'examples/headroom.yaml';
const CSVS = ['summary.csv', 'comparison.csv', 'flavors.csv', 'timeseries.csv', 'vms.csv', 'events.csv'];

function run(workers: number): string {
  const out = tempDir(`headroom-w${workers}`);
  const { code, stderr } = capsim(['run', '--plugin', PLUGIN, SCENARIO, '--out', out, '--workers', String(workers),
    '--vm-log', '--event-log', '--quiet']);
  expect(code, stderr).toBe(0);
  return join(out, 'headroom-example');
}

describe('example plug-in: HeadroomFilter', () => {
  const one = run(1);

  it('places exactly what RamFilter and the 75 % headroom allow', () => {
    const rows = parse(readFileSync(join(one, 'summary.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    const byArm = Object.fromEntries(rows.map((r) => [r.arm, r]));
    // examples/headroom.yaml: 4 hosts of 65536 MiB, 20 requests of 16384 MiB, none departing, no reserve, ratio 1.0.
    const hosts = 4, hostMiB = 65536, vmMiB = 16384, requests = 20;
    const ramFilterFit = hosts * Math.floor(hostMiB / vmMiB);
    const headroomFit = hosts * Math.floor((0.75 * hostMiB) / vmMiB);
    expect(Number(byArm['ram-filter'].requests)).toBe(requests);
    expect(Number(byArm['ram-filter'].placed)).toBe(Math.min(requests, ramFilterFit));
    expect(Number(byArm.headroom.placed)).toBe(Math.min(requests, headroomFit));
    expect(Number(byArm.headroom.placed)).toBe(12);
    // No host of the headroom arm holds a fourth VM.
    const vms = parse(readFileSync(join(one, 'vms.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    const perHost = new Map<string, number>();
    for (const vm of vms.filter((v) => v.arm === 'headroom' && v.host !== '')) perHost.set(vm.host, (perHost.get(vm.host) ?? 0) + 1);
    expect([...perHost.values()].sort()).toEqual([3, 3, 3, 3]);
  });

  it('gives byte-identical CSVs with 2 worker threads (each thread loads the plug-in)', () => {
    const two = run(2);
    for (const file of CSVS) expect(readFileSync(join(two, file), 'utf8'), file).toBe(readFileSync(join(one, file), 'utf8'));
  });

  it('lists the plug-in in manifest.json with the sha256 of its bytes', () => {
    const manifest = JSON.parse(readFileSync(join(one, 'manifest.json'), 'utf8')) as { plugins: { path: string; sha256: string }[] };
    const sha256 = createHash('sha256').update(readFileSync(join(ROOT, PLUGIN))).digest('hex');
    expect(manifest.plugins).toEqual([{ path: PLUGIN, sha256 }]);
  });

  it('a sharded sweep with --plugin merges into a manifest.json that lists the plug-in, as one machine\'s sweep does', () => {
    const base = tempDir('headroom-sweep');
    const sweep = (out: string, ...extra: string[]) => {
      const r = capsim(['sweep', '--plugin', PLUGIN, SCENARIO, '--vary', 'arms.headroom.nova.ramAllocationRatio=1.0,1.5',
        '--out', out, '--quiet', ...extra]);
      expect(r.code, r.stderr).toBe(0);
    };
    const shards = [0, 1].map((i) => join(base, `shard${i}`));
    shards.forEach((dir, i) => sweep(dir, '--shard', `${i}/2`));
    const merged = capsim(['merge', ...shards, '--out', join(base, 'merged'), '--quiet']);
    expect(merged.code, merged.stderr).toBe(0);
    sweep(join(base, 'one'));
    const sha256 = createHash('sha256').update(readFileSync(join(ROOT, PLUGIN))).digest('hex');
    for (const dir of ['merged', 'one']) {
      const manifest = JSON.parse(readFileSync(join(base, dir, 'headroom-example', 'manifest.json'), 'utf8')) as { plugins?: unknown };
      expect(manifest.plugins, dir).toEqual([{ path: PLUGIN, sha256 }]);
    }
  });

  it('the scenario does not validate without --plugin, and does with it', () => {
    const without = capsim(['validate', SCENARIO]);
    expect(without.code).toBe(2);
    expect(without.stderr).toContain(`${SCENARIO}: arms[1].nova.filters[5]: unknown filter "HeadroomFilter"`);
    const withIt = capsim(['validate', '--plugin', PLUGIN, SCENARIO]);
    expect(withIt.code, withIt.stderr).toBe(0);
  });
});
