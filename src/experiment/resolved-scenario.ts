// The scenario exactly as it ran, for manifest.json: every default filled in (the schema's, and each arm's Nova
// options from its release profile), written in the scenario format so that it validates and re-runs as it is.

import { resolveNovaConfig, type Release } from '../nova/release-profiles.js';
import type { Scenario } from '../scenario/schema.js';

export function resolvedScenario(scenario: Scenario): Scenario {
  return {
    ...scenario,
    arms: scenario.arms.map((arm) => {
      const release = (arm.release ?? scenario.release) as Release;
      // release and vcdriverReporting follow from the arm's release; the rest are options an arm may set.
      const { release: _release, vcdriverReporting: _reporting, weighers, ...options } = resolveNovaConfig(release, arm.nova);
      return {
        ...arm,
        release,
        nova: { ...options, weighers: weighers.map((w) => ({ [w.name]: w.multiplier })) },
      };
    }),
  } as Scenario;
}
