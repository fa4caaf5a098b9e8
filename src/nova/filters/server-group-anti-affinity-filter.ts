// ServerGroupAntiAffinityFilter: for an anti-affinity group, a node passes while it holds fewer than
// max_server_per_host (default 1) of the group's members (nova/scheduler/filters/affinity_filter.py). Requests
// outside an anti-affinity group always pass.

import type { HostFilter } from './host-filter.js';

export const serverGroupAntiAffinityFilter: HostFilter = {
  name: 'ServerGroupAntiAffinityFilter',
  passes: (node, { group }) =>
    group === undefined || group.policy !== 'anti-affinity' || node.membersOf(group.id) < group.maxServerPerHost,
};
