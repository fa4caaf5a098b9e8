// NumInstancesWeigher: raw = instances on the node, no minval, so normalised min-max
// (nova/scheduler/weights/num_instances.py, 2023.2+; num_instances_weight_multiplier 0.0 by default).
// Positive multiplier packs onto busy nodes, negative spreads by count.

import type { HostWeigher } from './host-weigher.js';

export const numInstancesWeigher: HostWeigher = {
  name: 'NumInstancesWeigher',
  raw: (node) => node.numInstances,
};
