// The bounded search for DRS's next imbalance move picks exactly the move of the exhaustive search (every candidate in
// search order, kept when it beats the best so far by more than 1e-12), on random clusters rich in ties: saturated
// hosts whose capped loads do not change when a VM leaves, VMs of few sizes, vMotions in flight, VMs down, VMs kept as
// their records only (World.keepAsRecord: the bounded search reads their sizes from the records, the exhaustive one
// from their rebuilt objects); and clusters where memory and CPU reservations, not capacity, decide which destinations
// ESXi admits.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Vm } from '../../src/model/vm.js';
import { ImbalanceMoveSearch, type ImbalanceMove, type MoveConstraints } from '../../src/vsphere/imbalance-move-search.js';
import { group, testRun } from './harness.js';

const GiB = 1024;

interface Setup {
  hosts: { cpus: number; ramGiB: number; vmotions: number; up: boolean }[];
  vms: { host: number; size: number; reservationGiB: number; cpuReservationMhz: number; migrating: boolean; down: boolean;
    asRecord: boolean }[];
  cpuShare: number;
  memShare: number;
}

/** Sizes (vCPUs, GiB) the VMs draw from: few, so many sources hold VMs of one size. */
const SIZES: [number, number][] = [[4, 8], [8, 16], [16, 48], [2, 4]];
const LIMIT = 2;

function build(setup: Setup) {
  const run = testRun({
    fleet: [group('esx', setup.hosts.length, 64 * GiB)],
    arms: [{ name: 'drs', platform: { vcenter: { clusterSize: setup.hosts.length, memoryOvercommit: 1.5 } },
      drs: { enabled: false, vmotionConcurrencyPerHost: LIMIT } }],
  });
  const { cluster } = run.clusters()[0];
  const world = run.context.world;
  cluster.cpuDemandShare = setup.cpuShare;
  cluster.memDemandShare = setup.memShare;
  setup.hosts.forEach((spec, i) => {
    const host = cluster.hosts[i];
    // Demand is over the physical size; limits allow memory overcommit, so capped loads saturate.
    cluster.resizeHostForTest(i, spec.cpus, spec.ramGiB * GiB);
    host.capVcpus = spec.cpus * 16;
    host.capRamMiB = spec.ramGiB * GiB * 1.5;
    cluster.vmotions[i] = spec.vmotions;
  });
  const migrating = new Set<number>();
  setup.vms.forEach((spec, id) => {
    const [vcpus, ramGiB] = SIZES[spec.size];
    const vm = new Vm(id, 0, vcpus, ramGiB * GiB, 0, 0, Infinity, 2, true);
    vm.memReservationMiB = Math.min(spec.reservationGiB, ramGiB) * GiB;
    vm.cpuReservationMhz = spec.cpuReservationMhz;
    const host = cluster.hosts[spec.host % setup.hosts.length];
    if (!host.fits(vm.vcpus, vm.ramMiB, 0, vm.memReservationMiB, vm.cpuReservationMhz)) return;
    world.place(vm, host.id);
    if (spec.migrating) migrating.add(id);
    if (spec.down) vm.state = 'down';
    else if (spec.asRecord && vm.plain) world.keepAsRecord(vm);
  });
  setup.hosts.forEach((spec, i) => { if (!spec.up) world.setHostUp(cluster.hosts[i], false); });
  let n = 0;
  for (let i = 0; i < cluster.size; i++) if (cluster.balanceable(i)) n++;
  const constraints: MoveConstraints = { limit: LIMIT, isMigrating: (id) => migrating.has(id) };
  return { cluster, world, lifecycle: run.context.lifecycle, n, constraints };
}

function describeMove(move: ImbalanceMove | undefined) {
  return move && { vm: move.vm.id, src: move.src, dst: move.dst, sigma: move.sigma };
}

/** Random setups; each VM's memory reservation (GiB, at most its memory) and CPU reservation (MHz) drawn from these. */
const setupsWith = (reservationsGiB: number[], cpuReservationsMhz: number[]) => fc.record({
  hosts: fc.array(fc.record({
    cpus: fc.constantFrom(16, 32),
    ramGiB: fc.constantFrom(64, 128),
    vmotions: fc.constantFrom(0, 0, 0, 1, 2),
    up: fc.constantFrom(true, true, true, true, false),
  }), { minLength: 2, maxLength: 14 }),
  vms: fc.array(fc.record({
    host: fc.nat(40),
    size: fc.nat(SIZES.length - 1),
    reservationGiB: fc.constantFrom(...reservationsGiB),
    cpuReservationMhz: fc.constantFrom(...cpuReservationsMhz),
    migrating: fc.constantFrom(false, false, false, true),
    down: fc.constantFrom(false, false, false, false, true),
    asRecord: fc.boolean(),
  }), { maxLength: 120 }),
  cpuShare: fc.constantFrom(1, 0.5, 0.3),
  memShare: fc.constantFrom(1, 0.7),
});
const setups = setupsWith([0, 0, 0, 4], [0]);

