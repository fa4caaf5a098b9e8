// Nova's FilterScheduler (DOMAIN.md §2): Placement candidates (by era) → filters → weighers → random pick among
// the top host_subset_size. Ties keep host-list order. This is the reference implementation.

import type { Rng } from '../engine/random-streams.js';
import { placementAccepts } from './capacity.js';
import type { ComputeNode } from './compute-node.js';
import { FastPathIndex, fastPathUnsupported } from './fast-path/fast-path-index.js';
import { FILTERS } from './filters/index.js';
import type { FilterContext, HostFilter } from './filters/host-filter.js';
import type { NovaConfig } from './release-profiles.js';
import type { RequestSpec } from './request-spec.js';
import { weigh } from './weighers/weigh.js';

export interface SchedulingTrace {
  /** Nodes removed by Placement, then by each enabled filter, in order. */
  removed: { stage: string; count: number }[];
  candidates: number;
  winningScore: number;
}

export class FilterScheduler {
  private readonly filters: HostFilter[];
  private scores = new Float64Array(64);
  private readonly usePlacement: boolean;
  /** Indexed fast path (nova/fast-path/), when the configuration allows it and it is not switched off. */
  readonly fastPath: FastPathIndex | undefined;

  constructor(
    private readonly nodes: readonly ComputeNode[],
    private readonly config: NovaConfig,
    private readonly rng: Rng,
    options: { fastPath?: boolean } = {},
  ) {
    this.filters = config.filters.map((name) => FILTERS[name]);
    this.usePlacement = config.capacityCheck !== 'filters';
    this.fastPath = options.fastPath !== false && fastPathUnsupported(config) === undefined
      ? new FastPathIndex(nodes, config) : undefined;
  }

  /** Picks a compute node for the request, or returns undefined (NoValidHost). Does not claim. */
  select(request: RequestSpec, now: number, tried: ReadonlySet<number>, trace?: SchedulingTrace): ComputeNode | undefined {
    if (this.fastPath && !trace) {
      const chosen = this.fastPath.select(request, now, tried, this.rng);
      if (chosen !== undefined) return chosen ?? undefined;
    }
    const context: FilterContext = { config: this.config, now, tried };
    let candidates: ComputeNode[] = [];
    const config = this.config;
    if (this.usePlacement) {
      for (const node of this.nodes) {
        if (placementAccepts(node, config, request.vcpus, request.ramMiB, request.diskGiB)) candidates.push(node);
      }
      trace?.removed.push({ stage: 'Placement', count: this.nodes.length - candidates.length });
    } else {
      candidates = this.nodes.slice();
    }
    // Placement-era retries use alternates, which never repeat a tried node, whether or not RetryFilter is listed.
    if (this.usePlacement && !config.filters.includes('RetryFilter') && tried.size > 0) {
      candidates = candidates.filter((node) => !tried.has(node.id));
    }
    for (const filter of this.filters) {
      const before = candidates.length;
      candidates = candidates.filter((node) => filter.passes(node, request, context));
      trace?.removed.push({ stage: filter.name, count: before - candidates.length });
      if (candidates.length === 0) break;
    }
    if (trace) trace.candidates = candidates.length;
    if (candidates.length === 0) return undefined;
    return this.pick(candidates, trace);
  }

  private pick(candidates: ComputeNode[], trace?: SchedulingTrace): ComputeNode {
    const n = candidates.length;
    if (this.scores.length < n) this.scores = new Float64Array(Math.max(n, this.scores.length * 2));
    const scores = this.scores;
    weigh(candidates, this.config, scores);
    const subset = Math.min(this.config.hostSubsetSize, n);
    if (subset === 1) {
      // Highest score; the first in host-list order among equals (a stable sort would give the same).
      let best = 0;
      for (let i = 1; i < n; i++) if (scores[i] > scores[best]) best = i;
      if (trace) trace.winningScore = scores[best];
      return candidates[best];
    }
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b] - scores[a] || a - b);
    const chosen = order[Math.floor(this.rng() * subset)];
    if (trace) trace.winningScore = scores[chosen];
    return candidates[chosen];
  }
}
