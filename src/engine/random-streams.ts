// Named random streams: each exogenous process draws from its own generator seeded by (seed, replication, name),
// so every arm of a replication sees the same arrivals and failures whatever its policies draw.

import seedrandom from 'seedrandom';

/** A source of uniform numbers in [0, 1). */
export type Rng = () => number;

/** One draw from a stream; model code draws with `uniform(rng)`, not `rng()` (docs/performance.md, "call targets"). */
export function uniform(rng: Rng): number {
  return rng();
}

export function createStream(seed: number, replication: number, name: string): Rng {
  return seedrandom.alea(`capsim/${seed}/${replication}/${name}`);
}
