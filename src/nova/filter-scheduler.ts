// Nova's FilterScheduler (nova/scheduler/filter_scheduler.py FilterScheduler._schedule @ 2013.1, 17.0.0): Placement
// candidates (by era) → filters → weighers → random pick among the top host_subset_size. Ties keep host-list order
// unless shuffle_best_same_weighed_hosts. This is the readable reference implementation; faster variants must make the
// same decisions.

import { uniform, type Rng } from '../engine/random-streams.js';
import { placementAccepts } from './capacity.js';
import type { ComputeNode } from './compute-node.js';
import { FastPathIndex, fastPathUnsupported } from './fast-path/fast-path-index.js';
import { filterNamed } from './filters/index.js';
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

/** What Nova's conductor asks of a scheduler driver (FilterScheduler or ChanceScheduler). */
export interface Scheduler {
  /** Picks a compute node for the request, or returns undefined (NoValidHost). Does not claim. */
  select(request: RequestSpec, now: number, tried: ReadonlySet<number>, trace?: SchedulingTrace): ComputeNode | undefined;
}

export class FilterScheduler implements Scheduler {
  private readonly filters: HostFilter[];
  private scores = new Float64Array(64);
  private scratch = new Float64Array(64);
  private readonly usePlacement: boolean;
  /** Indexed fast path (nova/fast-path/), when the configuration allows it and it is not switched off. */
  readonly fastPath: FastPathIndex | undefined;

  constructor(
    private readonly nodes: readonly ComputeNode[],
    private readonly config: NovaConfig,
    private readonly rng: Rng,
    options: { fastPath?: boolean } = {},
  ) {
    this.filters = config.filters.map(filterNamed);
    this.usePlacement = config.capacityCheck !== 'filters';
    this.fastPath = options.fastPath !== false && fastPathUnsupported(config) === undefined
      ? new FastPathIndex(nodes, config) : undefined;
  }

  select(request: RequestSpec, now: number, tried: ReadonlySet<number>, trace?: SchedulingTrace): ComputeNode | undefined {
    if (this.fastPath && !trace) {
      const chosen = this.fastPath.select(request, now, tried, this.rng);
      if (chosen !== undefined) return chosen ?? undefined;
    }
    const context: FilterContext = { config: this.config, now, tried };
    const config = this.config;
    let candidates: ComputeNode[] = [];
    if (this.usePlacement) {
      for (const node of this.nodes) {
        if (placementAccepts(node, config, request.vcpus, request.ramMiB, request.diskGiB)) candidates.push(node);
      }
      trace?.removed.push({ stage: 'Placement', count: this.nodes.length - candidates.length });
      // Placement-era retries use the alternates of the first selection, which never repeat a tried node, whether
      // or not RetryFilter is listed (it was deprecated in Train).
      if (tried.size > 0 && !config.filters.includes('RetryFilter')) {
        candidates = candidates.filter((node) => !tried.has(node.id));
      }
    } else {
      candidates = this.nodes.slice();
    }
    for (const filter of this.filters) {
      if (candidates.length === 0) break;
      // In-place compaction keeps host-list order.
      let kept = 0;
      for (let i = 0; i < candidates.length; i++) {
        const node = candidates[i];
        if (filter.passes(node, request, context)) candidates[kept++] = node;
      }
      trace?.removed.push({ stage: filter.name, count: candidates.length - kept });
      candidates.length = kept;
    }
    if (trace) trace.candidates = candidates.length;
    if (candidates.length === 0) return undefined;
    return this.pick(candidates, trace);
  }

  private pick(candidates: ComputeNode[], trace?: SchedulingTrace): ComputeNode {
    const n = candidates.length;
    if (this.scores.length < n) {
      this.scores = new Float64Array(Math.max(n, this.scores.length * 2));
      this.scratch = new Float64Array(this.scores.length);
    }
    const scores = this.scores;
    weigh(candidates, this.config, scores, this.scratch);
    const subset = Math.min(this.config.hostSubsetSize, n);
    if (subset === 1 && !this.config.shuffleBestSameWeighedHosts) {
      // The highest score, the first in host-list order among equals (what Python's stable descending sort gives).
      let best = 0;
      for (let i = 1; i < n; i++) if (scores[i] > scores[best]) best = i;
      if (trace) trace.winningScore = scores[best];
      return candidates[best];
    }
    // sorted(weighed, key=weight, reverse=True) is stable: equal weights keep host-list order.
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b] - scores[a] || a - b);
    if (this.config.shuffleBestSameWeighedHosts) {
      let ties = 1;
      while (ties < n && scores[order[ties]] === scores[order[0]]) ties++;
      for (let i = ties - 1; i > 0; i--) {
        const j = Math.floor(uniform(this.rng) * (i + 1));
        [order[i], order[j]] = [order[j], order[i]];
      }
    }
    const chosen = order[Math.floor(uniform(this.rng) * subset)];
    if (trace) trace.winningScore = scores[chosen];
    return candidates[chosen];
  }
}
