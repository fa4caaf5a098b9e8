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
  /**
   * For a filter that compares one request amount with one node bound: passes(node, request, context) is exactly
   * demand(request) <= bound(node, config). The scheduler's fast path then computes the bound once per node change
   * instead of calling passes for every request shape (its property tests compare it with the reference, which only
   * calls passes).
   */
  readonly threshold?: {
    demand(request: RequestSpec): number;
    bound(node: ComputeNode, config: NovaConfig): number;
  };
}
