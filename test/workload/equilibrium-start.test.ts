// The equilibrium start against Little's law: with no failures, unit-size VMs and a policy that accepts whenever a
// slot is free, the time-average number of running VMs is λ·E[L]·(1 − B) with B = Erlang-B(slots, λ·E[L]), from t = 0.

import { describe, expect, it } from 'vitest';
import { distributionMean } from '../../src/engine/distributions.js';
import { estimate } from '../../src/metrics/confidence-interval.js';
import { studentTQuantile } from '../../src/metrics/student-t.js';
import { erlangB } from '../../src/metrics/theory.js';
import { runScenario } from '../../src/experiment/run-scenario.js';
import { initialPopulation } from '../../src/workload/initial-population.js';
import { scenarioFrom, UNIT_NOVA } from '../support/scenario.js';

const REPLICATIONS = 6;
const HOSTS = 40, SLOTS = 104, RATE_PER_HOUR = 40;
const LIFETIME = { lognormal: { median: 2 * 86400, sigma: 1.2 } };

function scenario(initialState: 'equilibrium' | 'empty') {
  return scenarioFrom({
    name: 'little',
    horizon: '30d',
    initialState,
    seed: 5,
    replications: REPLICATIONS,
    sampleInterval: '1h',
    fleet: [{ group: 'h', count: HOSTS, cpus: 1000, ramMiB: SLOTS * 1024, diskGiB: 0 }],
    workload: {
      arrivals: { poisson: { ratePerHour: RATE_PER_HOUR } },
      lifetime: LIFETIME,
      flavors: [{ name: 'unit', vcpus: 1, ramMiB: 1024, diskGiB: 0 }],
      serverGroups: [{ policy: 'anti-affinity', share: 0.1, size: 3, maxServerPerHost: 100 }],
    },
    arms: [{ name: 'first-fit', nova: UNIT_NOVA }],
  });
}

const load = (RATE_PER_HOUR / 3600) * distributionMean(LIFETIME);
const carried = load * (1 - erlangB(HOSTS * SLOTS, load));

describe('equilibrium start', () => {
  it('Little\'s law from t = 0: time-average running VMs over 30 days within 2 % of λ·E[L]·(1 − B), inside the 99 % CI', () => {
    const results = runScenario(scenario('equilibrium'), { vmLog: false, eventLog: false, timeseries: false });
    const e = estimate(results.map((r) => r.summary.mean_running_vms));
    const half = (e.high - e.mean) / studentTQuantile(0.975, e.n - 1) * studentTQuantile(0.995, e.n - 1);
    expect(Math.abs(e.mean - carried) / carried).toBeLessThan(0.02);
    expect(Math.abs(e.mean - carried)).toBeLessThanOrEqual(half);
  });

  it('an empty start is more than 2 % short of it over the same 30 days (the check can fail)', () => {
    const results = runScenario(scenario('empty'), { vmLog: false, eventLog: false, timeseries: false });
    const e = estimate(results.map((r) => r.summary.mean_running_vms));
    expect((carried - e.high) / carried).toBeGreaterThan(0.02);
  });

  it('gives the population in arrival order, arrived before t = 0 and leaving after it, with distinct server groups', () => {
    const { requests, groupsOpened } = initialPopulation(scenario('equilibrium').scenario, 0);
    const times = requests.map((r) => r.time);
    expect(times.every((t, i) => t < 0 && (i === 0 || t >= times[i - 1]))).toBe(true);
    expect(requests.every((r) => r.time + r.lifetime >= 0)).toBe(true);
    const groups = new Set(requests.filter((r) => r.serverGroup >= 0).map((r) => r.serverGroup));
    expect(groups.size).toBe(groupsOpened);
    expect(Math.max(...groups)).toBe(groupsOpened - 1);
  });
});
