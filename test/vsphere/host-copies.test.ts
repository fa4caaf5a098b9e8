// VcenterCluster keeps copies of its hosts' state, told by each host when its change counter grows, so DRS
// placement, its moments and admission control read arrays instead of every host object. Driven by random requests,
// departures, failures, repairs, isolations, maintenance, a bounded disk and DRS vMotions, every answer read from the
// copies must equal the one computed from the host objects, and the cluster's change count must grow exactly as its
// hosts' counters do.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isolateHost, reconnectHost } from '../../src/failures/fail-host.js';
import { shifted, VcenterCluster, type Demand, type Moments } from '../../src/vsphere/vcenter-cluster.js';
import { group, testRun } from './harness.js';

const GiB = 1024;

/** moments() from the host objects: balanceable(), cpuDemand(), memDemand(), summed in host order. */
function momentsFromHosts(cluster: VcenterCluster): Moments {
  const m: Moments = { n: 0, c1: 0, c2: 0, m1: 0, m2: 0, rc1: 0, rc2: 0, rm1: 0, rm2: 0 };
  for (let i = 0; i < cluster.size; i++) {
    if (!cluster.balanceable(i)) continue;
    const rc = cluster.cpuDemand(i), rm = cluster.memDemand(i);
    const c = Math.min(1, rc), mem = Math.min(1, rm);
    m.n++;
    m.c1 += c;
    m.c2 += c * c;
    m.m1 += mem;
    m.m2 += mem * mem;
    m.rc1 += rc;
    m.rc2 += rc * rc;
    m.rm1 += rm;
    m.rm2 += rm * rm;
  }
  return m;
}

/** drsPlacement() from the host objects: the limits, host.fits, then the same score and tie rules. */
function placementFromHosts(cluster: VcenterCluster, vm: Demand, powerOnLimit = Infinity,
  vmotionLimit = Infinity): number {
  const m = momentsFromHosts(cluster);
  let best = -1, bestCapped = Infinity, bestRaw = Infinity;
  for (let i = 0; i < cluster.size; i++) {
    if (!cluster.balanceable(i) || cluster.powerOns[i] >= powerOnLimit || cluster.vmotions[i] >= vmotionLimit) continue;
    if (!cluster.hosts[i].fits(vm.vcpus, vm.ramMiB, vm.diskGiB, vm.memReservationMiB, vm.cpuReservationMhz)) continue;
    const rc = cluster.cpuDemand(i), rm = cluster.memDemand(i);
    const rcAfter = cluster.cpuDemand(i, cluster.plannedVcpus(i) + vm.vcpus);
    const rmAfter = cluster.memDemand(i, cluster.plannedRamMiB(i) + vm.ramMiB);
    const capped = shifted(m.c1, m.c2, m.n, Math.min(1, rc), Math.min(1, rcAfter)) +
      shifted(m.m1, m.m2, m.n, Math.min(1, rm), Math.min(1, rmAfter));
    if (capped > bestCapped + 1e-12) continue;
    const raw = shifted(m.rc1, m.rc2, m.n, rc, rcAfter) + shifted(m.rm1, m.rm2, m.n, rm, rmAfter);
    if (capped < bestCapped - 1e-12 || raw < bestRaw - 1e-12) {
      bestCapped = capped;
      bestRaw = raw;
      best = i;
    }
  }
  return best;
}

const probes: Demand[] = [
  { vcpus: 1, ramMiB: 2 * GiB, diskGiB: 20, memReservationMiB: 0, cpuReservationMhz: 0 },
  { vcpus: 8, ramMiB: 32 * GiB, diskGiB: 0, memReservationMiB: 16 * GiB, cpuReservationMhz: 2000 },
  { vcpus: 16, ramMiB: 96 * GiB, diskGiB: 400, memReservationMiB: 0, cpuReservationMhz: 250.5 },
];

const step = fc.record({
  kind: fc.constantFrom('request', 'request', 'request', 'request', 'fail', 'repair', 'isolate', 'maintenance', 'disk'),
  ramGiB: fc.constantFrom(2, 8, 16, 32),
  vcpus: fc.constantFrom(1, 4, 8),
  memReservationGiB: fc.constantFrom(0, 0, 1, 4),
  diskGiB: fc.constantFrom(0, 20, 300),
  lifetimeH: fc.integer({ min: 1, max: 48 }),
  host: fc.integer({ min: 0, max: 7 }),
  gapMin: fc.integer({ min: 1, max: 120 }),
});

