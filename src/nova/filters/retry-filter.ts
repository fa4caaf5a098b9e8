// RetryFilter: a rescheduled request skips the compute nodes it already failed on.

import type { HostFilter } from './host-filter.js';

export const retryFilter: HostFilter = {
  name: 'RetryFilter',
  passes: (node, _request, { tried }) => !tried.has(node.id),
};
