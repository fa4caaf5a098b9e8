// DiskWeigher: free disk in MiB = total − reserved − used, without the allocation ratio; minval = 0
// (nova/scheduler/weights/disk.py).

import type { HostWeigher } from './host-weigher.js';

export const diskWeigher: HostWeigher = {
  name: 'DiskWeigher',
  minval: 0,
  raw: (node, config) => node.totalDiskGiB * 1024 - config.reservedHostDiskMiB - node.usedDiskGiB * 1024,
};
