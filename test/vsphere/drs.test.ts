// DRS initial placement and load balancing with vMotion (docs/model.md, "DRS and vMotion").

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Vm } from '../../src/model/vm.js';
import { drsTolerance, vmScore, vmotionSeconds } from '../../src/vsphere/drs-balancer.js';
import { drsSchema } from '../../src/vsphere/schema.js';
import { group, testRun } from './harness.js';

const GiB = 1024;

/** One cluster with hosts of the given RAM limits (GiB); DRS rounds off unless asked for. */
function oneCluster(hostGiB: number[], drs: Record<string, unknown> = { enabled: false }) {
  const run = testRun({
    fleet: [group('esx', hostGiB.length, 64 * GiB)],
    arms: [{ name: 'drs', platform: { vcenter: { clusterSize: hostGiB.length } }, drs }],
  });
  const { cluster, drs: balancer } = run.clusters()[0];
  // Resize hosts (the model only reads capRamMiB for limits and loads).
  cluster.hosts.forEach((h, i) => (h.capRamMiB = hostGiB[i] * GiB));
  return { run, cluster, balancer };
}

let nextId = 1_000_000;
function putVm(run: ReturnType<typeof testRun>, hostIndex: number, ramMiB: number, vcpus = 1): Vm {
  const vm = new Vm(nextId++, 0, vcpus, ramMiB, 0, 0, Infinity, 2, true);
  run.context.world.place(vm, run.clusters()[0].cluster.hosts[hostIndex].id);
  return vm;
}

describe('drsTolerance(threshold, hosts) = (5 − threshold) × 0.1 / √hosts', () => {
  it.each([
    [1, 4, Infinity], [2, 4, 0.15], [3, 4, 0.1], [4, 4, 0.05], [5, 4, 0], [3, 16, 0.05], [3, 2, 0.2 / Math.SQRT2],
  ])('threshold %i, %i hosts → %f', (threshold, hosts, tolerance) => {
    expect(drsTolerance(threshold, hosts)).toBeCloseTo(tolerance, 12);
  });
});

describe('vmotionSeconds', () => {
  it('is memory / bandwidth × overhead', () => {
    expect(vmotionSeconds(11_000, drsSchema.parse({}))).toBeCloseTo(13, 12);
    expect(vmotionSeconds(4096, drsSchema.parse({ vmotionBandwidthMiBps: 100, vmotionOverhead: 1 }))).toBeCloseTo(40.96, 12);
  });
});

describe('DRS initial placement', () => {
  it('never picks a host without room, finds one whenever one fits, and picks the best-balanced', () => {
    fc.assert(fc.property(
      fc.array(fc.integer({ min: 4, max: 64 }), { minLength: 1, maxLength: 6 }),
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 16 })), { maxLength: 30 }),
      fc.integer({ min: 1, max: 24 }),
      (sizes, vms, requestGiB) => {
        const { run, cluster } = oneCluster(sizes);
        for (const [h, g] of vms) {
          const host = cluster.hosts[h % sizes.length];
          if (host.fits(1, g * GiB, 0)) putVm(run, h % sizes.length, g * GiB);
        }
        const request = requestGiB * GiB;
        const chosen = cluster.drsPlacement({ vcpus: 1, ramMiB: request, diskGiB: 0, memReservationMiB: 0, cpuReservationMhz: 0 });
        const fitting = cluster.hosts.map((h, i) => i).filter((i) => cluster.hosts[i].fits(1, request, 0));
        if (fitting.length === 0) return chosen === -1;
        if (!fitting.includes(chosen)) return false;
        // Brute force: no fitting host leaves a smaller CPU + memory imbalance of capped loads, nor an equal one
        // with a smaller imbalance of uncapped loads.
        const sd = (target: number, cap: number) => {
          const spread = (loads: number[]) => {
            const mean = loads.reduce((s, u) => s + u, 0) / loads.length;
            return Math.sqrt(loads.reduce((s, u) => s + (u - mean) ** 2, 0) / loads.length);
          };
          const add = (i: number, x: number) => (i === target ? x : 0);
          return spread(cluster.hosts.map((h, i) => Math.min(cap, (h.usedVcpus + add(i, 1)) / h.cpus))) +
            spread(cluster.hosts.map((h, i) => Math.min(cap, (h.usedRamMiB + add(i, request)) / h.ramMiB)));
        };
        const better = (a: number, b: number) => sd(a, 1) < sd(b, 1) - 1e-9 ||
          (Math.abs(sd(a, 1) - sd(b, 1)) <= 1e-9 && sd(a, Infinity) < sd(b, Infinity) - 1e-9);
        return fitting.every((i) => !better(i, chosen));
      },
    ), { numRuns: 300 });
  });

  it('fails the build back to Nova when no ESXi host can reserve the VM, although the cluster total could', () => {
    const run = testRun({
      fleet: [group('esx', 2, 16 * GiB)],
      arms: [{ name: 'a', platform: { vcenter: { clusterSize: 2 } } }],
    });
    const reserved = (ramMiB: number) => ({ memReservationMiB: ramMiB });
    run.request(10 * GiB, reserved(10 * GiB)); // reserves 10240 + 95 MiB overhead per host
    run.request(10 * GiB, reserved(10 * GiB));
    // 6049 MiB unreserved per host, 8192 + 80 MiB needed.
    const { vm, outcome } = run.request(8 * GiB, reserved(8 * GiB));
    expect(outcome).toBe('rejected_late');
    expect(vm.attempts).toBe(2); // the retry finds no other node (RetryFilter)
    expect(run.context.nodes[0].usedRamMiB).toBe(20 * GiB); // the failed claim was released
  });
});

