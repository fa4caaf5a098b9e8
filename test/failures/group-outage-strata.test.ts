// Stratified replications on the group-outage count: each replication's schedule has exactly its stratum's count (in
// the schedule and in the run), the strata follow the allocation, and the stratum probabilities match the law.

import { describe, expect, it } from 'vitest';
import { createStream } from '../../src/engine/random-streams.js';
import { groupOutageSchedules, type GroupOutageSpec } from '../../src/failures/group-outage-schedule.js';
import { replicationStratum, strataOf, stratumProbabilities, stratumRange } from '../../src/failures/group-outage-strata.js';
import { runReplication } from '../../src/experiment/run-replication.js';
import { scenarioFrom } from '../support/scenario.js';

const DAY = 86400;

function stratifiedScenario(allocation: number[], replications: number, groups = 2) {
  return scenarioFrom({
    name: 'strata', horizon: '30d', seed: 3, replications, sampleInterval: '30d',
    fleet: Array.from({ length: groups }, (_, g) => ({ group: `g${g}`, count: 1, cpus: 4, ramMiB: 8192, diskGiB: 100 })),
    workload: { arrivals: { poisson: { ratePerHour: 0.01 } }, lifetime: { constant: 3600 },
      flavors: [{ name: 'f', vcpus: 1, ramMiB: 1024, diskGiB: 1 }] },
    failures: { groups: Array.from({ length: groups }, (_, g) => ({ group: `g${g}`,
      failure: { exponential: { mean: `${40 + 20 * g}d` } }, repair: { uniform: { min: '1h', max: '1d' } } })) },
    stratify: { groupOutages: { allocation } },
    arms: [{ name: 'kvm' }],
  });
}

describe('replicationStratum', () => {
  it('goes round the strata for 2·K replications, then keeps every prefix within one of its share', () => {
    for (const allocation of [[1, 5], [10, 50], [2, 3], [1, 1, 1], [5, 3, 2, 1]]) {
      const K = allocation.length, total = allocation.reduce((s, w) => s + w, 0);
      const seq = strataOf(allocation, 500);
      expect(seq.slice(0, 2 * K)).toEqual([...Array(2 * K).keys()].map((r) => r % K));
      const counts = new Array<number>(K).fill(0);
      seq.forEach((k, r) => {
        expect(replicationStratum(allocation, r)).toBe(k);
        counts[k]++;
        const n = r + 1;
        // Past the round-robin start (and the time it takes the shares to catch up with it), within one.
        if (n >= 2 * K * total) counts.forEach((c, j) => expect(Math.abs(c - (n * allocation[j]) / total)).toBeLessThan(1));
      });
    }
    // An integer allocation is met exactly at its total once the start is absorbed.
    const seq = strataOf([10, 50], 60);
    expect([seq.filter((k) => k === 0).length, seq.filter((k) => k === 1).length]).toEqual([10, 50]);
  });
});

describe('conditioned group outage schedules', () => {
  const specs: GroupOutageSpec[] = [
    { group: 'a', failure: { exponential: { mean: 20 * DAY } }, repair: { uniform: { min: 3600, max: 6 * 3600 } } },
    { group: 'b', failure: { weibull: { shape: 0.7, scale: 30 * DAY } }, repair: { lognormal: { median: 7200, sigma: 1 } } },
  ];

  it('have exactly the stratum\'s count of outages in every replication, and attempt 0 is the unconditioned draw', () => {
    for (let r = 0; r < 300; r++) {
      const stream = (name: string) => createStream(1, r, name);
      const free = groupOutageSchedules(specs, true, 30 * DAY, stream);
      const freeCount = free.reduce((s, g) => s + g.startS.length, 0);
      for (let k = 0; k < 4; k++) {
        const range = stratumRange(k, 4);
        const schedules = groupOutageSchedules(specs, true, 30 * DAY, stream, range);
        const count = schedules.reduce((s, g) => s + g.startS.length, 0);
        expect(count).toBeGreaterThanOrEqual(range.min);
        expect(count).toBeLessThanOrEqual(range.max);
        // The first draw is kept when it already lies in the stratum: the same schedule as without stratification.
        if (freeCount >= range.min && freeCount <= range.max) expect(schedules).toEqual(free);
        for (const g of schedules) {
          g.startS.forEach((t, i) => {
            expect(t).toBeLessThanOrEqual(30 * DAY);
            if (i > 0) expect(t).toBeGreaterThan(g.startS[i - 1] + g.durationS[i - 1]);
          });
        }
      }
    }
  });

  it('in a run: summary.group_outages lies in the replication\'s stratum, the same in every arm', () => {
    const allocation = [1, 1, 2];
    const loaded = stratifiedScenario(allocation, 24);
    const twoArms = { ...loaded, scenario: { ...loaded.scenario, arms: [loaded.scenario.arms[0],
      { ...loaded.scenario.arms[0], name: 'kvm-2' }] } };
    for (let r = 0; r < 24; r++) {
      const k = replicationStratum(allocation, r);
      const range = stratumRange(k, allocation.length);
      const [a, b] = [0, 1].map((arm) => runReplication(twoArms, arm, r, { vmLog: false, eventLog: false, timeseries: false }));
      expect(a.stratum).toBe(k);
      expect(a.summary.group_outages).toBeGreaterThanOrEqual(range.min);
      expect(a.summary.group_outages).toBeLessThanOrEqual(range.max);
      expect(b.summary.group_outages).toBe(a.summary.group_outages);
      expect(b.summary.host_failures).toBe(a.summary.host_failures);
    }
  });
});

describe('stratumProbabilities', () => {
  it('is exp(−T·Σ1/μ) for two strata of exponential group failures, whatever the repairs', () => {
    const p = stratumProbabilities(stratifiedScenario([1, 1], 10).scenario);
    const none = Math.exp(-30 * (1 / 40 + 1 / 60));
    expect(p.method).toBe('analytic');
    expect(p.probabilities[0]).toBeCloseTo(none, 12);
    expect(p.probabilities[1]).toBeCloseTo(1 - none, 12);
  });

  it('estimates more strata by Monte Carlo, within 4 standard errors of the two-strata closed form and of a Poisson count', () => {
    const p = stratumProbabilities(stratifiedScenario([1, 1, 1], 10).scenario);
    expect(p.method).toBe('monte-carlo');
    expect(p.probabilities.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 12);
    const none = Math.exp(-30 * (1 / 40 + 1 / 60));
    expect(Math.abs(p.probabilities[0] - none)).toBeLessThanOrEqual(4 * p.standardErrors[0]);
    // Repairs of at most a day shift the count of 30-day windows little: P(exactly one) is within 0.01 of Poisson's.
    const lambdaT = 30 * (1 / 40 + 1 / 60);
    expect(Math.abs(p.probabilities[1] - lambdaT * Math.exp(-lambdaT))).toBeLessThan(0.01 + 4 * p.standardErrors[1]);
  });
});
