// RAMWeigher: free RAM in MiB = total − reserved − used, without the allocation ratio (negative under overcommit).

import type { HostWeigher } from './host-weigher.js';

export const ramWeigher: HostWeigher = {
  name: 'RAMWeigher',
  raw: (node, config) => node.totalRamMiB - config.reservedHostMemoryMiB - node.usedRamMiB,
};
