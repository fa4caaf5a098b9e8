// The equilibrium start: the VMs running at a random moment of a fleet that has taken these requests forever. With
// Poisson arrivals (rate λ) and i.i.d. lifetimes L, the number running is Poisson(λ·E[L]) and each one's lifetime in
// progress is length-biased, its remaining part from the equilibrium excess of L (the M/G/∞ queue: Takács,
// "Introduction to the Theory of Queues", 1962, ch. 3). Drawn from streams of their own, so every arm sees the same
// population and the arrivals after t = 0 are the same as with an empty start.

import { createStream } from '../engine/random-streams.js';
import { distributionMean } from '../engine/distributions.js';
import { poissonCount, spellInProgress, type SpellInProgress } from '../engine/equilibrium-excess.js';
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
  const spellRng = createStream(seed, replication, 'workload/initial/lifetimes');
  const spell = spellInProgress(workload.lifetime);
  const lengths = new Float64Array(count), ages = new Float64Array(count);
  const s: SpellInProgress = { length: 0, age: 0 };
  for (let i = 0; i < count; i++) {
    spell(spellRng, s);
    lengths[i] = s.length;
    ages[i] = s.age;
  }
  // Arrival order is oldest first; attributes are drawn in that order so server groups fill as they would have.
  const attributes = new GeneratedRequests(scenario, replication, 'workload/initial');
  const requests = Array.from(oldestFirst(ages), (i) => {
    const request = emptyRequest();
    request.time = -ages[i];
    request.lifetime = lengths[i];
    attributes.drawAttributes(request);
    return request;
  });
  return { requests, groupsOpened: attributes.groupsOpened };
}

/** Index of the high 32-bit word of a double in a Uint32Array view of its bytes (1 on little-endian machines). */
const HIGH_WORD = new Uint32Array(new Float64Array([1]).buffer)[1] === 0x3ff00000 ? 1 : 0;

/**
 * Indices by age, oldest first, equal ages in index order: the order of a stable sort on b.age − a.age. A
 * least-significant-digit radix sort (8-bit digits, each pass stable) of −age's bits made monotone as unsigned
 * integers (sign bit set for a number ≥ 0, every bit flipped for a negative one, −0 taken as +0): linear in the count
 * and allocation-free per element, where a comparison sort of ~430,000 ages or a Map of index lists took seconds.
 */
export function oldestFirst(ages: Float64Array): Int32Array {
  const n = ages.length;
  const bits = new Float64Array(1), words = new Uint32Array(bits.buffer);
  const high = new Uint32Array(n), low = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const key = -ages[i] + 0;
    bits[0] = key === key ? key : NaN;
    const hi = words[HIGH_WORD], lo = words[1 - HIGH_WORD];
    if (hi >= 0x80000000) {
      high[i] = ~hi >>> 0;
      low[i] = ~lo >>> 0;
    } else {
      high[i] = (hi | 0x80000000) >>> 0;
      low[i] = lo;
    }
  }
  let order = new Int32Array(n), next = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  // 8-bit digits: 256 counters per pass keep a pass's fixed cost small for the few thousand VMs of a small fleet.
  const start = new Int32Array(257);
  for (let pass = 0; pass < 8; pass++) {
    const digits = pass < 4 ? low : high, shift = (pass & 3) * 8;
    start.fill(0);
    for (let i = 0; i < n; i++) start[((digits[i] >>> shift) & 0xff) + 1]++;
    if (n === 0 || start[((digits[0] >>> shift) & 0xff) + 1] === n) continue; // one digit value: order unchanged
    for (let d = 0; d < 256; d++) start[d + 1] += start[d];
    for (let i = 0; i < n; i++) {
      const index = order[i];
      next[start[(digits[index] >>> shift) & 0xff]++] = index;
    }
    const swap = order;
    order = next;
    next = swap;
  }
  return order;
}
