// Every filter as a table of { node, request, config, want }: worked examples from Nova's formulas and cases translated
// from Nova's own tests (nova/tests/unit/scheduler/filters/test_{ram,core,disk,affinity,num_instances,compute}_filters.py
// at 17.0.0). Nova's free_ram_mb = total − used, with `used` starting at the reserve; here used excludes the reserve.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FILTERS } from '../../src/nova/filters/index.js';
import type { FilterName } from '../../src/nova/config-schema.js';
import type { NovaConfig } from '../../src/nova/release-profiles.js';
import type { RequestSpec } from '../../src/nova/request-spec.js';
import { ServerGroup } from '../../src/nova/server-group.js';
import { configOf, fakeNode, type NodeSpec } from './fake-nodes.js';

interface Case {
  name: string;
  filter: FilterName;
  node: NodeSpec & { disabled?: boolean; heartbeat?: number; groups?: [number, number][] };
  request: Partial<RequestSpec>;
  config?: Partial<NovaConfig>;
  release?: 'grizzly' | 'queens' | 'modern';
  now?: number;
  tried?: number[];
  want: boolean;
}

const anti = (max = 1, members = 1) => Object.assign(new ServerGroup(7, 'anti-affinity', max), { members });
const aff = (members: number) => Object.assign(new ServerGroup(7, 'affinity'), { members });
const ratios = (ram: number, cpu = 16, disk = 1, reservedRam = 0) =>
  ({ ramAllocationRatio: ram, cpuAllocationRatio: cpu, diskAllocationRatio: disk, reservedHostMemoryMiB: reservedRam });

