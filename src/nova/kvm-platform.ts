// Exposes physical hosts as libvirt/KVM compute nodes: one node per host, and the host's limits set from Nova's
// capacity rules so that "no host holds more than its capacity allows" means exactly what Nova enforces.

import type { PhysicalHost } from '../model/physical-host.js';
import type { World } from '../model/world.js';
import { ComputeNode } from './compute-node.js';
import { KvmDriver } from './kvm-driver.js';
import type { NovaConfig } from './release-profiles.js';

export function buildKvmNodes(world: World, hosts: readonly PhysicalHost[], config: NovaConfig, firstId: number): ComputeNode[] {
  const driver = new KvmDriver(world);
  const placement = config.capacityCheck !== 'filters';
  const filtersCheck = config.capacityCheck !== 'placement';
  const checksRam = placement || (filtersCheck && config.filters.includes('RamFilter'));
  const checksCpu = placement || (filtersCheck && config.filters.includes('CoreFilter'));
  const checksDisk = placement || (filtersCheck && config.filters.includes('DiskFilter'));
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
    const reservedRam = config.reservedHostMemoryMiB;
    const reservedDiskGiB = config.reservedHostDiskMiB / 1024;
    // The tighter of the enabled checks bounds what the host can hold.
    host.capRamMiB = !checksRam ? Infinity : Math.min(
      placement ? (host.ramMiB - reservedRam) * config.ramAllocationRatio : Infinity,
      filtersCheck && config.filters.includes('RamFilter')
        ? (config.capacityCheck === 'filters' ? host.ramMiB * config.ramAllocationRatio - reservedRam
          : (host.ramMiB - reservedRam) * config.ramAllocationRatio)
        : Infinity,
    );
    host.capVcpus = checksCpu ? host.cpus * config.cpuAllocationRatio : Infinity;
    host.capDiskGiB = !checksDisk ? Infinity : (host.diskGiB - reservedDiskGiB) * config.diskAllocationRatio;
    return node;
  });
}
