// ChanceScheduler (nova/scheduler/chance.py, 2013.1 to its removal in Ussuri): a node chosen uniformly at random
// among those whose compute service is up, skipping nodes already tried. No Placement, no filters, no weighers, so no
// capacity check: a node that cannot hold the VM fails the build at the compute's resource claim.

import { uniform, type Rng } from '../engine/random-streams.js';
import type { ComputeNode } from './compute-node.js';
import type { Scheduler, SchedulingTrace } from './filter-scheduler.js';
import type { NovaConfig } from './release-profiles.js';
import type { RequestSpec } from './request-spec.js';

export class ChanceScheduler implements Scheduler {
  private readonly up: ComputeNode[] = [];

  constructor(
    private readonly nodes: readonly ComputeNode[],
    private readonly config: NovaConfig,
    private readonly rng: Rng,
  ) {}

  select(_request: RequestSpec, now: number, tried: ReadonlySet<number>, trace?: SchedulingTrace): ComputeNode | undefined {
    const up = this.up;
    up.length = 0;
    for (const node of this.nodes) {
      if (node.serviceUp(now, this.config.serviceDownTime) && !tried.has(node.id)) up.push(node);
    }
    if (trace) {
      trace.removed.push({ stage: 'ServiceUp', count: this.nodes.length - up.length });
      trace.candidates = up.length;
      trace.winningScore = 0;
    }
    if (up.length === 0) return undefined;
    return up[Math.floor(uniform(this.rng) * up.length)];
  }
}
