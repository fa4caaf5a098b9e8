// ServerGroupAffinityFilter: for an affinity group, a node passes when the group has no members yet, or when the node
// already holds one (nova/scheduler/filters/affinity_filter.py: host in instance_group.hosts). Members depart
// independently, so a group whose members have all gone may start again anywhere.

import type { HostFilter } from './host-filter.js';

export const serverGroupAffinityFilter: HostFilter = {
  name: 'ServerGroupAffinityFilter',
  passes: (node, { group }) =>
    group === undefined || group.policy !== 'affinity' || group.members === 0 || node.membersOf(group.id) > 0,
};
