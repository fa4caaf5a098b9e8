// End to end: random scenarios (fleets, workloads, Nova configurations) write byte-identical CSVs with the
// scheduler's fast path on and off, vms.csv included.

import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveScenario } from '../../src/scenario/load-scenario.js';
import { runScenario } from '../../src/experiment/run-scenario.js';
import { writeResults } from '../../src/output/write-results.js';
import { FILTER_NAMES } from '../../src/nova/config-schema.js';

const root = mkdtempSync(join(tmpdir(), 'capsim-fast-path-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const group = fc.record({
  count: fc.integer({ min: 1, max: 12 }),
  cpus: fc.constantFrom(4, 8, 16),
  ramMiB: fc.constantFrom(8192, 16384, 32768),
  diskGiB: fc.constantFrom(100, 400),
  az: fc.constantFrom('az1', 'az2'),
});
const flavor = fc.record({
  vcpus: fc.constantFrom(1, 2, 4),
  ramMiB: fc.constantFrom(1024, 2048, 4096, 8192),
  diskGiB: fc.constantFrom(10, 40),
  weight: fc.integer({ min: 1, max: 5 }),
});
const arm = fc.record({
  // undefined: the release's default list (queens: RAM + disk; modern: RAM, CPU, disk, build failure).
  weighers: fc.constantFrom(undefined, [], [{ ram: 1 }], [{ ram: -1 }], [{ cpu: 1 }], [{ disk: -1 }], [{ ram: 1 }, { cpu: 1 }],
    [{ ram: 1 }, { cpu: -2 }, { buildFailure: 1e6 }]),
  filters: fc.option(fc.shuffledSubarray([...FILTER_NAMES]), { nil: undefined }),
  hostSubsetSize: fc.constantFrom(1, 1, 2, 3),
  weightNormalisation: fc.constantFrom('none', 'max'),
  capacityCheck: fc.constantFrom('filters', 'placement', 'placement+filters'),
  ramAllocationRatio: fc.constantFrom(1, 1.5),
});

const scenario = fc.record({
  release: fc.constantFrom('grizzly', 'queens', 'modern'),
  groups: fc.array(group, { minLength: 1, maxLength: 3 }),
  flavors: fc.array(flavor, { minLength: 1, maxLength: 3 }),
  ratePerHour: fc.constantFrom(5, 20, 60),
  arms: fc.array(arm, { minLength: 1, maxLength: 2 }),
  seed: fc.nat({ max: 1000 }),
}).map((s) => ({
  name: 'fast-path-equivalence',
  horizon: '3d',
  warmup: '6h',
  seed: s.seed,
  replications: 2,
  sampleInterval: '2h',
  release: s.release,
  fleet: s.groups.map((g, i) => ({ group: `g${i}`, ...g })),
  workload: {
    arrivals: { poisson: { ratePerHour: s.ratePerHour } },
    lifetime: { lognormal: { median: '12h', sigma: 1 } },
    flavors: s.flavors.map((f, i) => ({ name: `f${i}`, ...f })),
  },
  arms: s.arms.map((a, i) => ({ name: `arm${i}`, platform: 'kvm', nova: Object.fromEntries(Object.entries(a).filter(([, v]) => v !== undefined)) })),
}));

async function csvs(raw: object, fastPath: boolean, dir: string): Promise<Record<string, string>> {
  const loaded = resolveScenario(raw, 'generated.yaml');
  const options = { vmLog: true, eventLog: false, timeseries: true, fastPath };
  const results = runScenario(loaded, options);
  const out = await writeResults(join(root, dir), loaded, results, { ...options, commandLine: [], wallTimeSeconds: 0 });
  return Object.fromEntries(readdirSync(out).filter((f) => f.endsWith('.csv')).map((f) => [f, readFileSync(join(out, f), 'utf8')]));
}

describe('fast path end to end', () => {
  it('random scenarios write byte-identical CSVs with the fast path on and off', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(scenario, async (raw) => {
        run++;
        const [fast, reference] = await Promise.all([csvs(raw, true, `fast-${run}`), csvs(raw, false, `ref-${run}`)]);
        expect(Object.keys(fast).sort()).toEqual(['comparison.csv', 'flavors.csv', 'summary.csv', 'timeseries.csv', 'vms.csv']);
        for (const file of Object.keys(reference)) expect(fast[file], file).toBe(reference[file]);
      }),
      { numRuns: 40 },
    );
  });
});
