// The estimator behind a stratified "all" figure: the separate regression estimator when the design has control
// variates (control-variate-estimate.ts), else the plain stratified mean — a stratified bootstrap percentile interval
// for an arm's mean, a stratified t interval for a paired difference (stratified-estimate.ts).

import { controlVariateT } from './control-variate-estimate.js';
import { stratifiedBootstrap, stratifiedT, type StratifiedEstimate, type StratumDesign } from './stratified-estimate.js';

export const STRATIFIED_MEAN_CI_METHOD = 'stratified-bootstrap-percentile';
export const STRATIFIED_DIFF_CI_METHOD = 'stratified-t';
export const CONTROL_VARIATE_CI_METHOD = 'stratified-cv-t';

export interface MethodEstimate extends StratifiedEstimate {
  method: string;
}

/** The separate regression estimate, when the design has control variates. */
function regressed(values: readonly number[], strata: readonly number[], replications: readonly number[],
  design: StratumDesign): MethodEstimate | undefined {
  const cv = design.controlVariates;
  if (!cv) return undefined;
  return { ...controlVariateT(values, strata, replications.map((r) => cv.valuesOf(r)), design, cv), method: CONTROL_VARIATE_CI_METHOD };
}

/** values[i] is replication replications[i]'s value, in stratum strata[i]. */
export function stratifiedMean(values: readonly number[], strata: readonly number[], replications: readonly number[],
  design: StratumDesign, seed: number, key: string): MethodEstimate {
  return regressed(values, strata, replications, design)
    ?? { ...stratifiedBootstrap(values, strata, design, seed, key), method: STRATIFIED_MEAN_CI_METHOD };
}

/** A paired difference's stratified estimate (values are arm − baseline per replication). */
export function stratifiedDiff(values: readonly number[], strata: readonly number[], replications: readonly number[],
  design: StratumDesign): MethodEstimate {
  return regressed(values, strata, replications, design) ?? { ...stratifiedT(values, strata, design), method: STRATIFIED_DIFF_CI_METHOD };
}
