// End to end. (1) On identical hosts, RAMWeigher +1 is worst fit, −1 best fit, no weighers first fit, in every era
// (fast-check over arrival/departure sequences against independent reference policies). (2) Whole runs of a small
// multi-size workload: per-flavor rejection rates differ in the expected direction, judged by 95 % Student-t
// confidence intervals of paired differences over replications.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { estimate } from '../../src/metrics/confidence-interval.js';
import { runReplication } from '../../src/experiment/run-replication.js';
import { Nova } from '../../src/nova/nova.js';
import type { Release } from '../../src/nova/release-profiles.js';
import { resolveScenario } from '../../src/scenario/load-scenario.js';
import type { ComputeNode } from '../../src/nova/compute-node.js';
import { configOf, fakeNodes, fakeVm, deleteVm } from './fake-nodes.js';

const HOST_RAM = 16384;
const RESERVE = 512;
const SIZES = [1024, 2048, 4096, 8192];

type Policy = 'worst' | 'best' | 'first';
const WEIGHERS: Record<Policy, { name: 'ram'; multiplier: number }[]> = {
  worst: [{ name: 'ram', multiplier: 1 }],
  best: [{ name: 'ram', multiplier: -1 }],
  first: [],
};

/** The reference policies, on free RAM = total − reserve − used (ratio 1.0): ties go to the first host. */
function reference(policy: Policy, nodes: readonly ComputeNode[], ramMiB: number): number {
  let chosen = -1;
  for (const node of nodes) {
    const free = node.totalRamMiB - RESERVE - node.usedRamMiB;
    if (free < ramMiB) continue;
    if (chosen < 0) chosen = node.id;
    const best = nodes[chosen].totalRamMiB - RESERVE - nodes[chosen].usedRamMiB;
    if (policy === 'worst' && free > best) chosen = node.id;
    if (policy === 'best' && free < best) chosen = node.id;
  }
  return chosen;
}

const step = fc.oneof(
  fc.record({ kind: fc.constant('arrive' as const), size: fc.integer({ min: 0, max: SIZES.length - 1 }) }),
  fc.record({ kind: fc.constant('depart' as const), pick: fc.nat() }),
);

describe('identical hosts: RAMWeigher +1 = worst fit, −1 = best fit, none = first fit', () => {
  const cases = (['grizzly', 'queens', 'modern'] as Release[]).flatMap((release) =>
    (['worst', 'best', 'first'] as Policy[]).map((policy) => ({ release, policy })));

  it.each(cases)('$release, $policy fit', ({ release, policy }) => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 8 }), fc.array(step, { maxLength: 120 }), (hosts, steps) => {
      const nodes = fakeNodes(Array.from({ length: hosts }, () => ({ ramMiB: HOST_RAM, vcpus: 64, diskGiB: 1000 })));
      const config = configOf(release, {
        weighers: WEIGHERS[policy], ramAllocationRatio: 1, reservedHostMemoryMiB: RESERVE,
        filters: release === 'grizzly' ? ['RamFilter', 'ComputeFilter'] : ['ComputeFilter'],
      });
      const nova = new Nova(nodes, config, () => 0);
      const running: ReturnType<typeof fakeVm>[] = [];
      for (const s of steps) {
        if (s.kind === 'depart') {
          if (running.length === 0) continue;
          deleteVm(nova, running.splice(s.pick % running.length, 1)[0]);
          continue;
        }
        const ramMiB = SIZES[s.size];
        const want = reference(policy, nodes, ramMiB);
        const vm = fakeVm(1, ramMiB, 1);
        const outcome = nova.build(vm, { vcpus: 1, ramMiB, diskGiB: 1 }, 0);
        expect(outcome === 'placed' ? vm.computeNode : -1).toBe(want);
        if (outcome === 'placed') running.push(vm);
      }
    }), { numRuns: 60, seed: 42 });
  });
});

describe('per-flavor rejection rates on a small multi-size workload', () => {
  const REPLICATIONS = 12;
  // 8 hosts of 64 GiB; mean request ≈ 3.9 GiB; ≈ 125 VMs offered on ≈ 130 VMs of capacity: heavy load, so both
  // the large flavor's blocking and the policies' fragmentation show.
  const loaded = resolveScenario({
    name: 'per-flavor', horizon: '20d', warmup: '2d', seed: 7, replications: REPLICATIONS, sampleInterval: '1d',
    release: 'grizzly',
    fleet: [{ group: 'h', count: 8, cpus: 64, ramMiB: 65536, diskGiB: 2000 }],
    workload: {
      arrivals: { poisson: { ratePerHour: 5.3 } },
      lifetime: { exponential: { mean: '1d' } },
      flavors: [
        { name: 'small', vcpus: 1, ramMiB: 2048, diskGiB: 10, weight: 70 },
        { name: 'medium', vcpus: 2, ramMiB: 4096, diskGiB: 20, weight: 20 },
        { name: 'large', vcpus: 8, ramMiB: 16384, diskGiB: 40, weight: 10 },
      ],
    },
    arms: [
      { name: 'spread', nova: { ramAllocationRatio: 1.0, weighers: [{ ram: 1.0 }] } },
      { name: 'stack', nova: { ramAllocationRatio: 1.0, weighers: [{ ram: -1.0 }] } },
      { name: 'first-fit', nova: { ramAllocationRatio: 1.0, weighers: [] } },
    ],
  }, 'per-flavor.yaml');
  const rates = loaded.scenario.arms.map((_, arm) => Array.from({ length: REPLICATIONS }, (_, r) =>
    runReplication(loaded, arm, r).flavors.map((f) => (f.requests - f.placed) / f.requests)));
  const [spread, stack, firstFit] = rates;
  const SMALL = 0;
  const LARGE = 2;
  const paired = (a: number[][], b: number[][], fa: number, fb: number) => estimate(a.map((x, r) => x[fa] - b[r][fb]));

  it.each([
    { arm: 'spread', rows: spread }, { arm: 'stack', rows: stack }, { arm: 'first-fit', rows: firstFit },
  ])('$arm: the large flavor is rejected more often than the small one', ({ rows }) => {
    expect(paired(rows, rows, LARGE, SMALL).low).toBeGreaterThan(0);
  });

  it('the large flavor is rejected more under spread (worst fit) than under stack (best fit)', () => {
    expect(paired(spread, stack, LARGE, LARGE).low).toBeGreaterThan(0);
  });

  it('while the small flavor is rejected less under spread than under stack (stack spends room on large VMs)', () => {
    expect(paired(stack, spread, SMALL, SMALL).low).toBeGreaterThan(0);
  });

  it('and the large flavor is rejected more under spread than under first fit', () => {
    expect(paired(spread, firstFit, LARGE, LARGE).low).toBeGreaterThan(0);
  });
});