describe('ImbalanceMoveSearch.best', () => {
  it('picks the move the exhaustive search picks', () => {
    fc.assert(fc.property(setups, (setup) => {
      const { cluster, world, lifecycle, n, constraints } = build(setup);
      if (n < 2) return;
      const search = new ImbalanceMoveSearch(world, lifecycle);
      const exhaustive = describeMove(search.exhaustive(cluster, n, constraints));
      expect(describeMove(search.best(cluster, n, constraints))).toEqual(exhaustive);
    }), { numRuns: 400 });
  });

  // The hosts' unreserved memory and CPU are set when the cluster is built (64 GiB, 32 cores × 2,400 = 76,800 MHz): a
  // VM reserving 48 GiB or 40,000 MHz leaves a host no room for another such VM long before its overcommitted
  // capacity is full. The bounded search reads the reservations from its own records. Runs: zeroing the records'
  // memory reservations first changes a move after ~150 setups (median of 8 runs), the CPU reservations after ~20.
  it.each([
    ['memory', [0, 16, 48, 48], [0], 1000],
    ['CPU', [0], [0, 20_000, 40_000, 40_000], 300],
  ])('picks the move the exhaustive search picks when %s reservations decide which destinations admit a VM',
    (_, reservationsGiB, cpuReservationsMhz, numRuns) => {
      fc.assert(fc.property(setupsWith(reservationsGiB, cpuReservationsMhz), (setup) => {
        const { cluster, world, lifecycle, n, constraints } = build(setup);
        if (n < 2) return;
        const search = new ImbalanceMoveSearch(world, lifecycle);
        const exhaustive = describeMove(search.exhaustive(cluster, n, constraints));
        expect(describeMove(search.best(cluster, n, constraints))).toEqual(exhaustive);
      }), { numRuns });
    });

  it('picks the same moves over a sequence of moves and other changes, each planned as DRS plans it', () => {
    // Each step: a search (its cache of movable VMs kept from the last), then the move planned, or a VM going down,
    // running again, arriving or leaving.
    const steps = fc.array(fc.tuple(fc.constantFrom('move', 'move', 'down', 'up', 'arrive', 'leave'), fc.nat(1000)),
      { minLength: 1, maxLength: 16 });
    fc.assert(fc.property(setups, steps, (setup, changes) => {
      const { cluster, world, lifecycle, n, constraints } = build(setup);
      if (n < 2) return;
      const search = new ImbalanceMoveSearch(world, lifecycle);
      const moving = new Set<number>();
      const planned: MoveConstraints = { limit: LIMIT, isMigrating: (id) => moving.has(id) || constraints.isMigrating(id) };
      const placed = () => [...world.vms.values()].filter((vm) => vm.host >= 0 && !moving.has(vm.id));
      let nextId = 10_000;
      for (const [change, pick] of changes) {
        const expected = search.exhaustive(cluster, n, planned);
        expect(describeMove(search.best(cluster, n, planned))).toEqual(describeMove(expected));
        const vms = placed();
        if (change === 'move' && expected) {
          // As DrsBalancer.start: the destination holds the VM, the source counts it as leaving.
          const vm = expected.vm;
          world.reserve(cluster.hosts[expected.dst], vm.vcpus, vm.ramMiB, 0);
          cluster.addOutgoing(expected.src, vm.vcpus, vm.ramMiB);
          cluster.touch(expected.src);
          cluster.vmotions[expected.src]++;
          cluster.vmotions[expected.dst]++;
          moving.add(vm.id);
          search.forget(cluster, expected.src);
        } else if (change === 'down' || change === 'up') {
          const some = vms.filter((vm) => vm.state === (change === 'down' ? 'running' : 'down'));
          if (some.length === 0) continue;
          const vm = some[pick % some.length];
          if (change === 'down') lifecycle.down(vm, 0);
          else lifecycle.recovered(vm, 0, false);
        } else if (change === 'arrive') {
          const [vcpus, ramGiB] = SIZES[pick % SIZES.length];
          const vm = new Vm(nextId++, 0, vcpus, ramGiB * GiB, 0, 0, Infinity, 2, true);
          const host = cluster.hosts[pick % cluster.size];
          if (host.up && host.fits(vm.vcpus, vm.ramMiB, 0)) world.place(vm, host.id);
        } else if (change === 'leave' && vms.length > 0) {
          world.unplace(vms[pick % vms.length]);
        }
      }
    }), { numRuns: 200 });
  });

  it('evaluates few candidates when most sources are saturated (ties)', () => {
    // 20 hosts holding 10 VMs of 16 GiB (memory 1.25× physical, CPU 2.5×: both loads capped at 1 with a VM gone) and
    // one empty host: every move from a full host leaves the same imbalance, the first source's wins.
    const setup: Setup = {
      hosts: Array.from({ length: 21 }, () => ({ cpus: 32, ramGiB: 128, vmotions: 0, up: true })),
      vms: Array.from({ length: 200 }, (_, k) => ({ host: k % 20, size: 1, reservationGiB: 0, cpuReservationMhz: 0,
        migrating: false, down: false, asRecord: false })),
      cpuShare: 1,
      memShare: 1,
    };
    const { cluster, world, lifecycle, n, constraints } = build(setup);
    const search = new ImbalanceMoveSearch(world, lifecycle);
    const exhaustive = search.exhaustive(cluster, n, constraints);
    const all = search.evaluations;
    const best = search.best(cluster, n, constraints);
    expect(describeMove(best)).toEqual(describeMove(exhaustive));
    expect(best).toMatchObject({ src: 0, dst: 20 });
    // The first source's 20 destinations, the second's one destination the first lacks (the first source).
    expect(search.evaluations).toBe(20 + 1);
    expect(all).toBe(20 * 20);
  });
});
