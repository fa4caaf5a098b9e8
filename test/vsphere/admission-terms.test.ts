// VcenterCluster.admits keeps each host's admission terms (resident count, CPU reservations summed, largest CPU and
// memory reservation) between power-ons, updated in place by VCDriver's spawn and destroy and reread after any other
// change (HA restarts, vMotions, failures). Driven by random requests, departures, failures and repairs, every host's
// terms must equal a scan of its resident VMs, and every admission decision must equal one computed VM by VM.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HA_MIN_CPU_MHZ, percentageAdmits, slotAdmits } from '../../src/vsphere/admission-control.js';
import type { VcenterCluster } from '../../src/vsphere/vcenter-cluster.js';
import type { World } from '../../src/model/world.js';
import { group, testRun } from './harness.js';

const GiB = 1024;

/** admits() as a scan of every resident VM, summing CPU reservations one by one in host and residence order. */
function scanAdmits(cluster: VcenterCluster, world: World, probe: { vcpus: number; ramMiB: number; memReservationMiB: number;
  cpuReservationMhz: number }): boolean {
  const admission = cluster.admission;
  if (admission.kind === 'none' || admission.kind === 'failoverHosts') return true;
  const capacity = { cpuMhz: 0, ramMiB: 0 }, reserved = { cpuMhz: 0, ramMiB: 0 }, largest = { cpuMhz: 0, ramMiB: 0 };
  const hosts: { cpuMhz: number; ramMiB: number }[] = [];
  let count = 0;
  for (let i = 0; i < cluster.size; i++) {
    if (!cluster.balanceable(i)) continue;
    const host = cluster.hosts[i];
    capacity.cpuMhz += host.cpus * host.coreMhz;
    capacity.ramMiB += host.reservableRamMiB;
    hosts.push({ cpuMhz: host.cpus * host.coreMhz, ramMiB: host.reservableRamMiB });
    reserved.ramMiB += host.reservedRamMiB - cluster.incomingReservedRamMiB[i];
    for (const id of world.residents(host)) {
      const vm = world.vms.get(id);
      if (!vm) continue;
      count++;
      const mhz = Math.max(vm.cpuReservationMhz, HA_MIN_CPU_MHZ);
      reserved.cpuMhz += mhz;
      largest.cpuMhz = Math.max(largest.cpuMhz, mhz);
      largest.ramMiB = Math.max(largest.ramMiB, host.reservationRamMiB(vm.vcpus, vm.ramMiB, vm.memReservationMiB));
    }
  }
  const request = { cpuMhz: Math.max(probe.cpuReservationMhz, HA_MIN_CPU_MHZ),
    ramMiB: cluster.hosts[0].reservationRamMiB(probe.vcpus, probe.ramMiB, probe.memReservationMiB) };
  if (admission.kind === 'percentage') return percentageAdmits(capacity, reserved, request, admission.percent);
  return slotAdmits(hosts, largest, count, request, admission.tolerate);
}

const step = fc.record({
  kind: fc.constantFrom('request', 'request', 'request', 'fail', 'repair'),
  ramGiB: fc.constantFrom(2, 8, 16, 32),
  vcpus: fc.constantFrom(1, 4, 8),
  memReservationGiB: fc.constantFrom(0, 0, 1, 4),
  cpuReservationMhz: fc.constantFrom(0, 0, 0, 16, 100, 1000, 250.5),
  lifetimeH: fc.integer({ min: 1, max: 48 }),
  host: fc.integer({ min: 0, max: 7 }),
  gapMin: fc.integer({ min: 1, max: 240 }),
});

describe('admission terms kept between power-ons equal a scan of the resident VMs', () => {
  it.each([
    ['percentage', { percentage: 13 }],
    ['slot', { slot: { hostFailuresToTolerate: 1 } }],
  ])('%s policy, with HA restarts, DRS moves, failures and repairs', (_name, admissionControl) => {
    fc.assert(fc.property(fc.array(step, { minLength: 20, maxLength: 120 }), (steps) => {
      const run = testRun({
        fleet: [group('esx', 8, 64 * GiB, 16)],
        arms: [{ name: 'ac', platform: { vcenter: { clusterSize: 4, memoryOvercommit: 1.5 } },
          drs: { interval: '5m', threshold: 1 }, recovery: { vsphereHa: { admissionControl } } }],
      });
      const world = run.context.world;
      const clusters = run.clusters().map((c) => c.cluster);
      let t = 0;
      for (const s of steps) {
        t += s.gapMin * 60;
        run.run(t);
        const name = `esx-${s.host}`;
        if (s.kind === 'fail' && run.host(name).up) run.fail(name);
        else if (s.kind === 'repair' && !run.host(name).up) run.repair(name);
        else if (s.kind === 'request') {
          run.request(s.ramGiB * GiB, { vcpus: s.vcpus, lifetime: s.lifetimeH * 3600,
            memReservationMiB: s.memReservationGiB * GiB, cpuReservationMhz: s.cpuReservationMhz });
        }
        for (const cluster of clusters) {
          for (let i = 0; i < cluster.size; i++) {
            const scan = { count: 0, cpuMhz: 0, maxMhz: 0, maxRamMiB: 0 };
            const host = cluster.hosts[i];
            for (const id of world.residents(host)) {
              const vm = world.vms.get(id);
              if (!vm) continue;
              scan.count++;
              const mhz = Math.max(vm.cpuReservationMhz, HA_MIN_CPU_MHZ);
              scan.cpuMhz += mhz;
              scan.maxMhz = Math.max(scan.maxMhz, mhz);
              scan.maxRamMiB = Math.max(scan.maxRamMiB, host.reservationRamMiB(vm.vcpus, vm.ramMiB, vm.memReservationMiB));
            }
            const terms = cluster.hostTerms(i);
            expect({ count: terms.count, maxMhz: terms.maxMhz, maxRamMiB: terms.maxRamMiB })
              .toEqual({ count: scan.count, maxMhz: scan.maxMhz, maxRamMiB: scan.maxRamMiB });
            if (terms.exact) expect(terms.cpuMhz).toBe(scan.cpuMhz);
          }
          for (const probe of [{ vcpus: 1, ramMiB: 2 * GiB, diskGiB: 0, memReservationMiB: 0, cpuReservationMhz: 0 },
            { vcpus: 8, ramMiB: 32 * GiB, diskGiB: 0, memReservationMiB: 16 * GiB, cpuReservationMhz: 2000 }]) {
            expect(cluster.admits(probe)).toBe(scanAdmits(cluster, world, probe));
          }
        }
      }
    }), { numRuns: 40 });
  });
});
