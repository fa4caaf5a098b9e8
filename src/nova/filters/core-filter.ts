// CoreFilter: total × cpu_allocation_ratio − used ≥ requested vCPUs; a node reporting 0 vCPUs always passes
// (nova/scheduler/filters/core_filter.py "fail safe"). Since Liberty a request above the node's total is refused.

import { coreFilterFree, refusesSelfOvercommit } from '../capacity.js';
import type { HostFilter } from './host-filter.js';

export const coreFilter: HostFilter = {
  name: 'CoreFilter',
  passes: (node, request, { config }) => node.totalVcpus === 0 ||
    (!(refusesSelfOvercommit(config) && request.vcpus > node.totalVcpus) && coreFilterFree(node, config) >= request.vcpus),
  threshold: {
    demand: (request) => request.vcpus,
    bound: (node, config) => node.totalVcpus === 0 ? Infinity : refusesSelfOvercommit(config)
      ? Math.min(node.totalVcpus, coreFilterFree(node, config)) : coreFilterFree(node, config),
  },
};
