// Property: under storms of simultaneous failures, with any recovery policy, every affected VM ends exactly one way
// (recovered, lost, departed while down, or still down at the horizon) and no host ever holds more than its limits
// (World.place throws a CapacityViolation if a recovery overfills a host, which would fail the run).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { conservationGap, loadWithFiles, runArm, vmRows } from './run-helpers.js';

const recoveries = [
  'none',
  { novaEvacuate: { trigger: 'manual', target: 'scheduler', storage: 'local', operatorDelay: { exponential: { mean: 600 } }, parallelism: 3 } },
  { novaEvacuate: { trigger: 'manual', target: 'admin', operatorDelay: { constant: 0 }, rebuild: { uniform: { min: 5, max: 200 } } } },
  { novaEvacuate: { trigger: 'manual', target: 'reserved', reservedHosts: 2, operatorDelay: { constant: 120 } } },
  { novaEvacuate: { trigger: 'masakari', rebuild: { exponential: { mean: 60 } }, masakari: { method: 'auto' } } },
  { novaEvacuate: { trigger: 'masakari', storage: 'local', reservedHosts: 2, masakari: { method: 'reserved_host', recoveryThreads: 5 } } },
  { novaEvacuate: { trigger: 'masakari', reservedHosts: 1, masakari: { method: 'auto_priority' } } },
  { novaEvacuate: { trigger: 'masakari', reservedHosts: 2, masakari: { method: 'rh_priority', evacuateAllInstances: false } } },
];

const storm = fc.record({
  hosts: fc.integer({ min: 3, max: 12 }),
  ratePerHour: fc.integer({ min: 5, max: 60 }),
  release: fc.constantFrom('grizzly', 'queens', 'modern'),
  stack: fc.boolean(),
  recovery: fc.integer({ min: 0, max: recoveries.length - 1 }),
  // Bursts: many hosts failing at one instant, some of them again while already down.
  failures: fc.array(fc.record({
    time: fc.integer({ min: 0, max: 40 }).map((k) => k * 1800),
    target: fc.oneof(fc.integer({ min: 0, max: 11 }), fc.constant(-1)),
    duration: fc.integer({ min: 1, max: 30000 }),
  }), { minLength: 1, maxLength: 40 }),
  seed: fc.integer({ min: 0, max: 1000 }),
});

describe('recovery storms', () => {
  it('conserve affected VMs, keep pending ⊆ down, and never exceed capacity', () => {
    fc.assert(fc.property(storm, (s) => {
      const rows = s.failures.map((f) => `${f.time},${f.target < 0 ? 'h' : `h-${f.target % s.hosts}`},${f.duration}`);
      const loaded = loadWithFiles({
        name: 'storm', horizon: '1d', seed: s.seed, replications: 1, sampleInterval: '1h', release: s.release,
        fleet: [{ group: 'h', count: s.hosts, cpus: 16, ramMiB: 32768, diskGiB: 500 }],
        workload: { arrivals: { poisson: { ratePerHour: s.ratePerHour } }, lifetime: { exponential: { mean: '6h' } },
          flavors: [{ name: 'small', vcpus: 1, ramMiB: 2048, diskGiB: 20, weight: 3 }, { name: 'large', vcpus: 4, ramMiB: 8192, diskGiB: 80 }],
          haPriority: { high: 1, medium: 3 } },
        failures: { trace: 'failures.csv', managementPlane: { failure: { exponential: { mean: '12h' } }, repair: { constant: '10m' } } },
        arms: [{ name: 'arm', recovery: recoveries[s.recovery], ...(s.stack ? { nova: { weighers: [{ ram: -1 }] } } : {}),
          // masakari needs Nova API 2.53 (Pike+): under a grizzly scenario its arm runs the queens profile.
          ...(s.release === 'grizzly' && JSON.stringify(recoveries[s.recovery]).includes('masakari') ? { release: 'queens' } : {}) }],
      }, { 'failures.csv': `time_s,target,duration_s\n${rows.join('\n')}\n` });
      const result = runArm(loaded);
      const summary = result.summary;
      expect(conservationGap(summary)).toBe(0);
      expect(summary.vms_data_lost).toBeLessThanOrEqual(summary.vms_recovered);
      for (const vm of vmRows(result)) {
        expect(vm.downtime_s as number).toBeGreaterThanOrEqual(0);
        if (vm.outcome === 'rejected_no_valid_host' || vm.outcome === 'rejected_late') expect(vm.recoveries).toBe(0);
      }
      // A VM pending recovery is a VM that is down.
      for (const row of result.timeseries) expect(row[14] as number).toBeLessThanOrEqual(row[4] as number);
    }), { numRuns: 150, seed: 20240601 });
  });
});
