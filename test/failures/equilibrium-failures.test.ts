// Host failures of a renewal process started at a random moment (equilibrium start): the expected count per day is
// the long-run rate 1/(E[time to failure] + E[repair]) from day 0. Started "as new", LANL05's decreasing-hazard Weibull
// fails far more often in the first days.

import { describe, expect, it } from 'vitest';
import { distributionMean } from '../../src/engine/distributions.js';
import { FAILURE_PRESETS } from '../../src/failures/presets.js';
import { runReplication } from '../../src/experiment/run-replication.js';
import { eventRows } from './run-helpers.js';
import { scenarioFrom } from '../support/scenario.js';

const HOSTS = 4000, REPLICATIONS = 4, DAYS = 5;
const DAY = 86400;
// Two-sided 1 % family-wise over the days (Bonferroni): z for 1 − 0.01/(2·DAYS).
const Z = 3.29;

function failuresPerHostDay(initialState: 'equilibrium' | 'empty'): number[][] {
  const loaded = scenarioFrom({
    name: 'flat-failures',
    horizon: `${DAYS}d`,
    initialState,
    replications: REPLICATIONS,
    sampleInterval: `${DAYS}d`,
    fleet: [{ group: 'h', count: HOSTS, cpus: 32, ramMiB: 65536, diskGiB: 100 }],
    workload: {
      arrivals: { poisson: { ratePerHour: 0.01 } },
      lifetime: { constant: 3600 },
      flavors: [{ name: 'small', vcpus: 1, ramMiB: 1024, diskGiB: 1 }],
    },
    failures: { preset: 'lanl05' },
    arms: [{ name: 'kvm' }],
  });
  // counts[day][host-replication]
  const counts = Array.from({ length: DAYS }, () => new Float64Array(HOSTS * REPLICATIONS));
  for (let r = 0; r < REPLICATIONS; r++) {
    const result = runReplication(loaded, 0, r, { vmLog: false, eventLog: true, timeseries: false });
    for (const e of eventRows(result, 'host_failed')) {
      const host = Number(String(e.host).slice(2));
      counts[Math.min(DAYS - 1, Math.floor(Number(e.time_s) / DAY))][r * HOSTS + host]++;
    }
  }
  return counts.map((c) => [...c]);
}

const lanl = FAILURE_PRESETS.lanl05;
const perHostDay = DAY / (distributionMean(lanl.hostFailure) + distributionMean(lanl.repair));

/** Mean failures per host in each day and its half-width (normal, from the spread over hosts × replications). */
function days(counts: number[][]) {
  return counts.map((c) => {
    const n = c.length, mean = c.reduce((s, x) => s + x, 0) / n;
    const sd = Math.sqrt(c.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1));
    return { ratio: mean / perHostDay, half: (Z * sd) / Math.sqrt(n) / perHostDay };
  });
}

describe('equilibrium start of host failures (lanl05)', () => {
  it('failures per day are flat from day 0: each day\'s ratio to the long-run rate has 1 inside its CI', () => {
    const perDay = days(failuresPerHostDay('equilibrium'));
    for (const d of perDay) expect(Math.abs(d.ratio - 1)).toBeLessThanOrEqual(d.half);
    // The CIs are narrow enough to mean something: under ±35 % on each day.
    for (const d of perDay) expect(d.half).toBeLessThan(0.35);
  });

  it('an as-new start (initialState: empty) fails the same check on day 0', () => {
    const [day0] = days(failuresPerHostDay('empty'));
    expect(day0.ratio - 1).toBeGreaterThan(day0.half);
  });
});
