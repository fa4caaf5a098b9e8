// CPUWeigher: free vCPUs = total × cpu_allocation_ratio − used; minval = 0 (nova/scheduler/weights/cpu.py, Rocky+).

import type { HostWeigher } from './host-weigher.js';

export const cpuWeigher: HostWeigher = {
  name: 'CPUWeigher',
  minval: 0,
  raw: (node, config) => node.totalVcpus * config.cpuAllocationRatio - node.usedVcpus,
};
