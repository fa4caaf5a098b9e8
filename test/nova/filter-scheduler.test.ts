// FilterScheduler: the pipeline by era, host_subset_size randomness, tie order, hybrid routing, decision trace.

import { describe, expect, it } from 'vitest';
import { createStream } from '../../src/engine/random-streams.js';
import { FilterScheduler, type SchedulingTrace } from '../../src/nova/filter-scheduler.js';
import type { RequestSpec } from '../../src/nova/request-spec.js';
import { configOf, fakeNodes, replay } from './fake-nodes.js';

const request = (ramMiB = 1024, extra: Partial<RequestSpec> = {}): RequestSpec => ({ vcpus: 1, ramMiB, diskGiB: 1, ...extra });
const none = new Set<number>();

/** χ² statistic of observed counts against equal expected counts. */
function chiSquare(counts: number[]): number {
  const total = counts.reduce((s, c) => s + c, 0);
  const expected = total / counts.length;
  return counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
}
// χ² critical values at α = 0.001 (a wrong uniform pick would exceed them; a right one does so 1 time in 1000).
const CHI2_999 = { 1: 10.83, 2: 13.82, 3: 16.27, 4: 18.47 } as const;

describe('FilterScheduler pipeline by era', () => {
  // 8192 MB node with 5632 MB of VMs, ratio 1.5: RamFilter sees 6144 MB free, Placement 5888.
  const nodes = () => fakeNodes([{ ramMiB: 8192, usedRamMiB: 5632 }]);

  it.each([
    { release: 'grizzly' as const, ramMiB: 6000, placed: true, stages: ['RetryFilter', 'AvailabilityZoneFilter', 'RamFilter', 'ComputeFilter', 'ImagePropertiesFilter'] },
    { release: 'queens' as const, ramMiB: 6000, placed: false, stages: ['Placement'] },
    { release: 'queens' as const, ramMiB: 5888, placed: true, stages: ['Placement', 'RetryFilter', 'AvailabilityZoneFilter', 'ComputeFilter', 'ImagePropertiesFilter', 'ServerGroupAntiAffinityFilter', 'ServerGroupAffinityFilter'] },
    { release: 'modern' as const, ramMiB: 5888, placed: true, stages: ['Placement', 'AvailabilityZoneFilter', 'ComputeFilter', 'ImagePropertiesFilter', 'ServerGroupAntiAffinityFilter', 'ServerGroupAffinityFilter'] },
  ])('$release, $ramMiB MB request: placed=$placed, stages in order', ({ release, ramMiB, placed, stages }) => {
    const config = configOf(release, { ramAllocationRatio: 1.5 });
    const trace: SchedulingTrace = { removed: [], candidates: 0, winningScore: 0 };
    const chosen = new FilterScheduler(nodes(), config, () => 0).select(request(ramMiB), 0, none, trace);
    expect(chosen !== undefined).toBe(placed);
    expect(trace.removed.map((r) => r.stage)).toEqual(stages);
    expect(trace.candidates).toBe(placed ? 1 : 0);
  });

  it('queens runs a listed RamFilter after Placement, with the grizzly formula and the Liberty self-check', () => {
    const config = configOf('queens', { filters: ['RamFilter'], ramAllocationRatio: 3, reservedHostMemoryMiB: 4096 });
    // total 8192, reserve 4096: Placement capacity (8192 − 4096) × 3 = 12288; RamFilter 8192 × 3 − 4096 = 20480.
    // A node set per scheduler: queens' default weighers are indexed, and an index is a node's only change listener.
    const nodeSet = () => fakeNodes([{ ramMiB: 8192, usedRamMiB: 4096 }]);
    const trace: SchedulingTrace = { removed: [], candidates: 0, winningScore: 0 };
    expect(new FilterScheduler(nodeSet(), config, () => 0).select(request(8192), 0, none, trace)?.id).toBe(0);
    expect(new FilterScheduler(nodeSet(), config, () => 0).select(request(8193), 0, none)).toBeUndefined();
  });

  it('the decision trace counts what each stage removed and the winning score', () => {
    const nodeSet = fakeNodes([
      { ramMiB: 8192, usedRamMiB: 11000 }, { ramMiB: 8192, hypervisor: 'vmware' }, { ramMiB: 8192, usedRamMiB: 4096 },
      { ramMiB: 8192 },
    ]);
    nodeSet[3].serviceDisabled = true;
    const trace: SchedulingTrace = { removed: [], candidates: 0, winningScore: 0 };
    const chosen = new FilterScheduler(nodeSet, configOf('grizzly'), () => 0).select(request(2048, { hypervisor: 'kvm' }), 0, none, trace);
    expect(chosen?.id).toBe(2);
    expect(trace.removed).toEqual([
      { stage: 'RetryFilter', count: 0 }, { stage: 'AvailabilityZoneFilter', count: 0 }, { stage: 'RamFilter', count: 1 },
      { stage: 'ComputeFilter', count: 1 }, { stage: 'ImagePropertiesFilter', count: 1 },
    ]);
    expect(trace.candidates).toBe(1);
  });
});