const CASES: Case[] = [
  // Worked example: 8192 MB host, 5632 MB of VMs, ratio 1.5, reserve 512 → grizzly free = 6144.
  { name: 'RamFilter grizzly 8192 MB host, 5632 used, ratio 1.5: 6144 fits', filter: 'RamFilter', release: 'grizzly',
    node: { ramMiB: 8192, usedRamMiB: 5632 }, request: { ramMiB: 6144 }, want: true },
  { name: 'RamFilter grizzly same host: 6145 does not', filter: 'RamFilter', release: 'grizzly',
    node: { ramMiB: 8192, usedRamMiB: 5632 }, request: { ramMiB: 6145 }, want: false },
  { name: 'RamFilter ratio 1.0: 2048 fits', filter: 'RamFilter', release: 'grizzly', config: { ramAllocationRatio: 1.0 },
    node: { ramMiB: 8192, usedRamMiB: 5632 }, request: { ramMiB: 2048 }, want: true },
  { name: 'RamFilter ratio 1.0: 2049 does not', filter: 'RamFilter', release: 'grizzly', config: { ramAllocationRatio: 1.0 },
    node: { ramMiB: 8192, usedRamMiB: 5632 }, request: { ramMiB: 2049 }, want: false },
  // test_ram_filters.py
  { name: 'RamFilter fails_on_memory: free 1023 of 1024', filter: 'RamFilter', release: 'queens', config: ratios(1.0),
    node: { ramMiB: 1024, usedRamMiB: 1 }, request: { ramMiB: 1024 }, want: false },
  { name: 'RamFilter passes: free 1024 of 1024', filter: 'RamFilter', release: 'queens', config: ratios(1.0),
    node: { ramMiB: 1024 }, request: { ramMiB: 1024 }, want: true },
  { name: 'RamFilter oversubscribe: free −1024 of 2048, ratio 2.0', filter: 'RamFilter', release: 'queens', config: ratios(2.0),
    node: { ramMiB: 2048, usedRamMiB: 3072 }, request: { ramMiB: 1024 }, want: true },
  { name: 'RamFilter oversubscribe single instance fails (Liberty+)', filter: 'RamFilter', release: 'queens', config: ratios(2.0),
    node: { ramMiB: 512 }, request: { ramMiB: 1024 }, want: false },
  { name: 'RamFilter grizzly lets one instance overcommit against itself', filter: 'RamFilter', release: 'grizzly',
    config: ratios(2.0), node: { ramMiB: 512 }, request: { ramMiB: 1024 }, want: true },
  // test_core_filters.py
  { name: 'CoreFilter passes: 4 cores × 2 − 7 used ≥ 1', filter: 'CoreFilter', release: 'queens', config: ratios(1, 2),
    node: { vcpus: 4, usedVcpus: 7 }, request: { vcpus: 1 }, want: true },
  { name: 'CoreFilter fails: 4 cores × 2 − 8 used < 1', filter: 'CoreFilter', release: 'queens', config: ratios(1, 2),
    node: { vcpus: 4, usedVcpus: 8 }, request: { vcpus: 1 }, want: false },
  { name: 'CoreFilter fail-safe: node reports 0 vCPUs', filter: 'CoreFilter', release: 'queens', config: ratios(1, 2),
    node: { vcpus: 0, usedVcpus: 8 }, request: { vcpus: 1 }, want: true },
  { name: 'CoreFilter single instance overcommit fails (Liberty+)', filter: 'CoreFilter', release: 'queens', config: ratios(1, 2),
    node: { vcpus: 1 }, request: { vcpus: 2 }, want: false },
  // test_disk_filters.py (swap MiB folded into the request's GiB)
  { name: 'DiskFilter passes: 1+1 GB + 512 MB swap, 11 of 13 GB free', filter: 'DiskFilter', release: 'queens',
    node: { diskGiB: 13, usedDiskGiB: 2 }, request: { diskGiB: 2.5 }, want: true },
  { name: 'DiskFilter fails: 10+1 GB + 1 GB swap, 11 of 13 GB free', filter: 'DiskFilter', release: 'queens',
    node: { diskGiB: 13, usedDiskGiB: 2 }, request: { diskGiB: 12 }, want: false },
  { name: 'DiskFilter oversubscribe: 7 GB on 1 of 12 GB free, ratio 10', filter: 'DiskFilter', release: 'queens',
    config: { diskAllocationRatio: 10 }, node: { diskGiB: 12, usedDiskGiB: 11 }, request: { diskGiB: 7 }, want: true },
  { name: 'DiskFilter oversubscribe single instance fails: 13 GB on a 12 GB disk', filter: 'DiskFilter', release: 'queens',
    config: { diskAllocationRatio: 10 }, node: { diskGiB: 12, usedDiskGiB: 1 }, request: { diskGiB: 13 }, want: false },
  { name: 'DiskFilter oversubscribe fails: 120 GB, 119 allowed', filter: 'DiskFilter', release: 'queens',
    config: { diskAllocationRatio: 10 }, node: { diskGiB: 12, usedDiskGiB: 1 }, request: { diskGiB: 120 }, want: false },
  // ComputeFilter: service_is_up is `elapsed <= service_down_time`.
  { name: 'ComputeFilter: heartbeat 60 s ago is still up', filter: 'ComputeFilter', node: { heartbeat: 40 }, now: 100,
    request: {}, want: true },
  { name: 'ComputeFilter: heartbeat 61 s ago is down', filter: 'ComputeFilter', node: { heartbeat: 39 }, now: 100,
    request: {}, want: false },
  { name: 'ComputeFilter: disabled service', filter: 'ComputeFilter', node: { disabled: true }, request: {}, want: false },
  { name: 'RetryFilter: untried node passes', filter: 'RetryFilter', node: {}, tried: [3], request: {}, want: true },
  { name: 'RetryFilter: tried node fails', filter: 'RetryFilter', node: {}, tried: [0], request: {}, want: false },
  { name: 'AvailabilityZoneFilter: no AZ requested', filter: 'AvailabilityZoneFilter', node: { az: 'az1' }, request: {}, want: true },
  { name: 'AvailabilityZoneFilter: same AZ', filter: 'AvailabilityZoneFilter', node: { az: 'az1' }, request: { az: 'az1' }, want: true },
  { name: 'AvailabilityZoneFilter: other AZ', filter: 'AvailabilityZoneFilter', node: { az: 'az1' }, request: { az: 'az2' }, want: false },
  { name: 'ImagePropertiesFilter: no hypervisor required', filter: 'ImagePropertiesFilter', node: { hypervisor: 'vmware' },
    request: {}, want: true },
  { name: 'ImagePropertiesFilter: vmware image on a vmware node', filter: 'ImagePropertiesFilter', node: { hypervisor: 'vmware' },
    request: { hypervisor: 'vmware' }, want: true },
  { name: 'ImagePropertiesFilter: vmware image on a kvm node', filter: 'ImagePropertiesFilter', node: { hypervisor: 'kvm' },
    request: { hypervisor: 'vmware' }, want: false },
  { name: 'ImagePropertiesFilter: kvm image on a vmware node', filter: 'ImagePropertiesFilter', node: { hypervisor: 'vmware' },
    request: { hypervisor: 'kvm' }, want: false },
  // test_affinity_filters.py
  { name: 'ServerGroupAntiAffinityFilter: no group', filter: 'ServerGroupAntiAffinityFilter', node: { groups: [[7, 1]] },
    request: {}, want: true },
  { name: 'ServerGroupAntiAffinityFilter: node holds no member', filter: 'ServerGroupAntiAffinityFilter',
    node: { groups: [[8, 3]] }, request: { group: anti() }, want: true },
  { name: 'ServerGroupAntiAffinityFilter: node holds a member', filter: 'ServerGroupAntiAffinityFilter',
    node: { groups: [[7, 1]] }, request: { group: anti() }, want: false },
  { name: 'ServerGroupAntiAffinityFilter: max_server_per_host 2, one member here', filter: 'ServerGroupAntiAffinityFilter',
    node: { groups: [[7, 1]] }, request: { group: anti(2) }, want: true },
  { name: 'ServerGroupAntiAffinityFilter: max_server_per_host 2, two members here', filter: 'ServerGroupAntiAffinityFilter',
    node: { groups: [[7, 2]] }, request: { group: anti(2, 2) }, want: false },
  { name: 'ServerGroupAntiAffinityFilter ignores affinity groups', filter: 'ServerGroupAntiAffinityFilter',
    node: { groups: [[7, 1]] }, request: { group: aff(1) }, want: true },
  { name: 'ServerGroupAffinityFilter: group without members goes anywhere', filter: 'ServerGroupAffinityFilter',
    node: {}, request: { group: aff(0) }, want: true },
  { name: 'ServerGroupAffinityFilter: node holds a member', filter: 'ServerGroupAffinityFilter',
    node: { groups: [[7, 1]] }, request: { group: aff(1) }, want: true },
  { name: 'ServerGroupAffinityFilter: members elsewhere', filter: 'ServerGroupAffinityFilter',
    node: { groups: [[8, 1]] }, request: { group: aff(2) }, want: false },
  { name: 'ServerGroupAffinityFilter ignores anti-affinity groups', filter: 'ServerGroupAffinityFilter',
    node: {}, request: { group: anti(1, 3) }, want: true },
  // test_num_instances_filters.py
  { name: 'NumInstancesFilter: 4 instances, max 5', filter: 'NumInstancesFilter', config: { maxInstancesPerHost: 5 },
    node: { instances: 4 }, request: {}, want: true },
  { name: 'NumInstancesFilter: 5 instances, max 5', filter: 'NumInstancesFilter', config: { maxInstancesPerHost: 5 },
    node: { instances: 5 }, request: {}, want: false },
];

