// Exposes physical hosts as libvirt/KVM compute nodes: one node per host, and the host's limits set from Nova's
// capacity rules so that "no host holds more than its capacity allows" means exactly what Nova enforces.

import type { PhysicalHost } from '../model/physical-host.js';
import type { World } from '../model/world.js';
import { reservedDiskGiB } from './capacity.js';
import { ComputeNode } from './compute-node.js';
import { KvmDriver } from './kvm-driver.js';
import type { NovaConfig } from './release-profiles.js';

export function buildKvmNodes(world: World, hosts: readonly PhysicalHost[], config: NovaConfig, firstId: number): ComputeNode[] {
  const driver = new KvmDriver(world);
  // ChanceScheduler checks nothing; capsim then lets the compute's claim enforce the era's allocation ratios (real
  // grizzly claims without scheduler limits would overcommit without bound).
  const chance = config.driver === 'chance';
  const placement = config.capacityCheck !== 'filters' || chance;
  const filtersCheck = config.capacityCheck !== 'placement' && !chance;
  const ramFilter = filtersCheck && config.filters.includes('RamFilter');
  const coreFilter = filtersCheck && config.filters.includes('CoreFilter');
  const diskFilter = filtersCheck && config.filters.includes('DiskFilter');
  const reservedRam = config.reservedHostMemoryMiB;
  return hosts.map((host, i) => {
    const node = new ComputeNode(firstId + i, host.name, 'kvm', host.az, [host], driver);
    node.totalVcpus = host.cpus;
    node.totalRamMiB = host.ramMiB;
    node.totalDiskGiB = host.diskGiB;
    if (placement) {
      node.maxUnitVcpus = host.cpus;
      node.maxUnitRamMiB = host.ramMiB;
      node.maxUnitDiskGiB = host.diskGiB;
    }
    host.computeNode = node.id;
    host.hostReserveRamMiB = reservedRam;
    // The tighter of the enabled checks bounds what the host can hold (capacity.ts has the same formulas).
    host.capRamMiB = Math.min(
      placement ? (host.ramMiB - reservedRam) * config.ramAllocationRatio : Infinity,
      ramFilter ? host.ramMiB * config.ramAllocationRatio - reservedRam : Infinity,
    );
    host.capVcpus = placement || coreFilter ? host.cpus * config.cpuAllocationRatio : Infinity;
    host.capDiskGiB = Math.min(
      placement ? (host.diskGiB - reservedDiskGiB(config)) * config.diskAllocationRatio : Infinity,
      diskFilter ? host.diskGiB * config.diskAllocationRatio - config.reservedHostDiskMiB / 1024 : Infinity,
    );
    return node;
  });
}
