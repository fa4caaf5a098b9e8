// Boot from volume: a VM whose root disk is a Cinder volume keeps its data when evacuated without shared storage.

import { describe, expect, it } from 'vitest';
import { createStream, uniform } from '../../src/engine/random-streams.js';
import { eventRows, loadWithFiles, requestTrace, runArm, vmRows } from '../failures/run-helpers.js';

const fleet = [{ group: 'h', count: 3, cpus: 32, ramMiB: 65536, diskGiB: 1000 }];
const evacuate = { novaEvacuate: { trigger: 'manual', storage: 'local', target: 'scheduler',
  operatorDelay: { constant: 0 }, rebuild: { constant: 60 }, parallelism: 10 } };

describe('boot from volume', () => {
  it('flavor bootFromVolume: of 5 VMs evacuated off a failed host with local storage, the 3 image-backed lose data', () => {
    const loaded = loadWithFiles({
      name: 'bfv', horizon: '1d', replications: 1, release: 'queens',
      fleet,
      workload: { trace: 'requests.csv', flavors: [
        { name: 'local', vcpus: 1, ramMiB: 2048, diskGiB: 20 },
        { name: 'volume', vcpus: 1, ramMiB: 2048, diskGiB: 0, bootFromVolume: true },
      ] },
      failures: { trace: 'failures.csv' },
      // Stacking puts every VM on h-0, which then fails.
      arms: [{ name: 'evacuate', nova: { weighers: [{ ram: -1 }] }, recovery: evacuate }],
    }, {
      'requests.csv': requestTrace([[0, 'local', 80000], [1, 'volume', 80000], [2, 'local', 80000], [3, 'volume', 80000], [4, 'local', 80000]]),
      'failures.csv': 'time_s,target,duration_s\n600,h-0,7200\n',
    });
    const result = runArm(loaded);
    expect(result.summary.vms_recovered).toBe(5);
    expect(result.summary.vms_data_lost).toBe(3);
    expect(vmRows(result).map((v) => [v.id, v.data_lost])).toEqual([[0, 1], [1, 0], [2, 1], [3, 0], [4, 1]]);
  });

  it('bootFromVolumeShare draws per request from its own stream: the same VMs in every arm, other draws unchanged', () => {
    const scenario = (share: number | undefined) => loadWithFiles({
      // An empty start, so VM id k is request k (the equilibrium start's VMs draw from workload/initial/*).
      name: 'bfv-share', horizon: '3d', seed: 7, replications: 1, release: 'queens', initialState: 'empty',
      fleet,
      workload: { arrivals: { poisson: { ratePerHour: 6 } }, lifetime: { exponential: { mean: '2d' } },
        flavors: [{ name: 'f', vcpus: 1, ramMiB: 2048, diskGiB: 20 }], ...(share === undefined ? {} : { bootFromVolumeShare: share }) },
      failures: { trace: 'failures.csv' },
      arms: [{ name: 'evacuate', nova: { weighers: [{ ram: -1 }] }, recovery: evacuate },
        { name: 'spread', recovery: evacuate }],
    }, { 'failures.csv': 'time_s,target,duration_s\n86400,h-0,7200\n100000,h-1,7200\n' });
    const withShare = scenario(0.4);
    // The rule: request k boots from a volume when the k-th draw of 'workload/boot-from-volume' is below the share.
    const rng = createStream(7, 0, 'workload/boot-from-volume');
    const bfv = Array.from({ length: 1000 }, () => uniform(rng) < 0.4);
    let checked = 0;
    for (const arm of [0, 1]) {
      const result = runArm(withShare, arm);
      for (const e of eventRows(result, 'evacuation_rebuilt')) {
        expect(e.detail).toBe(bfv[e.vm as number] ? '' : 'data_lost');
        checked++;
      }
      // Requests (times, flavors, lifetimes) do not depend on the share's stream.
      const plain = runArm(scenario(undefined), arm);
      expect(vmRows(result).map((v) => [v.id, v.arrival_s])).toEqual(vmRows(plain).map((v) => [v.id, v.arrival_s]));
    }
    expect(checked).toBeGreaterThan(10);
  });
});
