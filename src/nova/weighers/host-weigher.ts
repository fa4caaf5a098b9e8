// A Nova weigher: one raw value per node; multipliers and normalisation are applied in weigh.ts.

import type { ComputeNode } from '../compute-node.js';
import type { NovaConfig } from '../release-profiles.js';

export interface HostWeigher {
  readonly name: string;
  raw(node: ComputeNode, config: NovaConfig): number;
}
