// On KVM a placed VM is kept as its record only, and its Vm object is rebuilt when someone asks for it (a host
// failure, an evacuation, vms.csv, the horizon). The results must not depend on it: each KVM arm of the default
// scenario (no recovery, manual evacuation, Masakari) runs both ways, with the VM log and the event log on.

import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import { runReplication } from '../../src/experiment/run-replication.js';
import { World } from '../../src/model/world.js';
import { VmRecords } from '../../src/model/vm-records.js';

const loaded = loadScenario('scenarios/nova-vs-vsphere.yaml', [{ path: 'horizon', value: '8d' }]);
const kvmArms = loaded.scenario.arms.map((arm, index) => ({ arm, index })).filter(({ arm }) => arm.platform === 'kvm');

afterEach(() => vi.restoreAllMocks());

describe('KVM VMs kept as records', () => {
  it('the default scenario has KVM arms with several recovery policies', () => {
    expect(new Set(kvmArms.map(({ arm }) => JSON.stringify(arm.recovery))).size).toBeGreaterThanOrEqual(3);
  });

  it.each(kvmArms.map(({ arm, index }) => [arm.name, index]))('%s: the same rows with and without Vm objects', (_, index) => {
    const kept = vi.spyOn(World.prototype, 'keepAsRecord');
    const options = { vmLog: true, eventLog: true, timeseries: true };
    const records = runReplication(loaded, index as number, 1, options);
    const dropped = kept.mock.calls.length;
    const objects = runReplication(loaded, index as number, 1, { ...options, keepRecordsOnly: false });
    // Most placed VMs were kept as records, and the run had failures whose VMs were rebuilt from them.
    expect(dropped).toBeGreaterThan(records.summary.placed / 2);
    expect(kept.mock.calls.length).toBe(dropped);
    expect(records.summary.host_failures).toBeGreaterThan(0);
    expect(records.summary).toEqual(objects.summary);
    expect(records.timeseries).toEqual(objects.timeseries);
    expect(records.flavors).toEqual(objects.flavors);
    expect(records.vms).toEqual(objects.vms);
    expect(records.events).toEqual(objects.events);
  });
});

describe('the horizon without the VM log', () => {
  it.each(kvmArms.map(({ arm, index }) => [arm.name, index]))(
    '%s: VMs kept as records count from their records, to the same summary as from their objects', (_, index) => {
      const built = vi.spyOn(VmRecords.prototype, 'vm');
      const options = { vmLog: false, eventLog: false, timeseries: true };
      const records = runReplication(loaded, index as number, 1, options);
      const rebuilt = built.mock.calls.length;
      const objects = runReplication(loaded, index as number, 1, { ...options, vmLog: true });
      // The VM log's pass rebuilds every VM kept as a record (thousands); the pass from the records none.
      expect(built.mock.calls.length - rebuilt).toBeGreaterThan(rebuilt + 100);
      expect(records.summary.vm_downtime_h).toBeGreaterThan(0);
      expect(records.summary).toEqual(objects.summary);
      expect(records.timeseries).toEqual(objects.timeseries);
    });
});
