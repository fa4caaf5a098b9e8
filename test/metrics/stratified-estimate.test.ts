// The stratified estimator: Cochran's formulas, and unbiasedness against theory and against plain replications.

import { deviation } from 'd3-array';
import { describe, expect, it } from 'vitest';
import { createStream } from '../../src/engine/random-streams.js';
import { estimate } from '../../src/metrics/confidence-interval.js';
import { stratifiedBootstrap, stratifiedT, type StratumDesign } from '../../src/metrics/stratified-estimate.js';
import { tCritical95 } from '../../src/metrics/student-t.js';
import { groupOutageSchedules } from '../../src/failures/group-outage-schedule.js';
import { strataOf, stratumProbabilities, stratumRange } from '../../src/failures/group-outage-strata.js';
import { runReplication } from '../../src/experiment/run-replication.js';
import { stratumDesign } from '../../src/experiment/stratum-design.js';
import { scenarioFrom } from '../support/scenario.js';

const DAY = 86400;

describe('stratifiedT', () => {
  it('is Σ p_k·m_k ± t(ν)·√(Σ p_k²·s_k²/n_k), ν by Welch–Satterthwaite', () => {
    const design: StratumDesign = { labels: ['a', 'b'], probabilities: [0.7, 0.3], draws: 0 };
    const groups = [[1, 2, 4, 3, 5], [10, 14, 9]];
    const values = [...groups[0], ...groups[1]], strata = [0, 0, 0, 0, 0, 1, 1, 1];
    const e = stratifiedT(values, strata, design);
    const terms = groups.map((g, k) => (design.probabilities[k] ** 2 * (deviation(g) as number) ** 2) / g.length);
    const v = terms[0] + terms[1];
    const df = v ** 2 / (terms[0] ** 2 / 4 + terms[1] ** 2 / 2);
    expect(e.mean).toBeCloseTo(0.7 * 3 + 0.3 * 11, 12);
    expect(e.variance).toBeCloseTo(v, 12);
    expect(e.high - e.mean).toBeCloseTo(tCritical95(df) * Math.sqrt(v), 10);
    expect(e.perStratum).toEqual([5, 3]);
    // One stratum of one value: its variance is unknown, and so is the interval.
    expect(stratifiedT([1, 2, 3], [0, 0, 1], design).high).toBeNaN();
  });

  it('stratified bootstrap intervals stay within the values\' range and around the stratified mean', () => {
    const design: StratumDesign = { labels: ['a', 'b'], probabilities: [0.6, 0.4], draws: 0 };
    const values = [0, 0, 1, 0, 0, 0, 30, 50, 20, 45], strata = [0, 0, 0, 0, 0, 0, 1, 1, 1, 1];
    const e = stratifiedBootstrap(values, strata, design, 1, 'test');
    expect(e.low).toBeGreaterThanOrEqual(0);
    expect(e.low).toBeLessThan(e.mean);
    expect(e.high).toBeGreaterThan(e.mean);
  });
});

describe('unbiasedness', () => {
  it('the stratified mean of the group-outage count agrees with λ·T', () => {
    // Exponential failures and 1 s repairs: the count over T is Poisson(T/μ) up to the repairs' 1 s.
    const meanS = 20 * DAY, horizonS = 30 * DAY, lambdaT = horizonS / (meanS + 1);
    const specs = [{ group: 'g', failure: { exponential: { mean: meanS } }, repair: { constant: 1 } }];
    for (const allocation of [[1, 3], [1, 1, 1]]) {
      const scenario = { seed: 5, horizon: horizonS, initialState: 'equilibrium', failures: { groups: specs },
        stratify: { groupOutages: { allocation } } } as never;
      const probs = stratumProbabilities(scenario);
      const design: StratumDesign = { labels: allocation.map(String), probabilities: probs.probabilities, draws: probs.draws };
      const n = 2000;
      const strata = strataOf(allocation, n);
      const counts = strata.map((k, r) => groupOutageSchedules(specs, true, horizonS, (name) => createStream(5, r, name),
        stratumRange(k, allocation.length)).reduce((s, g) => s + g.startS.length, 0));
      const e = stratifiedT(counts, strata, design);
      // Four standard errors: a 1-in-15,000 chance of a false alarm per allocation.
      expect(Math.abs(e.mean - lambdaT)).toBeLessThanOrEqual(4 * Math.sqrt(e.variance));
    }
  });

  it('stratified and plain replications of a small scenario estimate the same downtime', () => {
    const raw = (stratify: boolean) => ({
      name: 'small', horizon: '20d', seed: 11, replications: 60, sampleInterval: '20d',
      fleet: [{ group: 'rack', count: 3, cpus: 16, ramMiB: 32768, diskGiB: 500 }],
      workload: { arrivals: { poisson: { ratePerHour: 1 } }, lifetime: { exponential: { mean: '1d' } },
        flavors: [{ name: 'f', vcpus: 2, ramMiB: 4096, diskGiB: 20 }] },
      failures: { hostFailure: { exponential: { mean: '40d' } }, repair: { uniform: { min: '1h', max: '4h' } },
        groups: [{ group: 'rack', failure: { exponential: { mean: '40d' } }, repair: { uniform: { min: '2h', max: '12h' } } }] },
      ...(stratify ? { stratify: { groupOutages: { allocation: [1, 1] } } } : {}),
      arms: [{ name: 'kvm' }],
    });
    const run = (stratify: boolean) => {
      const loaded = scenarioFrom(raw(stratify));
      return Array.from({ length: 60 }, (_, r) => runReplication(loaded, 0, r, { vmLog: false, eventLog: false, timeseries: false }));
    };
    const plainRuns = run(false), stratifiedRuns = run(true);
    const plain = estimate(plainRuns.map((r) => r.summary.vm_downtime_h));
    const plainSe = (plain.high - plain.mean) / tCritical95(59);
    const design = stratumDesign(scenarioFrom(raw(true)).scenario)!;
    const stratified = stratifiedT(stratifiedRuns.map((r) => r.summary.vm_downtime_h), stratifiedRuns.map((r) => r.stratum!), design);
    expect(stratified.perStratum).toEqual([30, 30]);
    expect(Math.abs(stratified.mean - plain.mean)).toBeLessThanOrEqual(3 * Math.sqrt(plainSe ** 2 + stratified.variance));
    // Downtime here comes mostly from rack outages: fixing how many replications see one narrows the interval.
    expect(stratified.variance).toBeLessThan(plainSe ** 2);
  });
});