describe('a vSphere cluster\'s copies of its hosts', () => {
  it('answer as the host objects do (moments, DRS placement, fits), and count every host change', () => {
    fc.assert(fc.property(fc.array(step, { minLength: 20, maxLength: 100 }), (steps) => {
      const run = testRun({
        release: 'queens',
        fleet: [group('esx', 8, 64 * GiB, 16)],
        arms: [{ name: 'copies', platform: { vcenter: { clusterSize: 4, memoryOvercommit: 1.5 } },
          drs: { interval: '5m', threshold: 4 }, recovery: { vsphereHa: {} } }],
      });
      const clusters = run.clusters();
      const sumChanges = (cluster: VcenterCluster) => cluster.hosts.reduce((s, h) => s + h.changes, 0);
      const base = clusters.map(({ cluster }) => sumChanges(cluster) - cluster.hostChanges);
      let t = 0;
      for (const s of steps) {
        t += s.gapMin * 60;
        run.run(t);
        const host = run.host(`esx-${s.host}`);
        const { cluster, drs } = clusters[s.host >> 2];
        const i = cluster.localIndex(host);
        if (s.kind === 'fail' && host.up) run.fail(host.name);
        else if (s.kind === 'repair' && !host.up) run.repair(host.name);
        else if (s.kind === 'isolate') {
          if (cluster.isolated[i] === 1) reconnectHost(run.context, host);
          else if (host.up) isolateHost(run.context, host);
        } else if (s.kind === 'maintenance' && host.up) drs.setMaintenance(host, cluster.maintenance[i] === 0);
        // A bounded disk on one host, for the checks below only (VMs on the shared datastore move with vMotion):
        // placement must test disks again, which it skips while every host's is unbounded.
        else if (s.kind === 'disk') host.capDiskGiB = host.usedDiskGiB + s.diskGiB;
        else if (s.kind === 'request') {
          run.request(s.ramGiB * GiB, { vcpus: s.vcpus, diskGiB: s.diskGiB, lifetime: s.lifetimeH * 3600,
            memReservationMiB: s.memReservationGiB * GiB });
        }
        clusters.forEach(({ cluster: c }, k) => {
          expect(c.hostChanges).toBe(sumChanges(c) - base[k]);
          const expected = momentsFromHosts(c);
          const placements = probes.map((p) => placementFromHosts(c, p));
          expect({ ...c.moments() }).toEqual(expected);
          expect(probes.map((p) => c.drsPlacement(p))).toEqual(placements);
          for (let h = 0; h < c.size; h++) {
            const host = c.hosts[h];
            for (const p of probes) {
              expect(c.fitsNowForTest(h, p)).toBe(host.fits(p.vcpus, p.ramMiB, p.diskGiB, p.memReservationMiB, p.cpuReservationMhz));
            }
          }
        });
        if (s.kind === 'disk') host.capDiskGiB = Infinity;
      }
    }), { numRuns: 40 });
  });
});

// Loads from few values, so that hosts of both sizes share them (drsPlacement scores each distinct load and size once).
const mixedHost = fc.record({
  overheadBaseMiB: fc.constantFrom(0, 100, 6 * GiB),
  vcpus: fc.constantFrom(0, 8, 16, 24),
  ramGiB: fc.constantFrom(0, 32, 64, 96),
  reservedGiB: fc.integer({ min: 0, max: 60 }),
  powerOns: fc.integer({ min: 0, max: 3 }),
  vmotions: fc.integer({ min: 0, max: 3 }),
});

describe('DRS placement on a cluster whose hosts differ in size and memory overhead', () => {
  it('answers as the host objects do, with and without power-on and vMotion limits', () => {
    fc.assert(fc.property(fc.array(mixedHost, { minLength: 6, maxLength: 6 }), fc.constantFrom(Infinity, 1, 2),
      fc.constantFrom(Infinity, 1, 3), (setups, powerOnLimit, vmotionLimit) => {
        const run = testRun({
          release: 'queens',
          // Sizes that differ in cores only, or in memory only.
          fleet: [group('small', 2, 64 * GiB, 16), group('wide', 2, 64 * GiB, 24), group('tall', 2, 96 * GiB, 16)],
          arms: [{ name: 'mixed', platform: { vcenter: { clusterSize: 2, memoryOvercommit: 1.5 } } }],
        });
        const hosts = run.context.world.hosts;
        setups.forEach((setup, i) => { hosts[i].overheadBaseMiB = setup.overheadBaseMiB; });
        // One cluster of the three groups' hosts, built after the overheads differ: no host's overhead stands for the
        // others'.
        const cluster = new VcenterCluster('mixed', hosts, 'queens', { kind: 'none' }, run.context.world);
        setups.forEach((setup, i) => {
          hosts[i].addUsage(setup.vcpus, setup.ramGiB * GiB, 0, setup.reservedGiB * GiB, 0);
          cluster.powerOns[i] = setup.powerOns;
          cluster.vmotions[i] = setup.vmotions;
        });
        for (const p of probes) {
          expect(cluster.drsPlacement(p, powerOnLimit, vmotionLimit))
            .toBe(placementFromHosts(cluster, p, powerOnLimit, vmotionLimit));
        }
      }), { numRuns: 200 });
  });
});
