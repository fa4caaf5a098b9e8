// A departure of a VM that has run on its first host since it was built is computed from its record (World.records),
// without loading the Vm object (RunEvents.depart), whenever nothing keeps or reports departed Vm objects. Its results
// must be those of the full departure: these runs compare both, with host failures (VMs that went down leave the
// plain path) and with DRS moving VMs between ESXi hosts (moved VMs too), and check that the plain path was taken.

import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadScenario, resolveScenario } from '../../src/scenario/load-scenario.js';
import { runReplication } from '../../src/experiment/run-replication.js';
import { World } from '../../src/model/world.js';

const base = loadScenario('scenarios/nova-vs-vsphere.yaml').scenario;

function scenario(arm: object) {
  return resolveScenario({
    name: 'plain-departure', horizon: '12d', warmup: '1d', seed: 3, replications: 1, sampleInterval: '1h',
    release: 'grizzly',
    fleet: [
      { group: 'rack-a', count: 16, cpus: 32, ramMiB: 131072, diskGiB: 4000, az: 'az1' },
      { group: 'rack-b', count: 16, cpus: 32, ramMiB: 131072, diskGiB: 4000, az: 'az1' },
    ],
    workload: { arrivals: { poisson: { ratePerHour: 40 } }, lifetime: { lognormal: { median: '1d', sigma: 1.2 } },
      flavors: base.workload.flavors.map((f) => ({ name: f.name, vcpus: f.vcpus, ramMiB: f.ramMiB, diskGiB: f.diskGiB,
        weight: f.weight })) },
    failures: {
      groups: [{ group: 'rack-b', failure: { exponential: { mean: '4d' } }, repair: { uniform: { min: '1h', max: '6h' } } }],
    },
    arms: [arm],
  }, 'plain-departure.yaml');
}

const arms = {
  'KVM, host failures, no recovery': { name: 'kvm', platform: 'kvm', recovery: 'none' },
  'vSphere clusters with DRS, host failures, no HA': {
    name: 'vcenter', platform: { vcenter: { clusterSize: 8, memoryOvercommit: 1.5 } }, recovery: 'none',
    drs: { interval: '5m', threshold: 5 },
  },
};

afterEach(() => vi.restoreAllMocks());

describe('departures from the VM record', () => {
  it.each(Object.entries(arms))('%s: the same summary, timeseries and flavors as the full departure', (_, arm) => {
    const loaded = scenario(arm);
    const plain = vi.spyOn(World.prototype, 'forgetPlain');
    const fast = runReplication(loaded, 0, 0, { vmLog: false, eventLog: false, timeseries: true });
    const plainCalls = plain.mock.calls.length;
    plain.mockClear();
    // vms.csv reports departed Vm objects, so with the VM log every departure takes the full path.
    const full = runReplication(loaded, 0, 0, { vmLog: true, eventLog: false, timeseries: true });
    expect(plain.mock.calls.length).toBe(0);
    expect(plainCalls).toBeGreaterThan(100);
    expect(fast.summary.host_failures).toBeGreaterThan(0);
    expect(fast.summary).toEqual(full.summary);
    expect(fast.timeseries).toEqual(full.timeseries);
    expect(fast.flavors).toEqual(full.flavors);
  });

  it('leaves the plain path for VMs that went down with their host or were moved', () => {
    const loaded = scenario(arms['vSphere clusters with DRS, host failures, no HA']);
    const plain = vi.spyOn(World.prototype, 'forgetPlain');
    const run = runReplication(loaded, 0, 0, { vmLog: false, eventLog: false, timeseries: false });
    // Every departure is either plain or full; VMs that departed while down, or after a vMotion, were full.
    expect(run.summary.vms_departed_down).toBeGreaterThan(0);
    expect(run.summary.migrations).toBeGreaterThan(0);
    expect(plain.mock.calls.length).toBeGreaterThan(0);
  });
});