describe('DRS load balancing', () => {
  it('holds a moving VM\'s memory on both hosts until the vMotion completes, then counts it', () => {
    const { run, cluster, balancer } = oneCluster([64, 64], { threshold: 5 });
    const vms = [0, 1, 2, 3].map(() => putVm(run, 0, 8 * GiB));
    balancer.round(cluster);
    // Loads 0.5 / 0: the best single moves take 2 VMs across, leaving 16/16 GiB.
    expect(balancer.inFlight).toBe(2);
    const [a, b] = cluster.hosts;
    expect(a.usedRamMiB).toBe(32 * GiB);
    expect(b.usedRamMiB).toBe(16 * GiB);
    expect(cluster.imbalance()).toBe(0); // DRS plans with the moves done
    const seconds = vmotionSeconds(8 * GiB, drsSchema.parse({}));
    run.run(seconds - 0.001);
    expect(a.usedRamMiB + b.usedRamMiB).toBe(48 * GiB);
    run.run(seconds);
    expect([a.usedRamMiB, b.usedRamMiB]).toEqual([16 * GiB, 16 * GiB]);
    expect(vms.filter((v) => v.host === b.id).length).toBe(2);
    expect(run.context.metrics.migrations).toBe(2);
    expect(run.context.metrics.migratedGiB).toBe(16);
  });

  it('respects the per-host vMotion concurrency', () => {
    const { run, cluster, balancer } = oneCluster([64, 64, 64], { threshold: 5, vmotionConcurrencyPerHost: 4 });
    for (let i = 0; i < 40; i++) putVm(run, 0, GiB);
    balancer.round(cluster);
    expect(cluster.vmotions[0]).toBe(4);
    expect(balancer.inFlight).toBe(4);
    run.run(3600);
    expect(balancer.inFlight).toBe(0);
  });

  it('does nothing at threshold 1 or below the tolerance', () => {
    const quiet = oneCluster([64, 64], { threshold: 1 });
    putVm(quiet.run, 0, 32 * GiB);
    quiet.balancer.round(quiet.cluster);
    expect(quiet.balancer.inFlight).toBe(0);
    // 2 hosts at threshold 3: tolerance 0.1414; loads 0.25 / 0 give σ = 0.125.
    const calm = oneCluster([64, 64], { threshold: 3 });
    putVm(calm.run, 0, 16 * GiB);
    calm.balancer.round(calm.cluster);
    expect(calm.balancer.inFlight).toBe(0);
  });

  it('never increases imbalance', () => {
    fc.assert(fc.property(
      fc.array(fc.integer({ min: 16, max: 128 }), { minLength: 2, maxLength: 6 }),
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 16 })), { maxLength: 40 }),
      fc.integer({ min: 1, max: 5 }),
      fc.integer({ min: 1, max: 8 }),
      (sizes, vms, threshold, concurrency) => {
        const { run, cluster, balancer } = oneCluster(sizes,
          { enabled: false, threshold, vmotionConcurrencyPerHost: concurrency });
        for (const [h, g] of vms) {
          if (cluster.hosts[h % sizes.length].fits(1, g * GiB, 0)) putVm(run, h % sizes.length, g * GiB);
        }
        // Several rounds, each run to completion: the measured imbalance never goes up.
        for (let round = 1; round <= 4; round++) {
          const before = cluster.imbalance();
          balancer.round(cluster);
          const planned = cluster.imbalance();
          run.run(round * 3600);
          const after = cluster.imbalance();
          if (planned > before + 1e-12 || Math.abs(after - planned) > 1e-12) return false;
          if (!cluster.hosts.every((h) => h.usedRamMiB <= h.capRamMiB)) return false;
        }
        return true;
      },
    ), { numRuns: 200 });
  });

  it('runs rounds every interval from the scenario', () => {
    const { run, cluster } = oneCluster([64, 64], { threshold: 5, interval: '2m' });
    putVm(run, 0, 8 * GiB);
    putVm(run, 0, 8 * GiB);
    run.run(119);
    expect(run.context.metrics.migrations).toBe(0);
    run.run(130);
    expect(run.context.metrics.migrations).toBe(1);
    expect(cluster.hosts.map((h) => h.usedRamMiB)).toEqual([8 * GiB, 8 * GiB]);
    expect(run.events.find((e) => e[1] === 'vmotion_start')?.[0]).toBe(120);
  });

  it('aborts a vMotion when the destination fails or the VM departs, releasing the reservation', () => {
    const { run, cluster, balancer } = oneCluster([64, 64, 64], { threshold: 5 });
    putVm(run, 0, 16 * GiB);
    putVm(run, 0, 16 * GiB);
    putVm(run, 0, 16 * GiB);
    balancer.round(cluster);
    expect(balancer.inFlight).toBe(2);
    const dst = cluster.hosts[1];
    run.fail(dst.name);
    expect(balancer.inFlight).toBe(1);
    expect(dst.usedRamMiB).toBe(0);
    const moving = [...run.context.world.vms.values()].find((v) => balancer.isMigrating(v.id))!;
    cluster.node.driver.destroy(moving.id, moving.host, moving.vcpus, moving.ramMiB, moving.diskGiB); // the VM departs
    expect(balancer.inFlight).toBe(0);
    expect(cluster.hosts[2].usedRamMiB).toBe(0);
  });

  it('drains a host entering maintenance mode after rounds that had nothing to drain', () => {
    // Rounds at 300 and 600 s find no host to drain (and balance nothing: threshold 1); esx-0 enters maintenance at
    // 700 s and is drained at once, each 8 GiB VM to the less loaded of esx-1 (16 GiB) and esx-2 (empty), which ends
    // even.
    const { run, cluster, balancer } = oneCluster([64, 64, 64], { interval: '5m', threshold: 1 });
    for (let i = 0; i < 4; i++) putVm(run, 0, 8 * GiB);
    for (let i = 0; i < 2; i++) putVm(run, 1, 8 * GiB);
    run.run(650);
    expect(run.context.metrics.migrations).toBe(0);
    run.at(700, () => balancer.setMaintenance(cluster.hosts[0], true));
    run.run(990);
    expect(cluster.hosts.map((h) => h.usedRamMiB)).toEqual([0, 24 * GiB, 24 * GiB]);
  });

  it('drains a host entering maintenance mode', () => {
    const { run, cluster, balancer } = oneCluster([64, 64, 64], { enabled: false });
    for (let i = 0; i < 4; i++) putVm(run, 0, 8 * GiB);
    balancer.setMaintenance(cluster.hosts[0], true);
    run.run(600);
    expect(cluster.hosts.map((h) => h.usedRamMiB)).toEqual([0, 16 * GiB, 16 * GiB]);
  });
});

