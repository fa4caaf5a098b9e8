// Nova's capacity arithmetic by era (DOMAIN.md §2), in one place so filters, Placement and the KVM host limits agree.

import type { ComputeNode } from './compute-node.js';
import type { NovaConfig } from './release-profiles.js';

/** RamFilter's free RAM (MiB). Grizzly: total × ratio − (reserved + used); Placement era: (total − reserved) × ratio − used. */
export function ramFilterFree(node: ComputeNode, config: NovaConfig): number {
  const { ramAllocationRatio: ratio, reservedHostMemoryMiB: reserved } = config;
  return config.capacityCheck === 'filters'
    ? node.totalRamMiB * ratio - (reserved + node.usedRamMiB)
    : (node.totalRamMiB - reserved) * ratio - node.usedRamMiB;
}

/** CoreFilter's free vCPUs: total × ratio − used. */
export function coreFilterFree(node: ComputeNode, config: NovaConfig): number {
  return node.totalVcpus * config.cpuAllocationRatio - node.usedVcpus;
}

/** DiskFilter's free disk (MiB): total × ratio − (reserved + used). */
export function diskFilterFreeMiB(node: ComputeNode, config: NovaConfig): number {
  return node.totalDiskGiB * 1024 * config.diskAllocationRatio - (config.reservedHostDiskMiB + node.usedDiskGiB * 1024);
}

/** Placement's allocation-candidate rule for VCPU, MEMORY_MB and DISK_GB, with max_unit. */
export function placementAccepts(node: ComputeNode, config: NovaConfig, vcpus: number, ramMiB: number, diskGiB: number): boolean {
  const ramCapacity = (node.totalRamMiB - config.reservedHostMemoryMiB) * config.ramAllocationRatio;
  const cpuCapacity = node.totalVcpus * config.cpuAllocationRatio;
  const diskCapacity = (node.totalDiskGiB - config.reservedHostDiskMiB / 1024) * config.diskAllocationRatio;
  return node.usedRamMiB + ramMiB <= ramCapacity && ramMiB <= node.maxUnitRamMiB &&
    node.usedVcpus + vcpus <= cpuCapacity && vcpus <= node.maxUnitVcpus &&
    node.usedDiskGiB + diskGiB <= diskCapacity && diskGiB <= node.maxUnitDiskGiB;
}
