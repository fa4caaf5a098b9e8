// The departure read-ahead only reads: every arm of the default scenario (KVM with no recovery, manual evacuation and
// Masakari, and vSphere HA) gives the same rows with it and without it, with the VM log and the event log on.

import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import { runReplication } from '../../src/experiment/run-replication.js';
import { Simulator } from '../../src/engine/simulator.js';
import { DeparturePrefetcher } from '../../src/kernel/departure-prefetcher.js';
import { CapacitySampler } from '../../src/metrics/capacity-sample.js';
import { World } from '../../src/model/world.js';

const loaded = loadScenario('scenarios/nova-vs-vsphere.yaml', [{ path: 'horizon', value: '8d' }]);

afterEach(() => vi.restoreAllMocks());

describe('DeparturePrefetcher', () => {
  it.each(loaded.scenario.arms.map((arm, index) => [arm.name, index]))('%s: the same rows with and without the read-ahead', (_, index) => {
    const options = { vmLog: true, eventLog: true, timeseries: true };
    const read = vi.spyOn(DeparturePrefetcher.prototype, 'prefetch');
    const ahead = runReplication(loaded, index as number, 1, options);
    // Most departures were read ahead (those due before the bucket in use go into the heap directly).
    expect(read.mock.calls.length).toBeGreaterThan(ahead.summary.placed / 2);
    expect(ahead.summary.host_failures).toBeGreaterThan(0);
    vi.restoreAllMocks();
    vi.spyOn(Simulator.prototype, 'prefetchWith').mockImplementation(() => {});
    const plain = runReplication(loaded, index as number, 1, options);
    expect(ahead.summary).toEqual(plain.summary);
    expect(ahead.timeseries).toEqual(plain.timeseries);
    expect(ahead.vms).toEqual(plain.vms);
    expect(ahead.events).toEqual(plain.events);
  });

  it('reads the sampler\'s marks of the host each departure frees and of that host\'s compute node', () => {
    const kvm = loaded.scenario.arms.findIndex((arm) => arm.platform === 'kvm');
    let hosts: World['hosts'] = [];
    const release = World.prototype.release;
    vi.spyOn(World.prototype, 'release').mockImplementation(function (this: World, ...args) {
      hosts = this.hosts;
      return release.apply(this, args);
    });
    const touch = vi.spyOn(CapacitySampler.prototype, 'touchHost');
    const result = runReplication(loaded, kvm, 1, { vmLog: false, eventLog: false, timeseries: true });
    expect(touch.mock.calls.length).toBeGreaterThan(result.summary.placed / 2);
    for (const [hostId, nodeId] of touch.mock.calls) expect(nodeId).toBe(hosts[hostId].computeNode);
  });
});