describe('DRS balances CPU and memory entitlements (pre-7.0 imbalance rule)', () => {
  // Two hosts of 32 cores and 64 GiB, threshold 3: a round acts while imbalance > (5 − 3) × 0.1 / √2 = 0.1414.
  const seconds = (ramMiB: number) => vmotionSeconds(ramMiB, drsSchema.parse({}));
  const starts = (run: ReturnType<typeof testRun>) => run.events.filter((e) => e[1] === 'vmotion_start' || e[1] === 'vmotion_done')
    .map((e) => [e[0], e[1], e[2], e[3]]);

  it('moves a VM for CPU alone: loads 0.5 / 0 of CPU with memory nearly even', () => {
    const { run, cluster } = oneCluster([64, 64], { threshold: 3 });
    const [a, b] = [putVm(run, 0, GiB, 8), putVm(run, 0, GiB, 8)];
    // CPU 16/32 = 0.5 vs 0 (σ 0.25), memory 2/64 vs 0 (σ 0.0156): 0.2656 > 0.1414. Memory alone (σ 0.0156) would not
    // act. The first movable VM, a, to host 1 leaves both resources even (σ 0): one move at the first round, 300 s.
    run.run(900);
    const [h0, h1] = cluster.hosts;
    expect(starts(run)).toEqual([
      [300, 'vmotion_start', a.id, h1.name],
      [300 + seconds(GiB), 'vmotion_done', a.id, h1.name],
    ]);
    expect([a.host, b.host]).toEqual([h1.id, h0.id]);
    expect(cluster.imbalance()).toBe(0);
  });

  it('sees a CPU-saturated host as fully entitled, so memory decides', () => {
    const { run, cluster } = oneCluster([64, 64], { threshold: 3 });
    // Host 0: 4 × (16 vCPU, 8 GiB): CPU demand 64/32 = 2 → entitlement 1, memory 0.5. Host 1: 6 × (16 vCPU, 1 GiB):
    // CPU 96/32 = 3 → 1, memory 6/64 = 0.094. σ = 0 + 0.203 > 0.1414. Uncapped CPU (2 vs 3) would pull load to host 0;
    // capped, only memory counts: one 8 GiB VM to host 1 leaves memory 0.375 / 0.219 (σ 0.078), CPU still 1 / 1.
    const big = [0, 1, 2, 3].map(() => putVm(run, 0, 8 * GiB, 16));
    for (let i = 0; i < 6; i++) putVm(run, 1, GiB, 16);
    run.run(1200);
    const [, h1] = cluster.hosts;
    expect(starts(run)).toEqual([
      [300, 'vmotion_start', big[0].id, h1.name],
      [300 + seconds(8 * GiB), 'vmotion_done', big[0].id, h1.name],
    ]);
    expect(cluster.imbalance()).toBeCloseTo(0.078125, 12);
  });

  it('takes cpuDemandShare of configured vCPUs and memDemandShare of configured memory as demand', () => {
    const moves = (drs: Record<string, unknown>, vcpus: number, ramMiB: number) => {
      const { run } = oneCluster([64, 64], { threshold: 3, ...drs });
      putVm(run, 0, ramMiB, vcpus);
      putVm(run, 0, ramMiB, vcpus);
      run.run(900);
      return run.context.metrics.migrations;
    };
    // The first case's loads at CPU share 0.25: CPU 0.125 vs 0 (σ 0.0625) + memory 0.0156 = 0.078 < 0.1414.
    expect([moves({}, 8, GiB), moves({ cpuDemandShare: 0.25 }, 8, GiB)]).toEqual([1, 0]);
    // 2 × (1 vCPU, 20 GiB): memory 0.625 vs 0 (σ 0.3125) + CPU 0.031 moves one; at memory share 0.25 memory is
    // 0.156 vs 0 (σ 0.078) + 0.031 = 0.109 < 0.1414.
    expect([moves({}, 1, 20 * GiB), moves({ memDemandShare: 0.25 }, 1, 20 * GiB)]).toEqual([1, 0]);
  });
});

