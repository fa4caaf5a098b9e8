// The library entry point: docs/library.md's example runs as written from a folder that depends on capsim (package.json
// `exports`), and plug-in recovery policies and weighers work through the in-process API.

import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/cli.js';
import { tempDir } from '../support/temp-dir.js';
import { loadPlugins, loadScenario, runScenario, InputError } from '../../src/api/index.js';
import { VM_COLUMNS, EVENT_COLUMNS } from '../../src/experiment/run-result.js';
import { TIMESERIES_COLUMNS } from '../../src/metrics/run-metrics.js';

function docExample(): string {
  const text = readFileSync(join(ROOT, 'docs', 'library.md'), 'utf8');
  const block = /## Load, run, read\n\n```js\n([\s\S]*?)```/.exec(text);
  if (!block) throw new Error('docs/library.md has no js block under "Load, run, read"');
  return block[1];
}

describe('library API', () => {
  it('docs/library.md example runs from a folder that depends on capsim, with the documented output', () => {
    const dir = tempDir('library');
    // A file: dependency is a link to the package folder; node resolves 'capsim' through package.json exports.
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(ROOT, join(dir, 'node_modules', 'capsim'), 'dir');
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'scratch', type: 'module', dependencies: { capsim: `file:${ROOT}` } }));
    cpSync(join(ROOT, 'examples'), join(dir, 'examples'), { recursive: true });
    writeFileSync(join(dir, 'example.mjs'), docExample());
    const result = spawnSync(process.execPath, ['example.mjs'], { cwd: dir, encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
    // examples/headroom.yaml: RamFilter fits 4 × 4 of the 20 requests, HeadroomFilter 4 × 3 (0.75 × 64 GiB / 16 GiB).
    expect(result.stdout.trim().split('\n')).toEqual([
      'ram-filter 0 16 0.2', 'ram-filter 1 16 0.2', 'headroom 0 12 0.4', 'headroom 1 12 0.4', '7 4',
    ]);
    const manifest = JSON.parse(readFileSync(join(dir, 'results', 'headroom-example', 'manifest.json'), 'utf8'));
    expect(manifest.plugins[0].path).toBe('examples/plugins/headroom-filter.js');
  });

  it('a scenario object, in memory, with a plug-in recovery policy (its options) and weigher', async () => {
    const dir = tempDir('library-object');
    writeFileSync(join(dir, 'outages.csv'), 'time_s,target,duration_s\n3600,a-0,3600\n10800,a-1,1800\n');
    const scenario = {
      name: 'plugin-policy', horizon: '6h', initialState: 'empty', replications: 1, sampleInterval: '30m',
      fleet: [{ group: 'a', count: 4, cpus: 32, ramMiB: 65536, diskGiB: 2000 }],
      workload: { arrivals: { poisson: { ratePerHour: 2 } }, lifetime: { exponential: { mean: '100d' } },
        flavors: [{ name: 'm', vcpus: 1, ramMiB: 1024, diskGiB: 10 }] },
      failures: { trace: 'outages.csv' },
      arms: [{ name: 'first-fit', nova: { weighers: [{ lowestId: 1.0 }] }, recovery: { policy: 'outage-log', options: { tag: 'seen' } } }],
    };
    expect(() => loadScenario(scenario, { file: join(dir, 's.yaml') })).toThrow(InputError);
    await loadPlugins([join(ROOT, 'test', 'plugin', 'fixtures', 'outage-log-policy.js')]);
    const loaded = loadScenario(scenario, { file: join(dir, 's.yaml') });
    const { results, summary } = await runScenario(loaded, { vmLog: true, eventLog: true });
    expect(summary).toHaveLength(1);
    const [result] = results;
    // The policy heard both outages of the trace, with its options.
    const logged = result.events.filter((e) => e[EVENT_COLUMNS.indexOf('event')] === 'outage-log-failed');
    expect(logged.map((e) => [e[EVENT_COLUMNS.indexOf('time_s')], e[EVENT_COLUMNS.indexOf('host')], e[EVENT_COLUMNS.indexOf('detail')]]))
      .toEqual([[3600, 'a-0', 'seen'], [10800, 'a-1', 'seen']]);
    // pending_recoveries is the policy's own count: one host down from 1 h to 2 h and from 3 h to 3.5 h.
    const time = TIMESERIES_COLUMNS.indexOf('time_s'), pending = TIMESERIES_COLUMNS.indexOf('pending_recoveries');
    const series = result.timeseries.map((row) => [row[time], row[pending]]);
    expect(series.filter(([, p]) => p !== 0).map(([t]) => t)).toEqual([3600, 5400, 10800]);
    // lowestId packs VMs onto compute node 0 (room for all of them); only while a-0 is down do they go to a-1.
    const host = VM_COLUMNS.indexOf('host'), arrival = VM_COLUMNS.indexOf('arrival_s');
    const placed = result.vms.filter((v) => v[host] !== '');
    expect(placed.filter((v) => Number(v[arrival]) < 3600).length).toBeGreaterThan(0);
    expect(placed.filter((v) => Number(v[arrival]) < 3600).every((v) => v[host] === 'a-0')).toBe(true);
    expect(placed.filter((v) => v[host] !== 'a-0').every((v) => v[host] === 'a-1' && Number(v[arrival]) >= 3600)).toBe(true);
  });
});
