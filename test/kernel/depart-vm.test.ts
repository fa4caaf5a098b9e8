// A departure is computed from the VM's record (World.records); the Vm object is loaded only when someone needs it
// (vms.csv, a recovery policy). The results must not depend on it: these runs compare both, with host failures (VMs
// that depart while down) and with DRS moving VMs between ESXi hosts, and check each record against its Vm.

import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadScenario, resolveScenario } from '../../src/scenario/load-scenario.js';
import { runReplication } from '../../src/experiment/run-replication.js';
import type { World } from '../../src/model/world.js';
import { VmLifecycle } from '../../src/model/vm-lifecycle.js';

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
    // Demand below capacity (a share of the configured size), so that DRS sees an imbalance and moves VMs.
    drs: { interval: '5m', threshold: 5, cpuDemandShare: 0.1, memDemandShare: 0.5 },
  },
  // vSphere HA is told of departures by VM id (RecoveryPolicy.vmIdDeparted): its entries hold their Vm objects.
  'vSphere clusters with DRS, host failures, vSphere HA': {
    name: 'vcenter-ha', platform: { vcenter: { clusterSize: 8, memoryOvercommit: 1.5 } }, recovery: { vsphereHa: {} },
    drs: { interval: '5m', threshold: 5, cpuDemandShare: 0.1, memDemandShare: 0.5 },
  },
};

afterEach(() => vi.restoreAllMocks());

/** Spies on VmLifecycle.departed: counts departures with and without the Vm object, and checks the record against it. */
function watchDepartures() {
  const seen = { withVm: 0, withoutVm: 0, mismatches: [] as string[], loadedStates: [] as string[] };
  const original = VmLifecycle.prototype.departed;
  vi.spyOn(VmLifecycle.prototype, 'departed').mockImplementation(function (this: VmLifecycle, id, slot, vm) {
    if (vm === undefined) {
      seen.withoutVm++;
    } else {
      seen.withVm++;
      seen.loadedStates.push(vm.state);
      const records = (this as unknown as { world: World }).world.records;
      const fields: [string, number, number][] = [['id', records.id(slot), vm.id], ['host', records.host(slot), vm.host],
        ['ramMiB', records.ramMiB(slot), vm.ramMiB], ['downSince', records.downSince(slot), vm.downSince],
        ['arrival', records.arrival(slot), vm.arrival], ['serverGroup', records.serverGroup(slot), vm.serverGroup]];
      for (const [name, record, object] of fields) if (record !== object) seen.mismatches.push(`vm ${vm.id} ${name}: ${record} vs ${object}`);
    }
    original.call(this, id, slot, vm);
  });
  return seen;
}

describe('departures from the VM record', () => {
  it.each(Object.entries(arms))('%s: the same results whether or not the Vm object is loaded', (_, arm) => {
    const loaded = scenario(arm);
    const seen = watchDepartures();
    const fromRecord = runReplication(loaded, 0, 0, { vmLog: false, eventLog: false, timeseries: true });
    expect(seen.withoutVm).toBeGreaterThan(100);
    expect(seen.withVm).toBe(0);
    // vms.csv reports departed Vm objects, so with the VM log every departure loads its VM: the record must match it.
    const withObjects = runReplication(loaded, 0, 0, { vmLog: true, eventLog: false, timeseries: true });
    expect(seen.withVm).toBe(seen.withoutVm);
    expect(seen.mismatches).toEqual([]);
    expect(fromRecord.summary.host_failures).toBeGreaterThan(0);
    expect(fromRecord.summary).toEqual(withObjects.summary);
    expect(fromRecord.timeseries).toEqual(withObjects.timeseries);
    expect(fromRecord.flavors).toEqual(withObjects.flavors);
  });

  it.each(Object.entries({
    'KVM, Masakari (auto)': { name: 'masakari', platform: 'kvm', release: 'queens',
      recovery: { novaEvacuate: { trigger: 'masakari', storage: 'shared', masakari: { method: 'auto' } } } },
    'KVM, manual evacuation': { name: 'manual', platform: 'kvm',
      recovery: { novaEvacuate: { trigger: 'manual', storage: 'shared' } } },
  }))('%s: only VMs that depart while down load their Vm object; the same results as when all do', (_, arm) => {
    const loaded = scenario(arm);
    const seen = watchDepartures();
    const fromRecord = runReplication(loaded, 0, 0, { vmLog: false, eventLog: false, timeseries: true });
    expect(seen.withoutVm).toBeGreaterThan(100);
    expect(seen.withVm).toBeGreaterThan(0);
    expect(seen.loadedStates.filter((state) => state !== 'down')).toEqual([]);
    const withObjects = runReplication(loaded, 0, 0, { vmLog: true, eventLog: false, timeseries: true });
    expect(seen.mismatches).toEqual([]);
    expect(fromRecord.summary.vms_recovered).toBeGreaterThan(0);
    expect(fromRecord.summary).toEqual(withObjects.summary);
    expect(fromRecord.timeseries).toEqual(withObjects.timeseries);
  });

  it('covers VMs that departed while down and VMs that were moved', () => {
    const loaded = scenario(arms['vSphere clusters with DRS, host failures, no HA']);
    const run = runReplication(loaded, 0, 0, { vmLog: false, eventLog: false, timeseries: false });
    expect(run.summary.vms_departed_down).toBeGreaterThan(0);
    expect(run.summary.migrations).toBeGreaterThan(0);
  });
});
