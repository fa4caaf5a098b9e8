// CPUWeigher: free vCPUs = total × cpu_allocation_ratio − used.

import type { HostWeigher } from './host-weigher.js';

export const cpuWeigher: HostWeigher = {
  name: 'CPUWeigher',
  raw: (node, config) => node.totalVcpus * config.cpuAllocationRatio - node.usedVcpus,
};
