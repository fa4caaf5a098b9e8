// CoreFilter: enough vCPUs under cpu_allocation_ratio; a node reporting 0 vCPUs always passes.

import { coreFilterFree } from '../capacity.js';
import type { HostFilter } from './host-filter.js';

export const coreFilter: HostFilter = {
  name: 'CoreFilter',
  passes: (node, request, { config }) => node.totalVcpus === 0 || coreFilterFree(node, config) >= request.vcpus,
};
