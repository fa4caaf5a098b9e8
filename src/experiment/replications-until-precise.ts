// `capsim run --target-ci`: replications are added in batches until every arm's 95 % CI half-width of every targeted
// metric is within its target (a share of the mean, or absolute), from a minimum to a cap — the rule `capsim sweep`
// applies per point (sweep-adaptive.ts). Every arm runs the same replication indices (common random numbers hold,
// paired differences stay paired), and each batch size is decided from the finished batches alone, so the results do
// not depend on the worker count. Stratified replications (stratify.groupOutages) are judged on the stratified
// interval, and added replications follow the scenario's allocation (each replication's stratum is fixed by its index).

import { estimate, type Estimate } from '../metrics/confidence-interval.js';
import { stratifiedT } from '../metrics/stratified-estimate.js';
import { controlVariateT } from '../metrics/control-variate-estimate.js';
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
 * What `--target-ci default` stands for. Each arm's mean: ±10 % on rejections and downtime; fragmentation of free
 * physical RAM within ±0.01 absolute, since it sits near 0 when hosts are full and a share of a mean near 0 is never
 * reached. The paired differences to the baseline (the headline): ±10 % on downtime, availability and disks lost;
 * rejection-rate differences within ±0.0005 absolute (0.05 percentage points of requests), since a policy may move
 * rejections by less than that, and a share of a difference near 0 is never reached (docs/experiments.md says why).
 */
export const DEFAULT_TARGET_TEXTS = ['rejection_rate=10%', 'mean_frag_index=0.01', 'vm_downtime_h=10%',
  'diff:rejection_rate=0.0005', 'diff:vm_downtime_h=10%', 'diff:availability=10%', 'diff:vms_data_lost=10%'] as const;

/** `--target-ci diff:metric=…` judges the paired difference of every arm but the baseline. */
export const PAIRED_PREFIX = 'diff:';

/** The name a target goes by in the precision status: `metric`, or `diff:metric` for a paired one. */
export function targetKey(target: CiTarget): string {
  return target.paired ? `${PAIRED_PREFIX}${target.metric}` : target.metric;
}

export const DEFAULT_MIN_REPLICATIONS = 10;
export const DEFAULT_MAX_REPLICATIONS = 100;

/** `metric=±10%`, `metric=10%` (of the mean), `metric=0.002` (absolute), the same with `diff:` before the metric
 *  (the paired differences to the baseline), or `default`; throws on bad input. */
export function parseRunTargets(texts: readonly string[]): CiTarget[] {
  const expanded = texts.flatMap((t) => (t.trim() === 'default' ? [...DEFAULT_TARGET_TEXTS] : [t.trim().replace('=±', '=')]));
  const problems: Problem[] = [];
  const means = parseTargets(undefined, '', expanded.filter((t) => !t.startsWith(PAIRED_PREFIX)), problems);
  const paired = parseTargets(undefined, '', expanded.filter((t) => t.startsWith(PAIRED_PREFIX))
    .map((t) => t.slice(PAIRED_PREFIX.length)), problems).map((t) => ({ ...t, paired: true }));
  if (problems.length > 0) throw new InputError(problems);
  return [...means, ...paired];
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

/** The interval `--target-ci` judges for values of replications 0..n−1 of one arm: plain t, stratified t, or the
 *  stratified regression estimator with control variates. */
export function precisionEstimator(scenario: Scenario): (values: number[]) => Estimate {
  const design = stratumDesign(scenario);
  const allocation = scenario.stratify?.groupOutages.allocation;
  if (!design || !allocation) return estimate;
  const cv = design.controlVariates;
  if (cv) {
    return (values) => controlVariateT(values, strataOf(allocation, values.length), values.map((_, r) => cv.valuesOf(r)),
      design, cv);
  }
  return (values) => stratifiedT(values, strataOf(allocation, values.length), design);
}

/** Per arm, the values a target judges over replications 0..n−1: the arm's own, or (paired) arm − baseline; a paired
 *  target has no entry for the baseline. */
function targetValues(results: readonly RunResult[], target: CiTarget): Map<string, number[]> {
  const arms = [...new Set(results.map((r) => r.arm))];
  const ofArm = (arm: string) => results.filter((r) => r.arm === arm).sort((a, b) => a.replication - b.replication)
    .map((r) => r.summary[target.metric]);
  if (!target.paired) return new Map(arms.map((arm) => [arm, ofArm(arm)]));
  const baseline = ofArm(arms[0]);
  return new Map(arms.slice(1).map((arm) => [arm, ofArm(arm).map((v, i) => v - baseline[i])]));
}

/** Each arm's half-width for each target over the results so far (replications 0..n−1 of every arm). */
export function targetStatus(results: readonly RunResult[], targets: readonly CiTarget[],
  estimateOf: (values: number[]) => Estimate = estimate): TargetStatus[] {
  const arms = [...new Set(results.map((r) => r.arm))];
  return arms.flatMap((arm) => targets.flatMap((t) => {
    const values = targetValues(results, t).get(arm);
    if (!values) return [];
    const e = estimateOf(values);
    const halfWidth = e.n > 1 ? (e.high - e.low) / 2 : e.n === 0 ? 0 : Infinity;
    const target = t.relative ? t.halfWidth * Math.abs(e.mean) : t.halfWidth;
    return [{ arm, metric: targetKey(t), mean: e.mean, halfWidth, target, met: e.n === 0 || halfWidth <= target }];
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
    const valuesByMetric = new Map(rule.targets.map((t) => [targetKey(t), [...targetValues(results, t).values()]]));
    const keyed = rule.targets.map((t) => ({ ...t, metric: targetKey(t) }));
    const next = nextReplications(keyed, valuesByMetric, n, rule.maxReplications, estimateOf);
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