describe('filters', () => {
  it.each(CASES)('$name', (c) => {
    const node = fakeNode(0, c.node);
    if (c.node.disabled) node.serviceDisabled = true;
    if (c.node.heartbeat !== undefined) node.lastHeartbeat = c.node.heartbeat;
    for (const [group, count] of c.node.groups ?? []) node.groupMembers.set(group, count);
    const config = configOf(c.release ?? 'grizzly', c.config);
    const request: RequestSpec = { vcpus: 1, ramMiB: 512, diskGiB: 1, ...c.request };
    const context = { config, now: c.now ?? 0, tried: new Set(c.tried ?? []) };
    expect(FILTERS[c.filter].passes(node, request, context)).toBe(c.want);
  });

  it('every configurable filter has a table case', () => {
    const covered = new Set(CASES.map((c) => c.filter));
    expect(Object.keys(FILTERS).filter((name) => !covered.has(name as FilterName))).toEqual([]);
  });

  it('a filter\'s threshold form decides exactly as passes (random nodes, requests, ratios, reserves, releases)', () => {
    const withThreshold = (Object.keys(FILTERS) as FilterName[]).filter((name) => FILTERS[name].threshold);
    expect(withThreshold.sort()).toEqual(['CoreFilter', 'DiskFilter', 'RamFilter']);
    const amount = fc.constantFrom(0, 1, 2, 4, 16, 32, 40, 512, 1024, 2048, 4096, 8192, 16384, 65536);
    fc.assert(fc.property(
      fc.record({ vcpus: amount, ramMiB: amount, diskGiB: amount, usedVcpus: amount, usedRamMiB: amount, usedDiskGiB: amount }),
      fc.record({ vcpus: amount, ramMiB: amount, diskGiB: amount }),
      fc.constantFrom('grizzly', 'queens', 'modern') as fc.Arbitrary<'grizzly' | 'queens' | 'modern'>,
      fc.constantFrom(0.5, 1, 1.5, 16), fc.constantFrom(0, 512, 2048, 1536),
      (spec, request, release, ratio, reserved) => {
        const node = fakeNode(0, spec);
        const config = configOf(release, { ramAllocationRatio: ratio, cpuAllocationRatio: ratio, diskAllocationRatio: ratio,
          reservedHostMemoryMiB: reserved, reservedHostDiskMiB: reserved });
        const context = { config, now: 0, tried: new Set<number>() };
        for (const name of withThreshold) {
          const filter = FILTERS[name];
          const t = filter.threshold!;
          expect(t.demand(request) <= t.bound(node, config)).toBe(filter.passes(node, request, context));
        }
      }), { numRuns: 2000 });
  });
});
