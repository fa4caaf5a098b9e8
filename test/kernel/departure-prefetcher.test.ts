// The departure read-ahead only reads: every arm of the default scenario (KVM with no recovery, manual evacuation and
// Masakari, and vSphere HA) gives the same rows with it and without it, with the VM log and the event log on.

import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import { runReplication } from '../../src/experiment/run-replication.js';
import { Simulator } from '../../src/engine/simulator.js';
import { DeparturePrefetcher } from '../../src/kernel/departure-prefetcher.js';

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
});