describe('host_subset_size and ties', () => {
  // Five nodes, free RAM 1000, 5000, 3000, 4000, 2000 MB → weighed order 1, 3, 2, 4, 0.
  const used = [7192, 3192, 5192, 4192, 6192];
  const nodes = () => fakeNodes(used.map((u) => ({ ramMiB: 8192, usedRamMiB: u })));
  const config = (hostSubsetSize: number) => configOf('modern', { hostSubsetSize, reservedHostMemoryMiB: 0, filters: [] });

  it('picks by position in the weighed order: u·N indexes the top N', () => {
    const scheduler = new FilterScheduler(nodes(), config(3), replay([0, 0.34, 0.67, 0.999]));
    expect([0, 1, 2, 3].map(() => scheduler.select(request(), 0, none)?.id)).toEqual([1, 3, 2, 2]);
  });

  it('is uniform over the top N and never goes below them', () => {
    const scheduler = new FilterScheduler(nodes(), config(3), createStream(1, 0, 'test/subset'));
    const counts = new Map<number, number>();
    const draws = 3000;
    for (let i = 0; i < draws; i++) {
      const id = scheduler.select(request(), 0, none)!.id;
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toEqual([1, 2, 3]);
    expect(chiSquare([1, 3, 2].map((id) => counts.get(id)!))).toBeLessThan(CHI2_999[2]);
  });

  it('host_subset_size larger than the candidates is cut to them', () => {
    const scheduler = new FilterScheduler(nodes().slice(0, 2), config(10), replay([0.999]));
    expect(scheduler.select(request(512), 0, none)?.id).toBe(0); // order 1, 0; u = 0.999 → second
  });

  it('ties keep host-list order, also inside the subset', () => {
    const same = () => fakeNodes([{}, {}, {}, {}]);
    expect(new FilterScheduler(same(), config(1), () => 0.9).select(request(), 0, none)?.id).toBe(0);
    const subset = new FilterScheduler(same(), config(2), replay([0, 0.6]));
    expect([subset.select(request(), 0, none)?.id, subset.select(request(), 0, none)?.id]).toEqual([0, 1]);
  });

  it('shuffle_best_same_weighed_hosts spreads ties uniformly but never picks a worse host', () => {
    const nodeSet = fakeNodes([{}, {}, {}, { usedRamMiB: 1 }]);
    const scheduler = new FilterScheduler(nodeSet, { ...config(1), shuffleBestSameWeighedHosts: true },
      createStream(1, 0, 'test/shuffle'));
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 3000; i++) counts[scheduler.select(request(), 0, none)!.id]++;
    expect(counts[3]).toBe(0);
    expect(chiSquare(counts.slice(0, 3))).toBeLessThan(CHI2_999[2]);
  });
});

describe('hybrid routing by hypervisor requirement', () => {
  // Two KVM hosts and two fake VCDriver nodes (hypervisor vmware), as the vSphere side will build them.
  const nodes = () => fakeNodes([
    { name: 'kvm-0', ramMiB: 65536 }, { name: 'kvm-1', ramMiB: 65536 },
    { name: 'cluster-0', ramMiB: 262144, vcpus: 128, hypervisor: 'vmware' },
    { name: 'cluster-1', ramMiB: 262144, vcpus: 128, hypervisor: 'vmware' },
  ]);

  it.each(['grizzly', 'queens', 'modern'] as const)('%s: vmware images go to clusters, kvm images to KVM hosts', (release) => {
    const scheduler = new FilterScheduler(nodes(), configOf(release), () => 0);
    expect(scheduler.select(request(1024, { hypervisor: 'vmware' }), 0, none)?.hypervisor).toBe('vmware');
    expect(scheduler.select(request(1024, { hypervisor: 'kvm' }), 0, none)?.hypervisor).toBe('kvm');
    // No requirement: spread prefers the cluster's larger free RAM (VCDriver's aggregate reporting unbalances).
    expect(scheduler.select(request(1024), 0, none)?.name).toBe('cluster-0');
  });

  it('a vmware image finds no host when no cluster fits, even with KVM room', () => {
    const nodeSet = nodes();
    nodeSet[2].usedRamMiB = nodeSet[3].usedRamMiB = 262144;
    const scheduler = new FilterScheduler(nodeSet, configOf('modern'), () => 0);
    expect(scheduler.select(request(1024, { hypervisor: 'vmware' }), 0, none)).toBeUndefined();
    expect(scheduler.select(request(1024), 0, none)?.hypervisor).toBe('kvm');
  });
});
