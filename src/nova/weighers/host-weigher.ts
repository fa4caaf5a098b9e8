// A Nova weigher: one raw value per node; multipliers and normalisation are applied in weigh.ts, as in
// nova/weights.py (BaseWeigher.weigh_objects + normalize).

import type { ComputeNode } from '../compute-node.js';
import type { NovaConfig } from '../release-profiles.js';

export interface HostWeigher {
  readonly name: string;
  raw(node: ComputeNode, config: NovaConfig): number;
  /**
   * BaseWeigher.minval: raw values are clamped up to it and it replaces the list minimum in normalize(), so
   * normalised = value / max. Undefined: min-max over the nodes weighed.
   */
  readonly minval?: number;
  /** −1 when Nova negates the configured multiplier (BuildFailureWeigher). */
  readonly multiplierSign?: 1 | -1;
}
