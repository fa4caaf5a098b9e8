// RamFilter: enough RAM under the allocation ratio (grizzly or Placement-era formula, DOMAIN.md §2).

import { ramFilterFree } from '../capacity.js';
import type { HostFilter } from './host-filter.js';

export const ramFilter: HostFilter = {
  name: 'RamFilter',
  passes: (node, request, { config }) => ramFilterFree(node, config) >= request.ramMiB,
};
