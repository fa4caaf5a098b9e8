// A small vSphere host-failure storm for tests that compare two ways of running it: 6 racks of 4 hosts as 4-host
// clusters, busy, with host failures and rack outages every few hours, DRS every 5 minutes and vSphere HA.

import type { LoadedScenario } from '../../src/scenario/load-scenario.js';
import { scenarioFrom } from '../support/scenario.js';

/** The storm's flavors unless a test gives its own. */
export const STORM_FLAVORS: readonly object[] = [
  { name: 'small', vcpus: 2, ramMiB: 4096, diskGiB: 20, weight: 50 },
  { name: 'large', vcpus: 8, ramMiB: 16384, diskGiB: 80, weight: 35 },
  { name: 'huge', vcpus: 16, ramMiB: 40960, diskGiB: 160, weight: 15 },
];

/** `admissionControl` 'default' leaves HA's admission policy unset. */
export function storm(seed: number, admissionControl: string, restartDelay: string,
  flavors: readonly object[] = STORM_FLAVORS): LoadedScenario {
  return scenarioFrom({
    name: 'storm', horizon: '4d', warmup: 0, seed, replications: 1, sampleInterval: '30m', release: 'grizzly',
    fleet: Array.from({ length: 6 }, (_, r) => ({ group: `rack${r}`, count: 4, cpus: 32, ramMiB: 65536, diskGiB: 1000, az: 'az1' })),
    workload: {
      arrivals: { poisson: { ratePerHour: 12 } },
      lifetime: { exponential: { mean: '16h' } },
      flavors,
      haPriority: { high: 20, medium: 70, disabled: 10 },
    },
    failures: {
      hostFailure: { exponential: { mean: '2d' } },
      repair: { lognormal: { median: '2h', sigma: 1 } },
      groups: Array.from({ length: 6 }, (_, r) => ({ group: `rack${r}`, failure: { exponential: { mean: '3d' } },
        repair: { uniform: { min: '20m', max: '3h' } } })),
    },
    arms: [{ name: 'vc', platform: { vcenter: { clusterSize: 4, memoryOvercommit: 1.25 } }, drs: { interval: '5m', threshold: 4 },
      recovery: { vsphereHa: admissionControl === 'default' ? { restartDelay } : { admissionControl, restartDelay } } }],
  });
}
