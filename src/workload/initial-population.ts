// The equilibrium start: the VMs running at a random moment of a fleet that has taken these requests forever. With
// Poisson arrivals (rate λ) and i.i.d. lifetimes L, the number running is Poisson(λ·E[L]) and each one's lifetime in
// progress is length-biased, its remaining part from the equilibrium excess of L (the M/G/∞ queue: Takács,
// "Introduction to the Theory of Queues", 1962, ch. 3). Drawn from streams of their own, so every arm sees the same
// population and the arrivals after t = 0 are the same as with an empty start.

import { createStream, type Rng } from '../engine/random-streams.js';
import { distributionMean } from '../engine/distributions.js';
import { poissonCount, spellInProgress, type SpellInProgress, type SpellSampler } from '../engine/equilibrium-excess.js';
import type { Scenario } from '../scenario/schema.js';
import { emptyRequest, GeneratedRequests, type Request } from './request-source.js';

export interface InitialPopulation {
  /** In arrival order (oldest first); `time` is the arrival (< 0), `lifetime` the whole lifetime (> −time). */
  requests: Request[];
  /** Server groups the population opened (ids 0 .. groupsOpened − 1). */
  groupsOpened: number;
}

type GeneratedWorkload = Extract<Scenario['workload'], { arrivals: unknown }>;

/** The requests alive at t = 0 under an equilibrium start, for a generated workload. */
export function initialPopulation(scenario: Scenario, replication: number): InitialPopulation {
  const workload = scenario.workload as GeneratedWorkload;
  const seed = scenario.seed;
  const ratePerS = workload.arrivals.poisson.ratePerHour / 3600;
  const count = poissonCount(ratePerS * distributionMean(workload.lifetime),
    createStream(seed, replication, 'workload/initial/count'));
  const lengths = new Float64Array(count), ages = new Float64Array(count);
  drawSpells(spellInProgress(workload.lifetime), createStream(seed, replication, 'workload/initial/lifetimes'),
    lengths, ages);
  const attributes = new GeneratedRequests(scenario, replication, 'workload/initial');
  const requests = requestsInArrivalOrder(oldestFirst(ages), ages, lengths, attributes);
  return { requests, groupsOpened: attributes.groupsOpened };
}

// Each loop below is a function of its own, so that the code compiled while it runs (on-stack replacement) serves
// only it (docs/performance.md, "rare paths").

/** Each VM's spell in progress, into `lengths` and `ages`. */
function drawSpells(spell: SpellSampler, rng: Rng, lengths: Float64Array, ages: Float64Array): void {
  const s = new Spell();
  for (let i = 0; i < lengths.length; i++) {
    spell(rng, s);
    lengths[i] = s.length;
    ages[i] = s.age;
  }
}

/** What drawSpells draws into; a class with NaN fields (docs/performance.md, "stable shapes"). */
class Spell implements SpellInProgress {
  length = NaN;
  age = NaN;
}

/** The requests in arrival order, oldest first (`order`); attributes are drawn in that order so server groups fill
 *  as they would have. */
function requestsInArrivalOrder(order: Int32Array, ages: Float64Array, lengths: Float64Array,
  attributes: GeneratedRequests): Request[] {
  const requests = new Array<Request>(order.length);
  for (let k = 0; k < order.length; k++) {
    const i = order[k], request = emptyRequest();
    request.time = -ages[i];
    request.lifetime = lengths[i];
    attributes.drawAttributes(request);
    requests[k] = request;
  }
  return requests;
}

/**
 * Indices by age, oldest first, equal ages in index order: the order of a stable sort on b.age − a.age (ages are
 * finite), from a numeric sort of the negated ages without a comparator call per pair. Each index then goes to the
 * first place of its key in the sorted keys (a binary search) plus the number of earlier indices with the same key.
 */
export function oldestFirst(ages: Float64Array): Int32Array {
  const n = ages.length;
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = -ages[i];
  keys.sort();
  const order = new Int32Array(n), taken = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const key = -ages[i];
    let lo = 0, hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (keys[mid] < key) lo = mid + 1;
      else hi = mid;
    }
    order[lo + taken[lo]++] = i;
  }
  return order;
}
