// vSphere arms keep a placed VM as its record only, as KVM arms do (World.keepAsRecord): admission control's terms,
// DRS's movable VMs and the plans that make room for HA read sizes from the records and a dropped VM's reservations as
// 0 (Vm.plain), and rebuild an object only for a VM that moves or goes down. The results must not depend on it: storms
// with DRS moves, HA restarts, room made by vMotion and flavors with and without reservations run both ways.

import { afterEach, describe, expect, it, vi } from 'vitest';
import { runReplication } from '../../src/experiment/run-replication.js';
import { World } from '../../src/model/world.js';
import { DrsBalancer } from '../../src/vsphere/drs-balancer.js';
import { scenarioFrom } from '../support/scenario.js';

afterEach(() => vi.restoreAllMocks());

/** 6 racks of 4 hosts as 4-host clusters, busy, with host failures and rack outages; one flavor reserves CPU and
 *  memory, so its VMs keep their objects while the others' are dropped. */
function storm(seed: number, admissionControl: 'default' | 'none') {
  return scenarioFrom({
    name: 'storm', horizon: '4d', warmup: 0, seed, replications: 1, sampleInterval: '30m', release: 'grizzly',
    fleet: Array.from({ length: 6 }, (_, r) => ({ group: `rack${r}`, count: 4, cpus: 32, ramMiB: 65536, diskGiB: 1000, az: 'az1' })),
    workload: {
      arrivals: { poisson: { ratePerHour: 12 } },
      lifetime: { exponential: { mean: '16h' } },
      flavors: [
        { name: 'small', vcpus: 2, ramMiB: 4096, diskGiB: 20, weight: 45 },
        { name: 'reserved', vcpus: 4, ramMiB: 8192, diskGiB: 40, weight: 15,
          extraSpecs: { 'quota:memory_reservation': 6144, 'quota:cpu_reservation': 2400 } },
        { name: 'large', vcpus: 8, ramMiB: 16384, diskGiB: 80, weight: 30 },
        { name: 'huge', vcpus: 16, ramMiB: 40960, diskGiB: 160, weight: 10 },
      ],
      haPriority: { high: 20, medium: 70, disabled: 10 },
    },
    failures: {
      hostFailure: { exponential: { mean: '2d' } },
      repair: { lognormal: { median: '2h', sigma: 1 } },
      groups: Array.from({ length: 6 }, (_, r) => ({ group: `rack${r}`, failure: { exponential: { mean: '3d' } },
        repair: { uniform: { min: '20m', max: '3h' } } })),
    },
    arms: [{ name: 'vc', platform: { vcenter: { clusterSize: 4, memoryOvercommit: 1.25 } }, drs: { interval: '5m', threshold: 4 },
      recovery: { vsphereHa: admissionControl === 'default' ? { restartDelay: '30s' } : { admissionControl, restartDelay: '30s' } } }],
  });
}

describe('vSphere VMs kept as records', () => {
  it('storms give the same rows with and without Vm objects (4 seeds, two admission policies, with and without the logs)', () => {
    const kept = vi.spyOn(World.prototype, 'keepAsRecord');
    const room = vi.spyOn(DrsBalancer.prototype, 'makeRoom');
    let placed = 0, dropped = 0, migrations = 0, roomMade = 0;
    for (const admissionControl of ['default', 'none'] as const) {
      for (let seed = 1; seed <= 4; seed++) {
        const loaded = storm(seed, admissionControl);
        for (const logs of [true, false]) {
          const options = { vmLog: logs, eventLog: logs, timeseries: true, fastPath: true };
          const before = kept.mock.calls.length;
          const records = runReplication(loaded, 0, 0, options);
          const afterRecords = kept.mock.calls.length;
          dropped += afterRecords - before;
          const objects = runReplication(loaded, 0, 0, { ...options, keepRecordsOnly: false });
          expect(kept.mock.calls.length).toBe(afterRecords);
          placed += records.summary.placed;
          migrations += records.summary.migrations;
          expect(records.summary).toEqual(objects.summary);
          expect(records.timeseries).toEqual(objects.timeseries);
          expect(records.vms).toEqual(objects.vms);
          expect(records.events).toEqual(objects.events);
        }
      }
    }
    roomMade = room.mock.results.filter((r) => r.value === true).length;
    // Most VMs were dropped (those of the reserved flavor were not), DRS moved VMs and made room for HA restarts.
    expect(dropped).toBeGreaterThan(placed / 2);
    expect(dropped).toBeLessThan(placed);
    expect(migrations).toBeGreaterThan(0);
    expect(roomMade).toBeGreaterThan(0);
  });
});