describe('DRS vm-score (vSphere 7.0+): a VM moves when another host gives it a better DRS score', () => {
  const seconds = (ramMiB: number) => vmotionSeconds(ramMiB, drsSchema.parse({}));
  const moves = (run: ReturnType<typeof testRun>) => run.events.filter((e) => e[1] === 'vmotion_start' || e[1] === 'vmotion_done')
    .map((e) => [e[0], e[1], e[2], e[3]]);

  it('scores a VM by the share of its CPU and memory demand its host meets', () => {
    expect(vmScore(0.5, 0.9)).toBe(1);
    expect(vmScore(3, 1)).toBeCloseTo(1 / 3, 12);
    expect(vmScore(2, 1.25)).toBeCloseTo(0.4, 12);
  });

  it('moves a CPU-starved VM every minute while the move raises its score by (6 − threshold) × 0.02', () => {
    // Two hosts of 32 cores, 64 GiB. Host 0: 3 × (32 vCPU, 8 GiB): CPU demand 3 × capacity, score 1/3. Host 1:
    // 1 × (32 vCPU, 8 GiB): score 1. At 60 s the first VM on host 0 would score 1/2 on host 1 (demand 2): gain 0.167
    // ≥ 3 × 0.02. Then host 0 scores 1/2 and a second move would score 1/3: none. The pre-7.0 rule sees both hosts
    // at full CPU entitlement (σ 0) and memory 0.375 / 0.125 (σ 0.125 < 0.1414): it moves nothing.
    const setup = (drs: Record<string, unknown>) => {
      const { run, cluster } = oneCluster([64, 64], drs);
      const vms = [0, 0, 0, 1].map((h) => putVm(run, h, 8 * GiB, 32));
      run.run(600);
      return { run, cluster, vms };
    };
    const score = setup({ algorithm: 'vm-score', threshold: 3 });
    const h1 = score.cluster.hosts[1];
    expect(moves(score.run)).toEqual([
      [60, 'vmotion_start', score.vms[0].id, h1.name],
      [60 + seconds(8 * GiB), 'vmotion_done', score.vms[0].id, h1.name],
    ]);
    expect(setup({ threshold: 3 }).run.context.metrics.migrations).toBe(0);
    // Threshold 1: mandatory moves only.
    expect(setup({ algorithm: 'vm-score', threshold: 1 }).run.context.metrics.migrations).toBe(0);
  });

  it('does not move for a gain below the threshold\'s cost', () => {
    // Host 0: 5 × (8 vCPU, 1 GiB) = demand 1.25 (score 0.8); host 1: 4 × (8 vCPU, 1 GiB) = 1 (score 1). Moving one
    // gives it 1 / 1.25 = 0.8 on host 1: gain 0. With host 1 at 3 VMs (0.75) the move scores 1: gain 0.2 ≥ 0.06.
    const run = (onHost1: number) => {
      const { run: r } = oneCluster([64, 64], { algorithm: 'vm-score', threshold: 3 });
      for (let i = 0; i < 5; i++) putVm(r, 0, GiB, 8);
      for (let i = 0; i < onHost1; i++) putVm(r, 1, GiB, 8);
      r.run(600);
      return r.context.metrics.migrations;
    };
    expect([run(4), run(3)]).toEqual([0, 1]);
  });
});

