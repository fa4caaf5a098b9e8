// DiskFilter: usable disk = total × disk_allocation_ratio − (reserved + used) ≥ (root + ephemeral) × 1024 MB
// (nova/scheduler/filters/disk_filter.py). Since Liberty a request above the node's total disk is refused.

import { diskFilterFreeMiB, refusesSelfOvercommit } from '../capacity.js';
import type { HostFilter } from './host-filter.js';

export const diskFilter: HostFilter = {
  name: 'DiskFilter',
  passes: (node, request, { config }) => {
    const requestedMiB = request.diskGiB * 1024;
    if (refusesSelfOvercommit(config) && requestedMiB > node.totalDiskGiB * 1024) return false;
    return diskFilterFreeMiB(node, config) >= requestedMiB;
  },
  threshold: {
    demand: (request) => request.diskGiB * 1024,
    bound: (node, config) => refusesSelfOvercommit(config)
      ? Math.min(node.totalDiskGiB * 1024, diskFilterFreeMiB(node, config)) : diskFilterFreeMiB(node, config),
  },
};
