// Invariants on random small worlds: no host holds more than Nova's rules allow (checked against limits computed
// here, independently of the model), every request is counted exactly once, every VM ends in exactly one state.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { runReplication } from '../../src/experiment/run-replication.js';
import { scenarioFrom } from '../support/scenario.js';

const OUTCOMES = new Set(['rejected_no_valid_host', 'rejected_late', 'rejected_admission', 'departed', 'running', 'down', 'lost']);

const arbitraryScenario = fc.record({
  hosts: fc.array(fc.record({ count: fc.integer({ min: 1, max: 4 }), cpus: fc.integer({ min: 2, max: 16 }),
    ramGiB: fc.integer({ min: 2, max: 32 }), diskGiB: fc.integer({ min: 20, max: 400 }) }), { minLength: 1, maxLength: 3 }),
  flavors: fc.array(fc.record({ vcpus: fc.integer({ min: 1, max: 8 }), ramGiB: fc.integer({ min: 1, max: 16 }),
    diskGiB: fc.integer({ min: 0, max: 100 }), weight: fc.integer({ min: 1, max: 5 }) }), { minLength: 1, maxLength: 3 }),
  release: fc.constantFrom('grizzly', 'queens', 'modern'),
  ratio: fc.constantFrom(1.0, 1.5),
  cpuRatio: fc.constantFrom(1.0, 4.0),
  reserved: fc.constantFrom(0, 512),
  weigher: fc.constantFrom([], [{ ram: 1 }], [{ ram: -1 }], [{ ram: 1 }, { cpu: -2 }]),
  filters: fc.constantFrom(['RamFilter'], ['RamFilter', 'CoreFilter', 'DiskFilter', 'ComputeFilter'], ['RetryFilter', 'RamFilter', 'CoreFilter']),
  subset: fc.integer({ min: 1, max: 3 }),
  rate: fc.integer({ min: 5, max: 60 }),
  seed: fc.integer({ min: 0, max: 1000 }),
  initialState: fc.constantFrom('equilibrium', 'empty'),
});

describe('invariants', () => {
  it('hold for random fleets, flavors and Nova configurations', () => {
    fc.assert(
      fc.property(arbitraryScenario, (p) => {
        const loaded = scenarioFrom({
          name: 'prop', horizon: '2d', seed: p.seed, replications: 1, initialState: p.initialState, sampleInterval: '6h', release: p.release,
          fleet: p.hosts.map((h, i) => ({ group: `g${i}`, count: h.count, cpus: h.cpus, ramMiB: h.ramGiB * 1024, diskGiB: h.diskGiB })),
          workload: {
            arrivals: { poisson: { ratePerHour: p.rate } },
            lifetime: { exponential: { mean: '6h' } },
            flavors: p.flavors.map((f, i) => ({ name: `f${i}`, vcpus: f.vcpus, ramMiB: f.ramGiB * 1024, diskGiB: f.diskGiB, weight: f.weight })),
          },
          arms: [{ name: 'a', nova: { ramAllocationRatio: p.ratio, cpuAllocationRatio: p.cpuRatio, reservedHostMemoryMiB: p.reserved,
            weighers: p.weigher, filters: p.filters, hostSubsetSize: p.subset } }],
        });
        const result = runReplication(loaded, 0, 0, { vmLog: true, eventLog: false, timeseries: false });
        const s = result.summary;
        // Every request counted once (the equilibrium start's VMs arrived before t = 0 and are not requests).
        expect(s.placed + s.rejected_no_valid_host + s.rejected_late + s.rejected_admission).toBe(s.requests);
        const counted = result.vms.filter((r) => (r[4] as number) >= 0);
        expect(counted.length).toBe(s.requests);
        if (p.initialState === 'empty') expect(counted.length).toBe(result.vms.length);
        const ids = result.vms.map((r) => r[0] as number);
        expect(new Set(ids).size).toBe(ids.length);
        expect(Math.max(-1, ...ids)).toBe(ids.length - 1);
        // Every VM in exactly one final state, consistent with the counters.
        for (const row of result.vms) expect(OUTCOMES.has(row[5] as string)).toBe(true);
        const count = (o: string) => counted.filter((r) => r[5] === o).length;
        expect(count('departed') + count('running')).toBe(s.placed);
        expect(count('rejected_no_valid_host')).toBe(s.rejected_no_valid_host);
        // Capacity: the VMs running at the horizon fit each host under the era's rules, computed independently.
        const fleet = loaded.scenario.fleet.flatMap((g) => Array.from({ length: g.count }, (_, n) => ({ name: `${g.group}-${n}`, ...g })));
        const placement = p.release !== 'grizzly';
        const usesFilter = (f: string) => p.release !== 'modern' && (p.filters as readonly string[]).includes(f);
        for (const host of fleet) {
          const vms = result.vms.filter((r) => r[5] === 'running' && r[6] === host.name);
          const flavorOf = (r: (string | number)[]) => loaded.scenario.workload.flavors.find((f) => f.name === r[3])!;
          const ram = vms.reduce((sum, r) => sum + flavorOf(r).ramMiB, 0);
          const cpu = vms.reduce((sum, r) => sum + flavorOf(r).vcpus, 0);
          const disk = vms.reduce((sum, r) => sum + flavorOf(r).diskGiB, 0);
          const ramLimits = [
            placement ? (host.ramMiB - p.reserved) * p.ratio : Infinity,
            usesFilter('RamFilter') ? (placement ? (host.ramMiB - p.reserved) * p.ratio : host.ramMiB * p.ratio - p.reserved) : Infinity,
          ];
          expect(ram).toBeLessThanOrEqual(Math.min(...ramLimits));
          if (placement || usesFilter('CoreFilter')) expect(cpu).toBeLessThanOrEqual(host.cpus * p.cpuRatio);
          if (placement || usesFilter('DiskFilter')) expect(disk).toBeLessThanOrEqual(host.diskGiB);
        }
      }),
      { numRuns: 60 },
    );
  });
});
