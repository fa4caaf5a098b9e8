// NumInstancesFilter: a node passes while it holds fewer than max_instances_per_host (50) instances
// (nova/scheduler/filters/num_instances_filter.py).

import type { HostFilter } from './host-filter.js';

export const numInstancesFilter: HostFilter = {
  name: 'NumInstancesFilter',
  passes: (node, _request, { config }) => node.numInstances < config.maxInstancesPerHost,
};