// Few VM shapes, so that the VM DRS would try first for a shape is often one already moving. vm-score needs CPU
// contention to move anything (up to 96 vCPUs on a 32-core host); the imbalance rule needs hosts below saturation.
describe.each([
  ['imbalance', [[1, 2], [4, 8], [8, 16]], 48],
  ['vm-score', [[4, 2], [16, 8], [32, 16]], 96],
] as const)('DRS %s', (algorithm, shapes, maxVcpusPerHost) => {
  it('never overfills a host and never starts a vMotion of a VM already moving', () => {
    fc.assert(fc.property(
      fc.array(fc.integer({ min: 16, max: 96 }), { minLength: 2, maxLength: 5 }),
      fc.array(fc.tuple(fc.nat(), fc.constantFrom(...shapes), fc.boolean()), { maxLength: 40 }),
      fc.integer({ min: 2, max: 5 }),
      fc.array(fc.integer({ min: 1, max: 30 }), { minLength: 1, maxLength: 6 }),
      (sizes, vms, threshold, gaps) => {
        const { run, cluster, balancer } = oneCluster(sizes,
          { enabled: false, algorithm, threshold, vmotionConcurrencyPerHost: 2 });
        cluster.hosts.forEach((h) => (h.capVcpus = maxVcpusPerHost));
        const placed: Vm[] = [];
        for (const [h, [vcpus, g], reserved] of vms) {
          const host = cluster.hosts[h % sizes.length];
          const vm = new Vm(nextId++, 0, vcpus, g * GiB, 0, 0, Infinity, 2, true);
          if (reserved) vm.memReservationMiB = g * GiB;
          if (!host.fits(vm.vcpus, vm.ramMiB, 0, vm.memReservationMiB)) continue;
          run.context.world.place(vm, host.id);
          placed.push(vm);
        }
        // Rounds while earlier vMotions are still in flight (a 16 GiB vMotion takes 19 s).
        let t = 0;
        for (const gap of gaps) {
          const moving = new Set(placed.filter((vm) => balancer.isMigrating(vm.id)).map((vm) => vm.id));
          const before = run.events.length;
          balancer.round(cluster);
          for (const e of run.events.slice(before)) {
            if (e[1] !== 'vmotion_start') continue;
            if (moving.has(e[2] as number)) return false;
            moving.add(e[2] as number);
          }
          t += gap;
          run.run(t);
          const ok = cluster.hosts.every((h) => h.usedVcpus <= h.capVcpus && h.usedRamMiB <= h.capRamMiB &&
            h.reservedRamMiB <= h.reservableRamMiB);
          if (!ok) return false;
        }
        return true;
      },
    ), { numRuns: 200 });
  });
});
