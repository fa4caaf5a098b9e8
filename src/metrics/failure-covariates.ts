// Control variates from the failure schedule (controlVariates): per replication, quantities of the exogenous failure
// processes that every arm sees alike, re-drawn from the run's own streams (failures/host-<i>, failures/group-<name>),
// with their expectation in each stratum. Per fleet group: the host failures that start within the horizon and the sum
// of their repair times' excess over the mean repair; per outage group: its outages and their repairs' excess.
//
// Expectations: a repair-excess sum has mean 0 exactly — whether failure i starts within the horizon depends only on
// draws before its repair, so each repair is independent of being counted (Wald's identity; Ross, "Stochastic
// Processes", 2nd ed., 1996, §3.3). For outage groups that holds within the strata "none" and "at least one" too
// (being counted is the same event as being in the last stratum); with more strata, it is estimated. Counts have no
// closed form for a renewal process started in equilibrium (they need its renewal function): host failures per host
// come from a seeded Monte Carlo of one host's schedule, outage counts per stratum from the same seeded Monte Carlo of
// group schedules that gives the stratum probabilities (group-outage-strata.ts); their standard errors are carried
// into the estimator's variance (control-variate-estimate.ts).

import { distributionMean, sampler, type Sampler } from '../engine/distributions.js';
import { equilibriumExcess } from '../engine/equilibrium-excess.js';
import { createStream, uniform, type Rng } from '../engine/random-streams.js';
import { drawGroupSchedule, groupOutageSchedules } from '../failures/group-outage-schedule.js';
import { PROBABILITY_DRAWS, replicationStratum, stratumRange } from '../failures/group-outage-strata.js';
import { positive } from '../failures/positive-duration.js';
import { FAILURE_PRESETS } from '../failures/presets.js';
import type { Scenario } from '../scenario/schema.js';
import type { ControlVariateDesign } from './control-variate-estimate.js';

/** Single-host schedules behind the expected host-failure count. */
export const HOST_FAILURE_DRAWS = 1 << 20;

export interface FailureCovariates extends ControlVariateDesign {
  /** The covariate vector of replication r (the same in every arm). */
  valuesOf(replication: number): number[];
  /** Standard error of each mean, [stratum][covariate] (0: exact). */
  standardErrors: number[][];
  /** How each covariate's mean is known. */
  methods: ('exact' | 'monte-carlo')[];
}

const HOUR = 3600;

interface HostProcess {
  first: Sampler;
  gap: Sampler;
  repair: Sampler;
  /** E[repair] (the run's 1 ms floor on a repair, positive-duration.ts, moves it by < 1 ms × P(repair < 1 ms)). */
  meanRepairS: number;
}

function hostProcess(scenario: Scenario): HostProcess | undefined {
  const f = scenario.failures;
  if (!f) return undefined;
  const preset = f.preset ? FAILURE_PRESETS[f.preset] : undefined;
  const failure = f.hostFailure ?? preset?.hostFailure, repair = f.repair ?? preset?.repair;
  if (!failure || !repair) return undefined;
  return { first: scenario.initialState === 'equilibrium' ? equilibriumExcess(failure) : sampler(failure),
    gap: sampler(failure), repair: sampler(repair), meanRepairS: distributionMean(repair) };
}

/** One host's failures that start within the horizon, drawn as host-renewal-process.ts draws them: the count of
 *  real failures (not isolations) and the sum of their repairs' excess over `meanRepairS`. */
function hostSchedule(p: HostProcess, horizonS: number, rng: Rng, isolation: Rng | undefined,
  isolationShare: number): [number, number] {
  const { gap, repair, meanRepairS } = p;
  let count = 0, excessS = 0;
  let t = p.first(rng);
  while (t <= horizonS) {
    const isolated = isolation !== undefined && uniform(isolation) < isolationShare;
    const d = positive(repair, rng);
    if (!isolated) {
      count++;
      excessS += d - meanRepairS;
    }
    if (t + d > horizonS) break;
    t = t + d + gap(rng);
  }
  return [count, excessS];
}

const cache = new Map<string, FailureCovariates>();

