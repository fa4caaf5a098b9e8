// RamFilter: usable RAM = total × ram_allocation_ratio − (reserved + used) ≥ requested (nova/scheduler/filters/
// ram_filter.py). Since Liberty a request larger than the node's total RAM is refused outright.

import { ramFilterFree, refusesSelfOvercommit } from '../capacity.js';
import type { HostFilter } from './host-filter.js';

export const ramFilter: HostFilter = {
  name: 'RamFilter',
  passes: (node, request, { config }) =>
    !(refusesSelfOvercommit(config) && request.ramMiB > node.totalRamMiB) && ramFilterFree(node, config) >= request.ramMiB,
  // r <= total && r <= free  ⟺  r <= min(total, free)
  threshold: {
    demand: (request) => request.ramMiB,
    bound: (node, config) => refusesSelfOvercommit(config)
      ? Math.min(node.totalRamMiB, ramFilterFree(node, config)) : ramFilterFree(node, config),
  },
};
