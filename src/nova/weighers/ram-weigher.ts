// RAMWeigher: free RAM in MiB = total − reserved − used, without the allocation ratio (negative under overcommit);
// minval = 0 (nova/scheduler/weights/ram.py).

import type { HostWeigher } from './host-weigher.js';

export const ramWeigher: HostWeigher = {
  name: 'RAMWeigher',
  minval: 0,
  raw: (node, config) => node.totalRamMiB - config.reservedHostMemoryMiB - node.usedRamMiB,
};
