// `capsim run --target-ci`: replications are added in batches until every arm's 95 % CI half-width of every targeted
// metric is within its target (a share of the mean, or absolute), from a minimum to a cap — the rule `capsim sweep`
// applies per point (sweep-adaptive.ts). Every arm runs the same replication indices (common random numbers hold,
// paired differences stay paired), and each batch size is decided from the finished batches alone, so the results do
// not depend on the worker count. Stratified replications (stratify.groupOutages) are judged on the stratified
// interval, and added replications follow the scenario's allocation (each replication's stratum is fixed by its index).

import { estimate, type Estimate } from '../metrics/confidence-interval.js';
import { stratifiedT } from '../metrics/stratified-estimate.js';
import { strataOf } from '../failures/group-outage-strata.js';
import type { Scenario } from '../scenario/schema.js';
import { stratumDesign } from './stratum-design.js';
import type { LoadedScenario } from '../scenario/load-scenario.js';
import { InputError, type Problem } from '../scenario/input-error.js';
import { nextReplications } from './sweep-adaptive.js';
import { parseTargets, type CiTarget } from './sweep-plan.js';
import type { RunResult } from './run-result.js';

export interface PrecisionRule {
  targets: CiTarget[];
  minReplications: number;
  maxReplications: number;
}

/**
 * What `--target-ci default` stands for: ±10 % of the mean on rejections and downtime; fragmentation of free physical
 * RAM within ±0.01 absolute, since it sits near 0 when hosts are full and a share of a mean near 0 is never reached.
 */
export const DEFAULT_TARGET_TEXTS = ['rejection_rate=10%', 'mean_frag_index=0.01', 'vm_downtime_h=10%'] as const;

export const DEFAULT_MIN_REPLICATIONS = 10;
export const DEFAULT_MAX_REPLICATIONS = 100;

/** `metric=±10%`, `metric=10%` (of the mean), `metric=0.002` (absolute), or `default`; throws on bad input. */
export function parseRunTargets(texts: readonly string[]): CiTarget[] {
  const expanded = texts.flatMap((t) => (t.trim() === 'default' ? [...DEFAULT_TARGET_TEXTS] : [t.replace('=±', '=')]));
  const problems: Problem[] = [];
  const targets = parseTargets(undefined, '', expanded, problems);
  if (problems.length > 0) throw new InputError(problems);
  return targets;
}

export interface TargetStatus {
  arm: string;
  metric: string;
  mean: number;
  /** 95 % t half-width over the replications run. */
  halfWidth: number;
  target: number;
  met: boolean;
}

/** The interval `--target-ci` judges for values of replications 0..n−1 of one arm: plain t, or stratified t. */
export function precisionEstimator(scenario: Scenario): (values: number[]) => Estimate {
  const design = stratumDesign(scenario);
  const allocation = scenario.stratify?.groupOutages.allocation;
  if (!design || !allocation) return estimate;
  return (values) => stratifiedT(values, strataOf(allocation, values.length), design);
}

/** Each arm's half-width for each target over the results so far (replications 0..n−1 of every arm). */
export function targetStatus(results: readonly RunResult[], targets: readonly CiTarget[],
  estimateOf: (values: number[]) => Estimate = estimate): TargetStatus[] {
  const arms = [...new Set(results.map((r) => r.arm))];
  return arms.flatMap((arm) => targets.map((t) => {
    const e = estimateOf(results.filter((r) => r.arm === arm).sort((a, b) => a.replication - b.replication)
      .map((r) => r.summary[t.metric]));
    const halfWidth = e.n > 1 ? (e.high - e.low) / 2 : e.n === 0 ? 0 : Infinity;
    const target = t.relative ? t.halfWidth * Math.abs(e.mean) : t.halfWidth;
    return { arm, metric: t.metric, mean: e.mean, halfWidth, target, met: e.n === 0 || halfWidth <= target };
  }));
}

export interface PreciseRun {
  results: RunResult[];
  replications: number;
  status: TargetStatus[];
}

/** Runs batches until the rule holds or the cap; `runBatch(loaded, from)` runs replications from..n−1 of every arm. */
export async function runUntilPrecise(loaded: LoadedScenario, rule: PrecisionRule,
  runBatch: (loaded: LoadedScenario, from: number) => Promise<RunResult[]>): Promise<PreciseRun> {
  let n = Math.min(rule.maxReplications, rule.minReplications);
  const estimateOf = precisionEstimator(loaded.scenario);
  const results = await runBatch(withReplications(loaded, n), 0);
  for (;;) {
    const valuesByMetric = new Map(rule.targets.map((t) => [t.metric, loaded.scenario.arms.map((arm) =>
      results.filter((r) => r.arm === arm.name).map((r) => r.summary[t.metric]))]));
    const next = nextReplications(rule.targets, valuesByMetric, n, rule.maxReplications, estimateOf);
    if (next === n) {
      results.sort((a, b) => a.armIndex - b.armIndex || a.replication - b.replication);
      return { results, replications: n, status: targetStatus(results, rule.targets, estimateOf) };
    }
    results.push(...await runBatch(withReplications(loaded, next), n));
    n = next;
  }
}

export function withReplications(loaded: LoadedScenario, replications: number): LoadedScenario {
  return { ...loaded, scenario: { ...loaded.scenario, replications } };
}
