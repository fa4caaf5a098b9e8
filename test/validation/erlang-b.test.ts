// The simulator against queueing theory. Unit-size VMs, Poisson arrivals, a policy that accepts
// whenever a slot is free: blocking = Erlang-B(H·C, λ/μ) whatever the holding-time distribution; two sizes on one
// host: Kaufman–Roberts. Each check asks the exact value to lie inside the 95 % family-wise confidence interval of
// the mean over replications (Student t, Bonferroni-corrected over the points of the test file).

import { describe, expect, it } from 'vitest';
import { estimate } from '../../src/metrics/confidence-interval.js';
import { studentTQuantile } from '../../src/metrics/student-t.js';
import { erlangB, kaufmanRoberts } from '../../src/metrics/theory.js';
import { runScenario } from '../../src/experiment/run-scenario.js';
import { scenarioFrom, UNIT_NOVA } from '../support/scenario.js';

const REPLICATIONS = 10;
const CHECKS = 6; // four Erlang-B points + two Kaufman–Roberts classes
const T = studentTQuantile(1 - 0.05 / (2 * CHECKS), REPLICATIONS - 1);

function interval(values: number[]) {
  const e = estimate(values);
  const half = ((e.high - e.mean) / (studentTQuantile(0.975, e.n - 1))) * T;
  return { mean: e.mean, low: e.mean - half, high: e.mean + half };
}

function unitScenario(hosts: number, slots: number, load: number, lifetime: object, horizonHours: number) {
  return scenarioFrom({
    name: 'erlang',
    horizon: `${horizonHours}h`,
    warmup: '20h',
    seed: 11,
    replications: REPLICATIONS,
    sampleInterval: `${horizonHours}h`,
    fleet: [{ group: 'h', count: hosts, cpus: 1000, ramMiB: slots * 1024, diskGiB: 0 }],
    workload: {
      arrivals: { poisson: { ratePerHour: load } },
      lifetime,
      flavors: [{ name: 'unit', vcpus: 1, ramMiB: 1024, diskGiB: 0 }],
    },
    arms: [{ name: 'first-fit', nova: UNIT_NOVA }],
  });
}

describe('Erlang-B', () => {
  it.each([
    { hosts: 1, slots: 10, load: 7, lifetime: { exponential: { mean: '1h' } }, horizon: 1500 },
    { hosts: 5, slots: 4, load: 15, lifetime: { exponential: { mean: '1h' } }, horizon: 1500 },
    { hosts: 10, slots: 10, load: 80, lifetime: { exponential: { mean: '1h' } }, horizon: 1500 },
    // Insensitivity: lognormal holding times with the same mean (median e^{−σ²/2} h for σ = 1).
    { hosts: 2, slots: 10, load: 14, lifetime: { lognormal: { median: Math.exp(-0.5) * 3600, sigma: 1 } }, horizon: 1500 },
  ])('$hosts hosts × $slots slots at $load Erlangs, lifetime $lifetime', ({ hosts, slots, load, lifetime, horizon }) => {
    const results = runScenario(unitScenario(hosts, slots, load, lifetime, horizon), { vmLog: false, eventLog: false, timeseries: false });
    const ci = interval(results.map((r) => r.summary.rejection_rate));
    const exact = erlangB(hosts * slots, load);
    expect(results.every((r) => r.summary.requests > 0.9 * load * (horizon - 20))).toBe(true);
    expect(exact).toBeGreaterThanOrEqual(ci.low);
    expect(exact).toBeLessThanOrEqual(ci.high);
  });
});

describe('Kaufman–Roberts', () => {
  it('one 10-slot host, sizes 1 and 2 at loads 3 and 1: per-flavor blocking 0.027296 and 0.072216', () => {
    const loaded = scenarioFrom({
      name: 'kaufman-roberts',
      horizon: '3000h',
      warmup: '20h',
      seed: 5,
      replications: REPLICATIONS,
      sampleInterval: '3000h',
      fleet: [{ group: 'h', count: 1, cpus: 1000, ramMiB: 10 * 1024, diskGiB: 0 }],
      workload: {
        arrivals: { poisson: { ratePerHour: 4 } },
        lifetime: { exponential: { mean: '1h' } },
        flavors: [
          { name: 'one', vcpus: 1, ramMiB: 1024, diskGiB: 0, weight: 3 },
          { name: 'two', vcpus: 1, ramMiB: 2048, diskGiB: 0, weight: 1 },
        ],
      },
      arms: [{ name: 'first-fit', nova: UNIT_NOVA }],
    });
    const results = runScenario(loaded, { vmLog: false, eventLog: false, timeseries: false });
    const exact = kaufmanRoberts(10, [1, 2], [3, 1]);
    for (let k = 0; k < 2; k++) {
      const ci = interval(results.map((r) => 1 - r.flavors[k].placed / r.flavors[k].requests));
      expect(exact[k]).toBeGreaterThanOrEqual(ci.low);
      expect(exact[k]).toBeLessThanOrEqual(ci.high);
    }
  });
});
