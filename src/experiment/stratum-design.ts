// The stratified design of a scenario with stratify.groupOutages: each stratum's comparison.csv name and probability,
// and what summary.csv adds per replication so that a user's own tools can recombine the rows.

import { stratumLabel, stratumProbabilities } from '../failures/group-outage-strata.js';
import type { StratumDesign } from '../metrics/stratified-estimate.js';
import { failureCovariates, HOST_FAILURE_DRAWS } from '../metrics/failure-covariates.js';
import type { Scenario } from '../scenario/schema.js';
import type { RunResult } from './run-result.js';

/** A row's weight in the stratified mean is stratum_probability / (the arm's rows in that stratum); it is not written,
 *  so that a replication's row is the same whether it ran alone (--replication K) or with the others. */
export const STRATUM_COLUMNS = ['stratum', 'stratum_probability'] as const;

export function stratumDesign(scenario: Scenario): StratumDesign | undefined {
  const allocation = scenario.stratify?.groupOutages.allocation;
  if (!allocation) return undefined;
  const { probabilities, draws } = stratumProbabilities(scenario);
  const controlVariates = failureCovariates(scenario);
  return { labels: allocation.map((_, k) => stratumLabel(k, allocation.length)), probabilities, draws,
    ...(controlVariates ? { controlVariates } : {}) };
}

/** Per result: its stratum and the stratum's probability p_k. */
export function stratumCells(results: readonly Pick<RunResult, 'stratum'>[], design: StratumDesign): (string | number)[][] {
  return results.map((r) => [r.stratum ?? 0, design.probabilities[r.stratum ?? 0]]);
}

/** The manifest.json record of the design. */
export function stratumManifest(scenario: Scenario, results: readonly RunResult[]): Record<string, unknown> | undefined {
  const allocation = scenario.stratify?.groupOutages.allocation;
  if (!allocation) return undefined;
  const p = stratumProbabilities(scenario);
  const baseline = results.filter((r) => r.armIndex === 0);
  return {
    variable: 'group_outages',
    allocation,
    strata: allocation.map((_, k) => ({
      stratum: k, name: stratumLabel(k, allocation.length), probability: p.probabilities[k],
      probabilityStandardError: p.standardErrors[k], replications: baseline.filter((r) => r.stratum === k).length,
    })),
    probabilityMethod: p.method,
    probabilityDraws: p.draws,
    ...(scenario.controlVariates ? { controlVariates: controlVariateManifest(scenario) } : {}),
  };
}

/** The manifest.json record of the control variates: each covariate's expectation per stratum and how it is known. */
function controlVariateManifest(scenario: Scenario): Record<string, unknown> | undefined {
  const cv = failureCovariates(scenario);
  if (!cv) return undefined;
  return {
    families: scenario.controlVariates,
    estimator: 'separate regression per stratum (stratified-cv-t)',
    hostFailureDraws: cv.names.some((n) => n.startsWith('cv_host_failures_')) ? HOST_FAILURE_DRAWS : 0,
    covariates: cv.names.map((name, j) => ({
      name, method: cv.methods[j],
      expected: cv.means.map((m) => m[j]), standardError: cv.standardErrors.map((e) => e[j]),
    })),
  };
}
