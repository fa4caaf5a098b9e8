// The cluster's running sums (moments() and the percentage policy's totals, updated host by host) against the
// in-order passes over every host they replace: the same bits after any sequence of placements, departures, host
// failures and repairs, maintenance, vMotions and DRS rounds, on host sizes and demand shares on and off the grid.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HA_MIN_CPU_MHZ, type Resources } from '../../src/vsphere/admission-control.js';
import type { VcenterCluster } from '../../src/vsphere/vcenter-cluster.js';
import { group, testRun, type TestRun } from './harness.js';

const GiB = 1024;

/** A float's bits, so that equal means the same double (sign of zero included). */
function bits(values: number[]): string[] {
  return values.map((v) => Array.from(new Uint32Array(new Float64Array([v]).buffer)).join(':'));
}

/** moments() as the in-order pass over every host, from the cluster's public per-host methods. */
function momentsInOrder(cluster: VcenterCluster): number[] {
  let n = 0, c1 = 0, c2 = 0, m1 = 0, m2 = 0, rc1 = 0, rc2 = 0, rm1 = 0, rm2 = 0;
  for (let i = 0; i < cluster.size; i++) {
    if (!cluster.balanceable(i)) continue;
    const rc = cluster.cpuDemand(i), rm = cluster.memDemand(i);
    const c = Math.min(1, rc), m = Math.min(1, rm);
    n++;
    c1 += c; c2 += c * c; m1 += m; m2 += m * m;
    rc1 += rc; rc2 += rc * rc; rm1 += rm; rm2 += rm * rm;
  }
  return [n, c1, c2, m1, m2, rc1, rc2, rm1, rm2];
}

/** The percentage policy's totals as in-order passes: hosts in order, CPU reservations VM by VM. */
function totalsInOrder(run: TestRun, cluster: VcenterCluster): number[] {
  const world = run.context.world;
  let capMhz = 0, capRamMiB = 0, resMhz = 0, resRamMiB = 0;
  for (let i = 0; i < cluster.size; i++) {
    if (!cluster.balanceable(i)) continue;
    const host = cluster.hosts[i];
    capMhz += host.cpus * host.coreMhz;
    capRamMiB += host.reservableRamMiB;
    resRamMiB += host.reservedRamMiB - cluster.incomingReservedRamMiB[i];
    for (const id of world.residents(host)) resMhz += Math.max(world.vms.get(id)!.cpuReservationMhz, HA_MIN_CPU_MHZ);
  }
  return [capMhz, capRamMiB, resMhz, resRamMiB];
}

function totalsRunning(cluster: VcenterCluster): number[] {
  const capacity: Resources = { cpuMhz: 0, ramMiB: 0 }, reserved: Resources = { cpuMhz: 0, ramMiB: 0 };
  cluster.percentageTotals(capacity, reserved);
  return [capacity.cpuMhz, capacity.ramMiB, reserved.cpuMhz, reserved.ramMiB];
}

function check(run: TestRun, cluster: VcenterCluster): void {
  const m = cluster.moments();
  expect(bits([m.n, m.c1, m.c2, m.m1, m.m2, m.rc1, m.rc2, m.rm1, m.rm2])).toEqual(bits(momentsInOrder(cluster)));
  expect(bits(totalsRunning(cluster))).toEqual(bits(totalsInOrder(run, cluster)));
}

type Step =
  | ['request', number, number, number, number, number]
  | ['fail' | 'repair' | 'maintenance' | 'exit' | 'vmotion' | 'abort', number, number]
  | ['wait', number];

const steps: fc.Arbitrary<Step[]> = fc.array(fc.oneof(
  // vCPUs, GiB, lifetime (s), memory and CPU reservations (some not integers)
  fc.tuple(fc.constant('request' as const), fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 12 }),
    fc.integer({ min: 60, max: 4000 }), fc.constantFrom(0, 0, 512, 1000, 333.3), fc.constantFrom(0, 0, 0, 500, 250.5)),
  fc.tuple(fc.constantFrom('fail' as const, 'repair' as const, 'maintenance' as const, 'exit' as const,
    'vmotion' as const, 'abort' as const), fc.nat(), fc.nat()),
  fc.tuple(fc.constant('wait' as const), fc.integer({ min: 1, max: 900 })),
), { minLength: 1, maxLength: 60 });

