// An arrival's Vm object is reused for the next arrival only when nothing holds it: after the world kept the VM as its
// record only (World.keepAsRecord), on KVM and on vCenter clusters, or after a rejection. A VM the world keeps as an
// object (one that boots from a volume) must keep its object, unchanged, for its whole life.

import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import { runReplication } from '../../src/experiment/run-replication.js';
import { Nova, type BuildOutcome } from '../../src/nova/nova.js';
import { World } from '../../src/model/world.js';
import type { Vm } from '../../src/model/vm.js';

// A fifth of the requests boot from a volume, so their VMs are not plain and the world keeps their objects.
const loaded = loadScenario('scenarios/nova-vs-vsphere.yaml',
  [{ path: 'horizon', value: '8d' }, { path: 'workload.bootFromVolumeShare', value: 0.2 }]);
const armIndex = (name: string) => loaded.scenario.arms.findIndex((arm) => arm.name === name);

afterEach(() => vi.restoreAllMocks());

interface Build { vm: Vm; id: number; arrival: number; outcome: BuildOutcome }

/** Every build of the run: the object, the VM's id and arrival when built, and the outcome; and the ids kept as records. */
function traceBuilds(arm: string, options = { vmLog: true, eventLog: false, timeseries: false }) {
  const builds: Build[] = [];
  const build = Nova.prototype.build;
  vi.spyOn(Nova.prototype, 'build').mockImplementation(function (this: Nova, vm, request, now) {
    const id = vm.id, arrival = vm.arrival;
    const outcome = build.call(this, vm, request, now);
    builds.push({ vm, id, arrival, outcome });
    return outcome;
  });
  const kept = new Set<number>();
  const keepAsRecord = World.prototype.keepAsRecord;
  vi.spyOn(World.prototype, 'keepAsRecord').mockImplementation(function (this: World, vm) {
    kept.add(vm.id);
    keepAsRecord.call(this, vm);
  });
  const result = runReplication(loaded, armIndex(arm), 1, options);
  vi.restoreAllMocks();
  return { builds, kept, result };
}

/** The builds whose object the world holds afterwards: placed and not kept as a record. */
function held(builds: readonly Build[], kept: ReadonlySet<number>): Build[] {
  return builds.filter((b) => b.outcome === 'placed' && !kept.has(b.id));
}

describe('the arrival reuses its Vm object only when nothing holds it', () => {
  it.each(['recovery-none', 'nova-kvm-masakari', 'vcenter-ha-drs', 'hybrid'])('%s: objects of VMs the world holds are never reused', (arm) => {
    const { builds, kept } = traceBuilds(arm);
    const heldBuilds = held(builds, kept);
    // The case is exercised: objects were reused, VMs were held as objects and others rejected.
    expect(new Set(builds.map((b) => b.vm)).size).toBeLessThan(builds.length / 2);
    expect(heldBuilds.length).toBeGreaterThan(builds.length / 10);
    expect(builds.some((b) => b.outcome !== 'placed')).toBe(true);
    // Once the world holds an object, no later arrival is built in it (it may have served earlier arrivals).
    const heldSet = new Set(heldBuilds);
    const holding = new Set<Vm>();
    for (const b of builds) {
      expect(holding.has(b.vm)).toBe(false);
      if (heldSet.has(b)) holding.add(b.vm);
    }
    for (const b of heldBuilds) {
      expect(b.vm.id).toBe(b.id);
      expect(b.vm.arrival).toBe(b.arrival);
      expect(b.vm.plain).toBe(false);
    }
  });

  it.each(['nova-kvm-masakari', 'vcenter-ha-drs'])('%s: the same rows with reused objects as with one object per arrival', (arm) => {
    const options = { vmLog: true, eventLog: true, timeseries: true };
    const reused = traceBuilds(arm, options);
    const own = runReplication(loaded, armIndex(arm), 1, { ...options, keepRecordsOnly: false });
    expect(new Set(reused.builds.map((b) => b.vm)).size).toBeLessThan(reused.builds.length / 2);
    expect(reused.result.summary.host_failures).toBeGreaterThan(0);
    expect(reused.result.summary).toEqual(own.summary);
    expect(reused.result.timeseries).toEqual(own.timeseries);
    expect(reused.result.vms).toEqual(own.vms);
    expect(reused.result.events).toEqual(own.events);
  });
});
