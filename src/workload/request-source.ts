// The stream of VM requests, identical in every arm of a replication: each attribute draws from its own named
// stream (arrival gaps, flavor, lifetime, HA priority, server group, hypervisor requirement), generated one request at
// a time. A stream added later never shifts the draws of the others.

import { createStream, uniform, type Rng } from '../engine/random-streams.js';
import { sampler, type Sampler } from '../engine/distributions.js';
import { DEFAULT_HA_PRIORITY, haPriorityIndex } from '../model/ha-priority.js';
import type { Scenario } from '../scenario/schema.js';
import { GROUP_POLICY_CODES, HYPERVISOR_CODES, type RequestTrace, type TraceColumnsData } from './request-trace.js';
import { RequestTraceStream } from './request-trace-stream.js';

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
  /** Boots from a volume by the workload's share (a flavor may also say so). */
  bootFromVolume: boolean;
}

/** A request with nothing set (NaN times), for callers to fill with `next` (docs/performance.md, "stable shapes"). */
export function emptyRequest(): Request {
  return new EmptyRequest();
}

class EmptyRequest implements Request {
  time = NaN;
  flavor = 0;
  lifetime = NaN;
  haPriority = 0;
  serverGroup = -1;
  groupPolicy: 'affinity' | 'anti-affinity' | undefined = undefined;
  maxServerPerHost = 1;
  hypervisor: 'kvm' | 'vmware' | undefined = undefined;
  bootFromVolume = false;
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

/**
 * The run's arrivals. `firstGroupId` is the id of the first server group the arrivals open (groups opened by the
 * equilibrium start's population come first).
 */
export function createRequestSource(scenario: Scenario, replication: number, trace?: RequestTrace,
  firstGroupId = 0): RequestSource {
  return trace ? traceSource(trace) : new GeneratedRequests(scenario, replication, 'workload', firstGroupId);
}

type GeneratedWorkload = Extract<Scenario['workload'], { arrivals: unknown }>;
const HYPERVISORS = ['kvm', 'vmware'] as const;

/**
 * The generated workload, its streams named `<streams>/arrivals` etc. A class rather than closures for the reason
 * given at RunEvents (run-replication.ts).
 */
export class GeneratedRequests implements RequestSource {
  private readonly gapRng: Rng;
  private readonly flavorRng: Rng;
  private readonly lifetimeRng: Rng;
  private readonly priorityRng: Rng;
  private readonly meanGap: number;
  private readonly lifetime: Sampler;
  private readonly flavors: WeightedChoice;
  private readonly priorities: WeightedChoice | undefined;
  private readonly priorityIndex: number[];
  /** Each flavor's HA restart priority index, or −1 (the share draw decides). */
  private readonly flavorPriority: number[];
  private readonly groups: ServerGroupDraws | undefined;
  private readonly hypervisors: HypervisorDraws | undefined;
  private readonly bootFromVolumeRng: Rng | undefined;
  private readonly bootFromVolumeShare: number;
  /** The last arrival's time; NaN here and 0 from the constructor, a double field from the first source
   *  (docs/performance.md, "stable shapes"). */
  private time = NaN;

  constructor(scenario: Scenario, replication: number, streams = 'workload', firstGroupId = 0) {
    this.time = 0;
    const workload = scenario.workload as GeneratedWorkload;
    const seed = scenario.seed;
    this.gapRng = createStream(seed, replication, `${streams}/arrivals`);
    this.flavorRng = createStream(seed, replication, `${streams}/flavors`);
    this.lifetimeRng = createStream(seed, replication, `${streams}/lifetimes`);
    this.priorityRng = createStream(seed, replication, `${streams}/ha-priority`);
    this.meanGap = 3600 / workload.arrivals.poisson.ratePerHour;
    this.lifetime = sampler(workload.lifetime);
    this.flavors = new WeightedChoice(workload.flavors.map((f) => f.weight));
    this.priorities = workload.haPriority ? new WeightedChoice(workload.haPriority.map((p) => p.weight)) : undefined;
    this.priorityIndex = workload.haPriority?.map((p) => p.index) ?? [];
    this.flavorPriority = workload.flavors.map((f) => (f.haRestartPriority ? haPriorityIndex(f.haRestartPriority) : -1));
    const classes = workload.serverGroups ?? [];
    this.groups = classes.length > 0
      ? new ServerGroupDraws(classes, createStream(seed, replication, `${streams}/server-groups`), firstGroupId)
      : undefined;
    const shares = workload.requireHypervisor;
    this.hypervisors = shares
      ? new HypervisorDraws(shares, createStream(seed, replication, `${streams}/hypervisor`)) : undefined;
    this.bootFromVolumeShare = workload.bootFromVolumeShare ?? 0;
    this.bootFromVolumeRng = workload.bootFromVolumeShare !== undefined
      ? createStream(seed, replication, `${streams}/boot-from-volume`) : undefined;
  }

