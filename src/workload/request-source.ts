// The stream of VM requests, identical in every arm of a replication: each attribute draws from its own named
// stream (arrival gaps, flavor, lifetime, HA priority, server group, hypervisor requirement), generated one request at
// a time. A stream added later never shifts the draws of the others.

import { createStream, type Rng } from '../engine/random-streams.js';
import { sampler, type Sampler } from '../engine/distributions.js';
import { DEFAULT_HA_PRIORITY } from '../model/ha-priority.js';
import type { Scenario } from '../scenario/schema.js';
import { GROUP_POLICY_CODES, HYPERVISOR_CODES, type RequestTrace } from './request-trace.js';

export interface Request {
  time: number;
  flavor: number;
  lifetime: number;
  haPriority: number;
  /** Server group id (-1: none), its policy and anti-affinity max_server_per_host. */
  serverGroup: number;
  groupPolicy: 'affinity' | 'anti-affinity' | undefined;
  maxServerPerHost: number;
  /** Hypervisor the image requires, if any. */
  hypervisor: 'kvm' | 'vmware' | undefined;
}

/** A request with nothing set, for callers to fill with `next`. */
export function emptyRequest(): Request {
  return { time: 0, flavor: 0, lifetime: 0, haPriority: 0, serverGroup: -1, groupPolicy: undefined, maxServerPerHost: 1,
    hypervisor: undefined };
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
  const workload = scenario.workload as GeneratedWorkload;
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
  const groups = serverGroupDraws(workload, seed, replication);
  const hypervisors = hypervisorDraws(workload, seed, replication);
  let time = 0;
  return {
    next(out: Request): boolean {
      time += -meanGap * Math.log(1 - gapRng());
      out.time = time;
      out.flavor = flavors.pick(flavorRng());
      out.lifetime = lifetime(lifetimeRng);
      out.haPriority = priorities ? priorityIndex[priorities.pick(priorityRng())] : DEFAULT_HA_PRIORITY;
      out.hypervisor = hypervisors();
      groups(out);
      return true;
    },
  };
}

type GeneratedWorkload = Extract<Scenario['workload'], { arrivals: unknown }>;
const HYPERVISORS = ['kvm', 'vmware'] as const;

/** One draw per request from 'workload/hypervisor': the hypervisor the image requires, or undefined. */
function hypervisorDraws(workload: GeneratedWorkload, seed: number, replication: number): () => 'kvm' | 'vmware' | undefined {
  const shares = workload.requireHypervisor;
  if (!shares) return () => undefined;
  const rng = createStream(seed, replication, 'workload/hypervisor');
  const kvm = shares.kvm ?? 0;
  const vmware = shares.vmware ?? 0;
  return () => {
    const u = rng();
    return u < kvm ? HYPERVISORS[0] : u < kvm + vmware ? HYPERVISORS[1] : undefined;
  };
}

/**
 * One draw per request from 'workload/server-groups' picks the request's group class (or none); consecutive
 * requests of a class fill one group of the class's size, then the next group opens. Every member of a group takes
 * the hypervisor requirement of its first member, so a group never asks for two kinds of node.
 */
function serverGroupDraws(workload: GeneratedWorkload, seed: number, replication: number): (out: Request) => void {
  const classes = workload.serverGroups ?? [];
  const none = (out: Request) => {
    out.serverGroup = -1;
    out.groupPolicy = undefined;
    out.maxServerPerHost = 1;
  };
  if (classes.length === 0) return none;
  const rng = createStream(seed, replication, 'workload/server-groups');
  const cumulative = new Float64Array(classes.length);
  classes.reduce((sum, c, k) => (cumulative[k] = sum + c.share), 0);
  const open = classes.map(() => ({ id: -1, members: 0, hypervisor: undefined as 'kvm' | 'vmware' | undefined }));
  let nextGroup = 0;
  return (out: Request) => {
    const u = rng();
    let k = 0;
    while (k < classes.length && u >= cumulative[k]) k++;
    if (k === classes.length) return none(out);
    const group = open[k];
    if (group.id < 0 || group.members === classes[k].size) {
      group.id = nextGroup++;
      group.members = 0;
      group.hypervisor = out.hypervisor;
    }
    group.members++;
    out.serverGroup = group.id;
    out.groupPolicy = classes[k].policy;
    out.maxServerPerHost = classes[k].maxServerPerHost;
    out.hypervisor = group.hypervisor;
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
      out.serverGroup = trace.serverGroup[i];
      out.groupPolicy = GROUP_POLICY_CODES[trace.groupPolicy[i]];
      out.maxServerPerHost = trace.maxServerPerHost[i];
      out.hypervisor = HYPERVISOR_CODES[trace.hypervisor[i]];
      i++;
      return true;
    },
  };
}

export type { Rng };