/** The scenario's failure covariates (scenario.controlVariates), or undefined when it asks for none. */
export function failureCovariates(scenario: Scenario): FailureCovariates | undefined {
  const families = scenario.controlVariates;
  const allocation = scenario.stratify?.groupOutages.allocation;
  if (!families || families.length === 0) return undefined;
  const key = JSON.stringify([scenario.seed, scenario.horizon, scenario.initialState, scenario.fleet, scenario.failures,
    allocation, families]);
  const cached = cache.get(key);
  if (cached) return cached;
  const K = allocation?.length ?? 1;
  const T = scenario.horizon;
  const equilibrium = scenario.initialState === 'equilibrium';
  const host = families.includes('hostFailures') ? hostProcess(scenario) : undefined;
  const groups = families.includes('groupOutages') ? scenario.failures?.groups ?? [] : [];
  const isolationShare = scenario.failures?.isolationShare ?? 0;

  const fleetGroups = [...new Set(scenario.fleet.map((g) => g.group))];
  const hostGroup = scenario.fleet.flatMap((g) => new Array<number>(g.count).fill(fleetGroups.indexOf(g.group)));
  const hostsIn = fleetGroups.map((_, g) => hostGroup.filter((x) => x === g).length);
  const names: string[] = [];
  if (host) {
    for (const g of fleetGroups) names.push(`cv_host_failures_${g}`, `cv_host_repair_excess_h_${g}`);
  }
  for (const g of groups) names.push(`cv_group_outages_${g.group}`, `cv_group_repair_excess_h_${g.group}`);
  const q = names.length;
  const means = Array.from({ length: K }, () => new Array<number>(q).fill(0));
  const errors = Array.from({ length: K }, () => new Array<number>(q).fill(0));
  const covariance = Array.from({ length: K * q }, () => new Array<number>(K * q).fill(0));
  const methods: ('exact' | 'monte-carlo')[] = names.map(() => 'exact');

  if (host) {
    // Failures per host (isolations included; a failure is real with probability 1 − isolationShare, independently).
    const rng = createStream(scenario.seed, 0, 'control-variates/host-failures');
    let sum = 0, sumSq = 0;
    for (let i = 0; i < HOST_FAILURE_DRAWS; i++) {
      const [c] = hostSchedule(host, T, rng, undefined, 0);
      sum += c;
      sumSq += c * c;
    }
    const perHost = sum / HOST_FAILURE_DRAWS;
    const meanVariance = Math.max(0, sumSq / HOST_FAILURE_DRAWS - perHost ** 2) / (HOST_FAILURE_DRAWS - 1);
    const real = 1 - isolationShare;
    fleetGroups.forEach((_, g) => {
      const j = 2 * g;
      methods[j] = 'monte-carlo';
      for (let k = 0; k < K; k++) {
        means[k][j] = hostsIn[g] * real * perHost;
        errors[k][j] = hostsIn[g] * real * Math.sqrt(meanVariance);
        // One estimate serves every stratum and group: its error is shared by all of them.
        for (let k2 = 0; k2 < K; k2++) {
          fleetGroups.forEach((__, g2) => {
            covariance[k * q + j][k2 * q + 2 * g2] = hostsIn[g] * hostsIn[g2] * real * real * meanVariance;
          });
        }
      }
    });
  }

  if (groups.length > 0) {
    // Outage covariates per stratum, from the draws of the stratum probabilities' Monte Carlo (same stream).
    const offset = host ? 2 * fleetGroups.length : 0;
    const m = 2 * groups.length;
    const meanRepairs = groups.map((g) => distributionMean(g.repair));
    const rng = createStream(scenario.seed, 0, 'stratify/group-outage-probabilities');
    const hits = new Array<number>(K).fill(0);
    const sums = Array.from({ length: K }, () => new Array<number>(m).fill(0));
    const products = Array.from({ length: K }, () => Array.from({ length: m }, () => new Array<number>(m).fill(0)));
    const x = new Array<number>(m);
    for (let i = 0; i < PROBABILITY_DRAWS; i++) {
      let total = 0;
      groups.forEach((g, o) => {
        const s = drawGroupSchedule(g, equilibrium, T, rng);
        x[2 * o] = s.startS.length;
        x[2 * o + 1] = s.durationS.reduce((a, d) => a + d - meanRepairs[o], 0) / HOUR;
        total += s.startS.length;
      });
      const k = Math.min(total, K - 1);
      hits[k]++;
      for (let a = 0; a < m; a++) {
        sums[k][a] += x[a];
        for (let c = 0; c < m; c++) products[k][a][c] += x[a] * x[c];
      }
    }
    const excessExact = K <= 2;
    for (let a = 0; a < m; a++) methods[offset + a] = a % 2 === 1 && excessExact ? 'exact' : 'monte-carlo';
    for (let k = 0; k < K; k++) {
      const h = hits[k];
      if (h === 0) continue;
      for (let a = 0; a < m; a++) {
        const exact = methods[offset + a] === 'exact';
        means[k][offset + a] = exact ? 0 : sums[k][a] / h;
        if (exact || h < 2) continue;
        for (let c = 0; c < m; c++) {
          if (methods[offset + c] === 'exact') continue;
          const cov = (products[k][a][c] - (sums[k][a] * sums[k][c]) / h) / (h - 1) / h;
          covariance[k * q + offset + a][k * q + offset + c] = cov;
        }
        errors[k][offset + a] = Math.sqrt(Math.max(0, covariance[k * q + offset + a][k * q + offset + a]));
      }
    }
  }

  const byReplication = new Map<number, number[]>();
  const valuesOf = (replication: number): number[] => {
    const seen = byReplication.get(replication);
    if (seen) return seen;
    const v = new Array<number>(q).fill(0);
    if (host) {
      hostGroup.forEach((g, i) => {
        const [c, excessS] = hostSchedule(host, T, createStream(scenario.seed, replication, `failures/host-${i}`),
          isolationShare > 0 ? createStream(scenario.seed, replication, `failures/isolation-${i}`) : undefined, isolationShare);
        v[2 * g] += c;
        v[2 * g + 1] += excessS / HOUR;
      });
    }
    if (groups.length > 0) {
      const offset = host ? 2 * fleetGroups.length : 0;
      const range = allocation ? stratumRange(replicationStratum(allocation, replication), K) : undefined;
      const schedules = groupOutageSchedules(groups, equilibrium, T, (name) => createStream(scenario.seed, replication, name), range);
      schedules.forEach((s, o) => {
        v[offset + 2 * o] = s.startS.length;
        v[offset + 2 * o + 1] = s.durationS.reduce((a, d) => a + d - distributionMean(groups[o].repair), 0) / HOUR;
      });
    }
    byReplication.set(replication, v);
    return v;
  };
  const result: FailureCovariates = { names, means, meanCovariance: covariance, valuesOf, standardErrors: errors, methods };
  cache.set(key, result);
  return result;
}
