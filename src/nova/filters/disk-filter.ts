// DiskFilter: enough disk (root + ephemeral, in MiB) under disk_allocation_ratio.

import { diskFilterFreeMiB } from '../capacity.js';
import type { HostFilter } from './host-filter.js';

export const diskFilter: HostFilter = {
  name: 'DiskFilter',
  passes: (node, request, { config }) => diskFilterFreeMiB(node, config) >= request.diskGiB * 1024,
};
