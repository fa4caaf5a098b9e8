// vSphere arms keep a placed VM as its record only, as KVM arms do (World.keepAsRecord): admission control's terms,
// DRS's movable VMs and the plans that make room for HA read sizes from the records and a dropped VM's reservations as
// 0 (Vm.plain), and rebuild an object only for a VM that moves or goes down. The results must not depend on it: storms
// with DRS moves, HA restarts, room made by vMotion and flavors with and without reservations run both ways.

import { afterEach, describe, expect, it, vi } from 'vitest';
import { runReplication } from '../../src/experiment/run-replication.js';
import { World } from '../../src/model/world.js';
import { DrsBalancer } from '../../src/vsphere/drs-balancer.js';
import { STORM_FLAVORS, storm } from './storm.js';

afterEach(() => vi.restoreAllMocks());

/** The storm's flavors and one that reserves CPU and memory, so that its VMs keep their objects while the others'
 *  are dropped. */
const FLAVORS = [...STORM_FLAVORS, { name: 'reserved', vcpus: 4, ramMiB: 8192, diskGiB: 40, weight: 15,
  extraSpecs: { 'quota:memory_reservation': 6144, 'quota:cpu_reservation': 2400 } }];

describe('vSphere VMs kept as records', () => {
  it('storms give the same rows with and without Vm objects (4 seeds, two admission policies, with and without the logs)', () => {
    const kept = vi.spyOn(World.prototype, 'keepAsRecord');
    const room = vi.spyOn(DrsBalancer.prototype, 'makeRoom');
    let placed = 0, reservedPlaced = 0, dropped = 0, migrations = 0;
    for (const admissionControl of ['default', 'none'] as const) {
      for (let seed = 1; seed <= 4; seed++) {
        const loaded = storm(seed, admissionControl, '30s', FLAVORS);
        for (const logs of [true, false]) {
          const options = { vmLog: logs, eventLog: logs, timeseries: true, fastPath: true };
          const before = kept.mock.calls.length;
          const records = runReplication(loaded, 0, 0, options);
          const afterRecords = kept.mock.calls.length;
          dropped += afterRecords - before;
          const objects = runReplication(loaded, 0, 0, { ...options, keepRecordsOnly: false });
          expect(kept.mock.calls.length).toBe(afterRecords);
          placed += records.summary.placed;
          reservedPlaced += records.flavors.find((f) => f.flavor === 'reserved')?.placed ?? 0;
          migrations += records.summary.migrations;
          expect(records.summary).toEqual(objects.summary);
          expect(records.timeseries).toEqual(objects.timeseries);
          expect(records.vms).toEqual(objects.vms);
          expect(records.events).toEqual(objects.events);
        }
      }
    }
    const roomMade = room.mock.results.filter((r) => r.value === true).length;
    // Most VMs were dropped, VMs with reservations (never dropped: not Vm.plain) were placed too, DRS moved VMs and
    // made room for HA restarts.
    expect(dropped).toBeGreaterThan(placed / 2);
    expect(reservedPlaced).toBeGreaterThan(100);
    expect(migrations).toBeGreaterThan(0);
    expect(roomMade).toBeGreaterThan(0);
  });
});
