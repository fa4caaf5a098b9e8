// The stream of VM requests, identical in every arm of a replication: each attribute draws from its own named
// stream (arrival gaps, flavor, lifetime, HA priority), generated one request at a time.

import { createStream, type Rng } from '../engine/random-streams.js';
import { sampler, type Sampler } from '../engine/distributions.js';
import { DEFAULT_HA_PRIORITY } from '../model/ha-priority.js';
import type { Scenario } from '../scenario/schema.js';
import type { RequestTrace } from './request-trace.js';

export interface Request {
  time: number;
  flavor: number;
  lifetime: number;
  haPriority: number;
}

export interface RequestSource {
  /** Fills `out` with the next request and returns true, or returns false when there are no more. */
  next(out: Request): boolean;
}

/** Picks an index with probability proportional to its weight, by inverse CDF. */
export class WeightedChoice {
  private readonly cumulative: Float64Array;
  constructor(weights: readonly number[]) {
    this.cumulative = new Float64Array(weights.length);
    let sum = 0;
    weights.forEach((w, i) => (this.cumulative[i] = sum += w));
    for (let i = 0; i < weights.length; i++) this.cumulative[i] /= sum;
  }
  pick(u: number): number {
    const c = this.cumulative;
    for (let i = 0; i < c.length - 1; i++) if (u < c[i]) return i;
    return c.length - 1;
  }
}

export function createRequestSource(scenario: Scenario, replication: number, trace?: RequestTrace): RequestSource {
  if (trace) return traceSource(trace);
  const workload = scenario.workload as Extract<Scenario['workload'], { arrivals: unknown }>;
  const seed = scenario.seed;
  const gapRng = createStream(seed, replication, 'workload/arrivals');
  const flavorRng = createStream(seed, replication, 'workload/flavors');
  const lifetimeRng = createStream(seed, replication, 'workload/lifetimes');
  const priorityRng = createStream(seed, replication, 'workload/ha-priority');
  const meanGap = 3600 / workload.arrivals.poisson.ratePerHour;
  const lifetime: Sampler = sampler(workload.lifetime);
  const flavors = new WeightedChoice(workload.flavors.map((f) => f.weight));
  const priorities = workload.haPriority ? new WeightedChoice(workload.haPriority.map((p) => p.weight)) : undefined;
  const priorityIndex = workload.haPriority?.map((p) => p.index) ?? [];
  let time = 0;
  return {
    next(out: Request): boolean {
      time += -meanGap * Math.log(1 - gapRng());
      out.time = time;
      out.flavor = flavors.pick(flavorRng());
      out.lifetime = lifetime(lifetimeRng);
      out.haPriority = priorities ? priorityIndex[priorities.pick(priorityRng())] : DEFAULT_HA_PRIORITY;
      return true;
    },
  };
}

function traceSource(trace: RequestTrace): RequestSource {
  let i = 0;
  return {
    next(out: Request): boolean {
      if (i >= trace.time.length) return false;
      out.time = trace.time[i];
      out.flavor = trace.flavor[i];
      out.lifetime = trace.lifetime[i];
      out.haPriority = trace.haPriority[i];
      i++;
      return true;
    },
  };
}

export type { Rng };
