// ComputeFilter: the nova-compute service is enabled and its last heartbeat is within service_down_time.
// A host that died moments ago still passes; builds sent to it fail and are retried.

import type { HostFilter } from './host-filter.js';

export const computeFilter: HostFilter = {
  name: 'ComputeFilter',
  passes: (node, _request, { config, now }) => node.serviceUp(now, config.serviceDownTime),
};
