// A process runs replications back to back (a batch, `npm run bench`, worker threads), and some per-process objects
// are shared by every run (samplers made once per spec object, docs/performance.md). A replication's rows must not
// depend on which runs came before it in the process.

import { describe, expect, it } from 'vitest';
import { runReplication } from '../../src/experiment/run-replication.js';
import { scenarioFrom } from '../support/scenario.js';

function loaded() {
  return scenarioFrom({
    name: 'order', horizon: '3d', warmup: '12h', seed: 11, replications: 3, sampleInterval: '1h',
    release: 'grizzly',
    fleet: [{ group: 'h', count: 30, cpus: 32, ramMiB: 131072, diskGiB: 2000 }],
    workload: {
      arrivals: { poisson: { ratePerHour: 12 } }, lifetime: { weibull: { shape: 0.8, scale: '20h' } },
      flavors: [
        { name: 'm1.medium', vcpus: 4, ramMiB: 8192, diskGiB: 40, weight: 3 },
        { name: 'm1.xlarge', vcpus: 16, ramMiB: 49152, diskGiB: 160, weight: 1 },
      ],
    },
    arms: [{ name: 'spread', platform: 'kvm', nova: { weighers: [{ ram: 1.0 }] } }],
  }, `order-${Math.random()}.yaml`);
}

function rows(result: ReturnType<typeof runReplication>) {
  return { summary: result.summary, timeseries: result.timeseries, vms: result.vms, flavors: result.flavors };
}

describe('replications in one process', () => {
  it('give replication k the same rows whether it runs first or after the others', () => {
    const options = { vmLog: true, eventLog: false, timeseries: true };
    const alone = rows(runReplication(loaded(), 0, 2, options));
    const batch = loaded();
    runReplication(batch, 0, 0, options);
    runReplication(batch, 0, 1, options);
    const after = rows(runReplication(batch, 0, 2, options));
    expect(after.vms.length).toBeGreaterThan(100);
    expect(after).toEqual(alone);
  });
});
