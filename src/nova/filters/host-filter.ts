// A Nova scheduler filter: one yes/no decision per compute node and request.

import type { ComputeNode } from '../compute-node.js';
import type { NovaConfig } from '../release-profiles.js';
import type { RequestSpec } from '../request-spec.js';

export interface FilterContext {
  readonly config: NovaConfig;
  readonly now: number;
  /** Compute nodes already tried for this request (RetryFilter). */
  readonly tried: ReadonlySet<number>;
}

export interface HostFilter {
  readonly name: string;
  passes(node: ComputeNode, request: RequestSpec, context: FilterContext): boolean;
}
