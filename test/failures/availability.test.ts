// Availability against A = MTTF / (MTTF + detection + restart) on a scenario without contention:
// 100 large hosts, few small VMs, exponential host lifetimes (so a VM's time to its next failure is exponential
// wherever it lands), and repairs that take longer than any evacuation (a failed evacuation would only wait for them).

import { describe, expect, it } from 'vitest';
import { estimate } from '../../src/metrics/confidence-interval.js';
import { loadWithFiles, runArm } from './run-helpers.js';

const MTTF = 2 * 86400;
const REPAIR = 600;
const OPERATOR = 300;
const REBUILD = 60;
// Nova sees the service down 60 s after its last heartbeat, which is uniform over the 10 s before the failure:
// detection = 60 − U(0, 10), mean 55 s.
const DETECTION = 55;
const OPERATOR_START = 600;
const REPLICATIONS = 10;

const loaded = loadWithFiles({
  name: 'availability', horizon: '20d', seed: 7, replications: REPLICATIONS, sampleInterval: '1d', release: 'grizzly',
  fleet: [{ group: 'h', count: 100, cpus: 64, ramMiB: 262144, diskGiB: 10000 }],
  workload: { arrivals: { poisson: { ratePerHour: 10 } }, lifetime: { constant: '40d' },
    flavors: [{ name: 'small', vcpus: 1, ramMiB: 2048, diskGiB: 10 }] },
  failures: { hostFailure: { exponential: { mean: MTTF } }, repair: { constant: REPAIR } },
  arms: [
    { name: 'none', nova: { resumeGuestsStateOnHostBoot: true }, recovery: 'none' },
    { name: 'manual', recovery: { novaEvacuate: { trigger: 'manual', target: 'scheduler', operatorDelay: { constant: OPERATOR },
      rebuild: { constant: REBUILD }, parallelism: 100000 } } },
    { name: 'none-stopped', nova: { operatorStartDelay: { constant: OPERATOR_START } }, recovery: 'none' },
  ],
});

describe('availability without contention', () => {
  it.each([
    // arm, expected time down per failure (s)
    ['none', 0, REPAIR],
    ['manual', 1, DETECTION + OPERATOR + REBUILD],
    // resume_guests_state_on_host_boot false: the VMs wait for the operator after the repair.
    ['none, guests stopped on repair', 2, REPAIR + OPERATOR_START],
  ])('%s: A = MTTF / (MTTF + downtime per failure) lies in the 95-percent CI over replications', (_name, arm, down) => {
    const runs = Array.from({ length: REPLICATIONS }, (_, r) => runArm(loaded, arm as number, r, false).summary);
    const e = estimate(runs.map((s) => s.availability));
    const theory = MTTF / (MTTF + (down as number));
    expect(runs.every((s) => s.vms_lost === 0 && s.rejected_no_valid_host === 0)).toBe(true);
    expect(theory).toBeGreaterThanOrEqual(e.low);
    expect(theory).toBeLessThanOrEqual(e.high);
    // The interval is informative: narrower than a tenth of the unavailability being checked.
    expect(e.high - e.low).toBeLessThan(0.1 * (1 - theory));
  });
});
