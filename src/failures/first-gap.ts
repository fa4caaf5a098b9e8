// The first gap of a renewal failure process: from its start (initialState: empty), or from a random moment of a
// process that has always run (equilibrium), i.e. the equilibrium excess of the gap. A decreasing-hazard gap started
// anew fails too often at first.

import { sampler, type DistributionSpec, type Sampler } from '../engine/distributions.js';
import { equilibriumExcess } from '../engine/equilibrium-excess.js';
import type { RunContext } from '../kernel/run-context.js';

export function firstGap(context: RunContext, spec: DistributionSpec): Sampler {
  return context.scenario.initialState === 'equilibrium' ? equilibriumExcess(spec) : sampler(spec);
}
