// Named random streams: each exogenous process draws from its own generator seeded by (seed, replication, name),
// so every arm of a replication sees the same arrivals and failures whatever its policies draw.

import seedrandom from 'seedrandom';

/** A source of uniform numbers in [0, 1). */
export type Rng = () => number;

/**
 * One draw from a stream. Model code draws with `uniform(rng)` rather than `rng()`: seedrandom makes each stream's
 * generator a new closure, and V8 compiles a call site that has only seen one closure for that closure alone, so the
 * next replication's streams would deoptimise it. This one call site sees every stream, and V8 compiles it for every
 * closure of seedrandom's generator, in every run of a batch.
 */
export function uniform(rng: Rng): number {
  return rng();
}

export function createStream(seed: number, replication: number, name: string): Rng {
  return seedrandom.alea(`capsim/${seed}/${replication}/${name}`);
}
