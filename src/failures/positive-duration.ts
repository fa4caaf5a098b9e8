// A repair draw that is never zero (its own file: the group-outage schedule needs it without the run's Outages).

import type { Sampler } from '../engine/distributions.js';
import type { Rng } from '../engine/random-streams.js';

/** A repair draw; a zero-length outage would be a failure and repair at one instant, so it lasts at least 1 ms. */
export function positive(draw: Sampler, rng: Rng): number {
  return Math.max(1e-3, draw(rng));
}
