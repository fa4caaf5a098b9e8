// Stratified replications on the group-outage count (stratify.groupOutages): which stratum each replication belongs
// to, what outage counts a stratum admits, and the probability of each stratum under the scenario's failure law —
// the weights of the stratified estimator (metrics/stratified-estimate.ts).

import { createStream, type Rng } from '../engine/random-streams.js';
import type { Scenario } from '../scenario/schema.js';
import { drawGroupSchedule, type CountRange } from './group-outage-schedule.js';

/** Schedules drawn to estimate stratum probabilities when no closed form applies. */
export const PROBABILITY_DRAWS = 200_000;
/** A stratum less likely than this is refused: rejection sampling would need more than 1/p draws per replication. */
export const MIN_STRATUM_PROBABILITY = 1e-4;

/** Stratum k of K admits exactly k outages; the last admits K − 1 or more. */
export function stratumRange(k: number, strata: number): CountRange {
  return { min: k, max: k === strata - 1 ? Infinity : k };
}

/** comparison.csv's name of a stratum: two strata keep the names of the unstratified outage / no-outage split. */
export function stratumLabel(k: number, strata: number): string {
  if (strata === 2) return k === 0 ? 'no_group_outage' : 'group_outage';
  return k === strata - 1 ? `group_outages_${k}_or_more` : `group_outages_${k}`;
}

/**
 * The stratum of replication r: the first 2·K replications go round the strata (every stratum gets two, the least a
 * variance needs), then each next one to the stratum furthest behind its share of the allocation. It depends on r and
 * the allocation only, so `--replications N`, `--replication K` and added batches of `--target-ci` agree, and the
 * first N replications hold N·share_k (± 1) of stratum k once N is past a few times 2·K.
 */
export function replicationStratum(allocation: readonly number[], r: number): number {
  return sequence(allocation, r + 1)[r];
}

/** Strata of replications 0..n−1. */
export function strataOf(allocation: readonly number[], n: number): number[] {
  return sequence(allocation, n).slice(0, n);
}

const sequences = new Map<string, number[]>();

/** The cached sequence of strata per allocation (a run asks for every r), extended to at least n entries. */
function sequence(allocation: readonly number[], n: number): readonly number[] {
  const key = allocation.join(',');
  let seq = sequences.get(key);
  if (seq === undefined) sequences.set(key, (seq = []));
  if (seq.length < n) {
    const K = allocation.length;
    const total = allocation.reduce((s, w) => s + w, 0);
    const counts = new Array<number>(K).fill(0);
    for (const k of seq) counts[k]++;
    for (let r = seq.length; r < n; r++) {
      let best = r % K;
      if (r >= 2 * K) {
        let bestDeficit = -Infinity;
        for (let k = 0; k < K; k++) {
          const deficit = (allocation[k] / total) * (r + 1) - counts[k];
          if (deficit > bestDeficit + 1e-12) {
            best = k;
            bestDeficit = deficit;
          }
        }
      }
      seq.push(best);
      counts[best]++;
    }
  }
  return seq;
}

export interface StratumProbabilities {
  /** P(stratum k) under the scenario's group failure law, k = 0..K−1. */
  probabilities: number[];
  /** Standard error of each (0 when exact). */
  standardErrors: number[];
  method: 'analytic' | 'monte-carlo';
  /** Schedules drawn for the Monte Carlo estimate (0 when analytic). */
  draws: number;
}

const probabilityCache = new Map<string, StratumProbabilities>();

/**
 * Two strata (none / at least one) with exponential group failures: a group's first failure after t = 0 is
 * exponential with its mean μ both from a fresh start and from equilibrium (the equilibrium excess of an exponential
 * is the same exponential, memorylessness: Ross, "Stochastic Processes", 2nd ed., §3.4), so P(no outage in [0, T]) =
 * exp(−T·Σ_g 1/μ_g) exactly, whatever the repairs. Otherwise (more strata: the count of an alternating renewal
 * process with repairs is not Poisson; other laws): a seeded Monte Carlo of the schedule alone.
 */
export function stratumProbabilities(scenario: Scenario): StratumProbabilities {
  const strata = scenario.stratify?.groupOutages.allocation.length ?? 1;
  const groups = scenario.failures?.groups ?? [];
  const equilibrium = scenario.initialState === 'equilibrium';
  const key = JSON.stringify([scenario.seed, scenario.horizon, equilibrium, groups, strata]);
  const cached = probabilityCache.get(key);
  if (cached) return cached;
  let result: StratumProbabilities;
  if (strata === 2 && groups.every((g) => 'exponential' in g.failure)) {
    const rate = groups.reduce((s, g) => s + 1 / (g.failure as { exponential: { mean: number } }).exponential.mean, 0);
    const none = Math.exp(-scenario.horizon * rate);
    result = { probabilities: [none, 1 - none], standardErrors: [0, 0], method: 'analytic', draws: 0 };
  } else {
    const rng: Rng = createStream(scenario.seed, 0, 'stratify/group-outage-probabilities');
    const hits = new Array<number>(strata).fill(0);
    for (let i = 0; i < PROBABILITY_DRAWS; i++) {
      let count = 0;
      for (const g of groups) count += drawGroupSchedule(g, equilibrium, scenario.horizon, rng).startS.length;
      hits[Math.min(count, strata - 1)]++;
    }
    const probabilities = hits.map((h) => h / PROBABILITY_DRAWS);
    result = { probabilities, standardErrors: probabilities.map((p) => Math.sqrt((p * (1 - p)) / PROBABILITY_DRAWS)),
      method: 'monte-carlo', draws: PROBABILITY_DRAWS };
  }
  probabilityCache.set(key, result);
  return result;
}

/** A problem message when some stratum is (next to) impossible under the scenario, else undefined. */
export function impossibleStratum(scenario: Scenario): string | undefined {
  const allocation = scenario.stratify?.groupOutages.allocation;
  if (!allocation) return undefined;
  const { probabilities, method } = stratumProbabilities(scenario);
  const k = probabilities.findIndex((p) => !(p >= MIN_STRATUM_PROBABILITY));
  if (k < 0) return undefined;
  return `expected strata each with probability ≥ ${MIN_STRATUM_PROBABILITY}; stratum ${k} ` +
    `(${stratumLabel(k, allocation.length)}) has probability ${probabilities[k].toPrecision(3)} (${method}) over the ` +
    'horizon: use fewer strata or a longer horizon';
}