function apply(run: TestRun, step: Step): void {
  const { cluster, drs } = run.clusters()[0];
  const world = run.context.world;
  const name = (k: number) => cluster.hosts[k % cluster.size].name;
  switch (step[0]) {
    case 'request':
      run.request(step[2] * GiB, { vcpus: step[1], lifetime: step[3], memReservationMiB: step[4], cpuReservationMhz: step[5] });
      return;
    case 'fail':
      if (run.host(name(step[1])).up) run.fail(name(step[1]));
      return;
    case 'repair':
      if (!run.host(name(step[1])).up) run.repair(name(step[1]));
      return;
    case 'maintenance':
    case 'exit':
      drs.setMaintenance(run.host(name(step[1])), step[0] === 'maintenance');
      return;
    case 'vmotion': {
      const running = [...world.vms.values()].filter((vm) => vm.state === 'running' && vm.host >= 0 && !drs.isMigrating(vm.id));
      if (running.length === 0) return;
      const vm = running[step[1] % running.length];
      const src = cluster.localIndex(world.hosts[vm.host]);
      const dst = (src + 1 + (step[2] % (cluster.size - 1))) % cluster.size;
      if (src >= 0 && cluster.usable(dst)) drs.start(cluster, vm, src, dst);
      return;
    }
    case 'abort': {
      const moving = [...world.vms.values()].filter((vm) => drs.isMigrating(vm.id));
      if (moving.length > 0) drs.abort(moving[step[1] % moving.length].id);
      return;
    }
    case 'wait':
      run.run(run.context.sim.now + step[1]);
      return;
  }
}

describe('running sums of a vSphere cluster', () => {
  it('equal the in-order passes bit for bit, on and off the grid', () => {
    fc.assert(fc.property(
      fc.constantFrom(32, 24), // cores: 1/24 is off the grid
      fc.constantFrom(64 * GiB, 48 * GiB), // memory: likewise
      fc.constantFrom(1, 0.75, 0.7), // demand shares
      fc.integer({ min: 2, max: 6 }), // hosts
      steps,
      (cpus, ramMiB, share, hosts, plan) => {
        const run = testRun({
          fleet: [group('esx', hosts, ramMiB, cpus)],
          arms: [{ name: 'ha', platform: { vcenter: { clusterSize: hosts } },
            drs: { interval: '5m', cpuDemandShare: share, memDemandShare: share }, recovery: { vsphereHa: {} } }],
        });
        const { cluster } = run.clusters()[0];
        check(run, cluster);
        for (const step of plan) {
          apply(run, step);
          check(run, cluster);
        }
      },
    ), { numRuns: 200 });
  });

  it('run on the grid, fall back off it and come back', () => {
    // 24 cores: a load of k/24 is on the 2^-16 grid only when 3 divides k.
    const run = testRun({
      fleet: [group('esx', 2, 64 * GiB, 24)],
      arms: [{ name: 'ha', platform: { vcenter: { clusterSize: 2 } }, drs: { enabled: false }, recovery: { vsphereHa: {} } }],
    });
    const { cluster } = run.clusters()[0];
    for (let k = 0; k < 3; k++) run.request(4 * GiB, { vcpus: 3 });
    check(run, cluster);
    expect(cluster.runningSums).toEqual({ moments: true, admission: true });
    run.request(GiB, { vcpus: 1, lifetime: 100, cpuReservationMhz: 250.5 });
    check(run, cluster);
    expect(cluster.runningSums).toEqual({ moments: false, admission: true });
    run.run(200);
    check(run, cluster);
    expect(cluster.runningSums).toEqual({ moments: true, admission: true });
  });
});
