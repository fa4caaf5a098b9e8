// expectedLiveVms: the records' first size for a run (Little's law), a hint that never changes results.

import { describe, expect, it } from 'vitest';
import { expectedLiveVms } from '../../src/scenario/run-size.js';
import { scenarioFrom } from '../support/scenario.js';

function scenario(fields: object) {
  return scenarioFrom({
    name: 'little', horizon: '30d', seed: 1, replications: 1, sampleInterval: '1h',
    fleet: [{ group: 'h', count: 100, cpus: 32, ramMiB: 131072, diskGiB: 2000 }],
    workload: {
      arrivals: { poisson: { ratePerHour: 36 } }, lifetime: { exponential: { mean: '24h' } },
      flavors: [{ name: 'm1', vcpus: 4, ramMiB: 8192, diskGiB: 40 }],
    },
    arms: [{ name: 'kvm', platform: 'kvm' }],
    ...fields,
  }).scenario;
}

describe('expectedLiveVms', () => {
  it('is arrival rate × mean lifetime plus four standard deviations of the Poisson count', () => {
    // 36 an hour for 24 h: 864, sd √864 = 29.4.
    expect(expectedLiveVms(scenario({}))).toBe(Math.ceil(864 + 4 * Math.sqrt(864)));
  });

  it('counts only the horizon when the fleet starts empty and the horizon is shorter than a lifetime', () => {
    expect(expectedLiveVms(scenario({ initialState: 'empty', horizon: '6h' }))).toBe(Math.ceil(216 + 4 * Math.sqrt(216)));
    expect(expectedLiveVms(scenario({ initialState: 'equilibrium', horizon: '6h' }))).toBe(Math.ceil(864 + 4 * Math.sqrt(864)));
  });

  it('is at most 64 VMs per host (an overloaded fleet rejects the rest)', () => {
    expect(expectedLiveVms(scenario({ horizon: '10d', workload: {
      arrivals: { poisson: { ratePerHour: 36_000 } }, lifetime: { exponential: { mean: '24h' } },
      flavors: [{ name: 'm1', vcpus: 4, ramMiB: 8192, diskGiB: 40 }],
    } }))).toBe(6400);
  });
});
