// AvailabilityZoneFilter: a request that names an AZ only goes to nodes in that AZ.

import type { HostFilter } from './host-filter.js';

export const availabilityZoneFilter: HostFilter = {
  name: 'AvailabilityZoneFilter',
  passes: (node, request) => request.az === undefined || request.az === node.az,
};
