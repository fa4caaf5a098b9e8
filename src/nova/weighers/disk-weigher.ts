// DiskWeigher: free disk in MiB = total − reserved − used, without the allocation ratio.

import type { HostWeigher } from './host-weigher.js';

export const diskWeigher: HostWeigher = {
  name: 'DiskWeigher',
  raw: (node, config) => node.totalDiskGiB * 1024 - config.reservedHostDiskMiB - node.usedDiskGiB * 1024,
};
