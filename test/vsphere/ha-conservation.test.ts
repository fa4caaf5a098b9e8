// Recovery storms under vSphere HA: many hosts failing at once, repairs, departures and vMotions interleaved.
// Every affected VM ends recovered, lost, departed or still down; no host ever holds more than its limit.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { group, testRun } from './harness.js';

const GiB = 1024;

describe('vSphere HA conservation', () => {
  it('accounts every affected VM once and never exceeds a host\'s capacity', () => {
    fc.assert(fc.property(
      fc.integer({ min: 2, max: 8 }), // hosts
      fc.integer({ min: 2, max: 4 }), // cluster size
      fc.array(fc.tuple(fc.integer({ min: 1, max: 16 }), fc.integer({ min: 60, max: 20_000 }), fc.integer({ min: 0, max: 5 })),
        { minLength: 1, maxLength: 60 }), // VM GiB, lifetime, priority index
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1000, max: 3000 }), fc.integer({ min: 10, max: 9000 })),
        { minLength: 1, maxLength: 10 }), // host, failure time (coarse, so several coincide), repair after
      fc.integer({ min: 1, max: 5 }),
      (hosts, clusterSize, vms, failures, threshold) => {
        const run = testRun({
          fleet: [group('esx', hosts, 32 * GiB)],
          arms: [{ name: 'ha', platform: { vcenter: { clusterSize } }, drs: { threshold, interval: '5m' },
            recovery: { vsphereHa: { admissionControl: 'none', retryDelays: [60, 180, 420, 900] } } }],
        });
        const priorities = ['highest', 'high', 'medium', 'low', 'lowest', 'disabled'];
        vms.forEach(([g, lifetime, p], i) => run.at(i * 10, () => run.request(g * GiB, { lifetime, priority: priorities[p] })));
        for (const [h, t, repairAfter] of failures) {
          const name = `esx-${h % hosts}`;
          const time = Math.round(t / 500) * 500; // coincident failures
          run.at(time, () => run.fail(name));
          run.at(time + repairAfter, () => run.repair(name));
        }
        const { world, metrics } = run.context;
        const check = () => {
          for (const host of world.hosts) {
            if (host.usedRamMiB > host.capRamMiB || host.usedVcpus > host.capVcpus) throw new Error(`${host.name} over capacity`);
          }
          expect(metrics.runningVms + metrics.downVms).toBe(world.vms.size);
          expect(run.recovery?.pending).toBeGreaterThanOrEqual(0);
          // Each live VM is resident on exactly the host it names, and no host lists anything else.
          for (const vm of world.vms.values()) expect([...world.residents(world.hosts[vm.host])]).toContain(vm.id);
          expect(world.hosts.reduce((s, h) => s + world.residentCount(h), 0)).toBe(world.vms.size);
        };
        for (let t = 5; t < 40_000; t += 97) run.at(t, check);
        run.run(40_000);
        check();
        // Every host is repaired by now and every failure long detected: nothing is left waiting.
        expect(run.recovery?.pending).toBe(0);
        expect(metrics.downVms).toBe(0);
        expect(metrics.vmsAffected).toBe(metrics.vmsRecovered + metrics.vmsLost + run.departedDown + metrics.downVms);
      },
    ), { numRuns: 150 });
  });
});