  next(out: Request): boolean {
    this.time += -this.meanGap * Math.log(1 - uniform(this.gapRng));
    out.time = this.time;
    out.lifetime = this.lifetime(this.lifetimeRng);
    this.drawAttributes(out);
    return true;
  }

  /** Server groups opened so far (the next group's id is `firstGroupId` plus this). */
  get groupsOpened(): number {
    return this.groups ? this.groups.opened : 0;
  }

  /** Draws a request's flavor, HA priority, hypervisor and server group (not its time or lifetime). */
  drawAttributes(out: Request): void {
    out.flavor = this.flavors.pick(uniform(this.flavorRng));
    out.haPriority = this.priorities
      ? this.priorityIndex[this.priorities.pick(uniform(this.priorityRng))] : DEFAULT_HA_PRIORITY;
    // The flavor's priority wins; the share draw above still runs so that other requests' draws stay the same.
    if (this.flavorPriority[out.flavor] >= 0) out.haPriority = this.flavorPriority[out.flavor];
    out.hypervisor = this.hypervisors?.draw();
    out.bootFromVolume = this.bootFromVolumeRng ? uniform(this.bootFromVolumeRng) < this.bootFromVolumeShare : false;
    if (this.groups) this.groups.draw(out);
    else noGroup(out);
  }
}

/** One draw per request from 'workload/hypervisor': the hypervisor the image requires, or undefined. */
class HypervisorDraws {
  private readonly kvm: number;
  private readonly vmware: number;
  constructor(shares: NonNullable<GeneratedWorkload['requireHypervisor']>, private readonly rng: Rng) {
    this.kvm = shares.kvm ?? 0;
    this.vmware = shares.vmware ?? 0;
  }
  draw(): 'kvm' | 'vmware' | undefined {
    const u = uniform(this.rng);
    return u < this.kvm ? HYPERVISORS[0] : u < this.kvm + this.vmware ? HYPERVISORS[1] : undefined;
  }
}

function noGroup(out: Request): void {
  out.serverGroup = -1;
  out.groupPolicy = undefined;
  out.maxServerPerHost = 1;
}

type GroupClass = NonNullable<GeneratedWorkload['serverGroups']>[number];

/**
 * One draw per request from 'workload/server-groups' picks the request's group class (or none); consecutive
 * requests of a class fill one group of the class's size, then the next group opens. Every member of a group takes
 * the hypervisor requirement of its first member, so a group never asks for two kinds of node.
 */
class ServerGroupDraws {
  private readonly cumulative: Float64Array;
  private readonly open: { id: number; members: number; hypervisor: 'kvm' | 'vmware' | undefined }[];
  private nextGroup: number;
  constructor(private readonly classes: readonly GroupClass[], private readonly rng: Rng,
    private readonly firstGroupId: number) {
    this.nextGroup = firstGroupId;
    this.cumulative = new Float64Array(classes.length);
    classes.reduce((sum, c, k) => (this.cumulative[k] = sum + c.share), 0);
    this.open = classes.map(() => ({ id: -1, members: 0, hypervisor: undefined }));
  }
  get opened(): number {
    return this.nextGroup - this.firstGroupId;
  }
  draw(out: Request): void {
    const classes = this.classes;
    const u = uniform(this.rng);
    let k = 0;
    while (k < classes.length && u >= this.cumulative[k]) k++;
    if (k === classes.length) return noGroup(out);
    const group = this.open[k];
    if (group.id < 0 || group.members === classes[k].size) {
      group.id = this.nextGroup++;
      group.members = 0;
      group.hypervisor = out.hypervisor;
    }
    group.members++;
    out.serverGroup = group.id;
    out.groupPolicy = classes[k].policy;
    out.maxServerPerHost = classes[k].maxServerPerHost;
    out.hypervisor = group.hypervisor;
  }
}

function traceSource(trace: RequestTrace): RequestSource {
  return trace instanceof RequestTraceStream ? new StreamedTraceSource(trace) : columnSource(trace);
}

function columnSource(trace: RequestTrace | TraceColumnsData): RequestSource {
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
      out.bootFromVolume = false;
      i++;
      return true;
    },
  };
}

/** The rows of a trace still being read, piece by piece (each read like a whole trace). */
class StreamedTraceSource implements RequestSource {
  private k = 0;
  private current: RequestSource = { next: () => false };

  constructor(private readonly stream: RequestTraceStream) {}

  next(out: Request): boolean {
    while (!this.current.next(out)) {
      const piece = this.stream.piece(this.k);
      if (!piece) return false;
      this.k++;
      this.current = columnSource(piece);
    }
    return true;
  }
}

export type { Rng };
