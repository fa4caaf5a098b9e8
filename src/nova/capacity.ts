// Nova's capacity arithmetic by era, in one place so filters, Placement and the KVM host limits agree.
//
// The capacity filters never changed their formula: in 2013.1 and in 17.0.0 alike, nova/scheduler/filters/
// ram_filter.py computes total × ratio − (total − free), and the resource tracker's `used` starts at the reserve, so
// free = total × ratio − (reserved + used). Placement (Pike+) instead caps (total − reserved) × ratio.

import type { ComputeNode } from './compute-node.js';
import type { NovaConfig } from './release-profiles.js';

/** RamFilter's usable RAM (MiB): total × ratio − (reserved + used); e.g. 8192 MB, 5632 used, 1.5 → 6144. */
export function ramFilterFree(node: ComputeNode, config: NovaConfig): number {
  return node.totalRamMiB * config.ramAllocationRatio - (config.reservedHostMemoryMiB + node.usedRamMiB);
}

/** CoreFilter's free vCPUs: total × ratio − used (no reserve: reserved_host_cpus is 0 and Rocky+). */
export function coreFilterFree(node: ComputeNode, config: NovaConfig): number {
  return node.totalVcpus * config.cpuAllocationRatio - node.usedVcpus;
}

/** DiskFilter's usable disk (MiB): total × ratio − (reserved + used). */
export function diskFilterFreeMiB(node: ComputeNode, config: NovaConfig): number {
  return node.totalDiskGiB * 1024 * config.diskAllocationRatio - (config.reservedHostDiskMiB + node.usedDiskGiB * 1024);
}

/** Disk reserve as Placement sees it: reserved_host_disk_mb rounded up to whole GB (libvirt driver). */
export function reservedDiskGiB(config: NovaConfig): number {
  return Math.ceil(config.reservedHostDiskMiB / 1024);
}

/** Placement's MEMORY_MB capacity left: (total − reserved) × ratio − used (placement/objects/research_context.py
 * get_providers_with_resource @ 8.0.0); e.g. 8192, 5632 used, 1.5 → 5888. */
export function placementFreeRamMiB(node: ComputeNode, config: NovaConfig): number {
  return (node.totalRamMiB - config.reservedHostMemoryMiB) * config.ramAllocationRatio - node.usedRamMiB;
}

/** Placement's allocation-candidate rule for VCPU, MEMORY_MB and DISK_GB: fits under capacity and max_unit. */
export function placementAccepts(node: ComputeNode, config: NovaConfig, vcpus: number, ramMiB: number, diskGiB: number): boolean {
  const ramCapacity = (node.totalRamMiB - config.reservedHostMemoryMiB) * config.ramAllocationRatio;
  const cpuCapacity = node.totalVcpus * config.cpuAllocationRatio;
  const diskCapacity = (node.totalDiskGiB - reservedDiskGiB(config)) * config.diskAllocationRatio;
  return node.usedRamMiB + ramMiB <= ramCapacity && ramMiB <= node.maxUnitRamMiB &&
    node.usedVcpus + vcpus <= cpuCapacity && vcpus <= node.maxUnitVcpus &&
    node.usedDiskGiB + diskGiB <= diskCapacity && diskGiB <= node.maxUnitDiskGiB;
}

/**
 * Liberty (12.0.0) and later capacity filters refuse a request larger than the node's total before overcommit
 * ("do not allow an instance to overcommit against itself"); grizzly's did not.
 */
export function refusesSelfOvercommit(config: NovaConfig): boolean {
  return config.release !== 'grizzly';
}

/** Free RAM (MiB) as the era's capacity check sees it: Placement's when Placement runs, else RamFilter's. */
export function novaVisibleFreeRamMiB(node: ComputeNode, config: NovaConfig): number {
  return config.capacityCheck === 'filters' ? ramFilterFree(node, config) : placementFreeRamMiB(node, config);
}
