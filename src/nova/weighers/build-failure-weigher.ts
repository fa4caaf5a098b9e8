// BuildFailureWeigher: raw = builds failed on the node since its last success, no minval (min-max); Nova negates the
// configured build_failure_weight_multiplier (1000000.0), so a node that just failed a build sinks to the bottom
// (nova/scheduler/weights/compute.py, Rocky+).

import type { HostWeigher } from './host-weigher.js';

export const buildFailureWeigher: HostWeigher = {
  name: 'BuildFailureWeigher',
  multiplierSign: -1,
  raw: (node) => node.failedBuilds,
};
