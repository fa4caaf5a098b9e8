// The lifecycle's `recovering` transition: told when a recovery policy starts acting on a down VM (an HA power-on,
// an evacuation's rebuild), once per attempt, at the time the policy logs the start, before the VM is recovered.

import { describe, expect, it, vi } from 'vitest';
import type { Vm } from '../../src/model/vm.js';
import { VmLifecycle, type VmLifecycleListener } from '../../src/model/vm-lifecycle.js';
import { group, testRun, type TestRun } from '../vsphere/harness.js';
import { eventRows, loadWithFiles, requestTrace, runArm } from '../failures/run-helpers.js';

/** Records recovering and recovered transitions as [time, vm id, kind]. */
function watch(run: TestRun): (string | number)[][] {
  const seen: (string | number)[][] = [];
  const listener: VmLifecycleListener = {
    vmDown: () => {}, vmGaveUp: () => {}, vmDeparted: () => {}, vmAtHorizon: () => {},
    vmRecovered: () => {},
    vmRecovering: (vm: Vm, now: number, how: string) => seen.push([now, vm.id, how]),
  };
  run.context.lifecycle.subscribe(listener);
  return seen;
}

function logged(run: TestRun, event: string): (string | number)[][] {
  return run.events.filter((e) => e[1] === event).map((e) => [e[0], e[2]]);
}

describe('VmLifecycle.recovering', () => {
  it('vSphere HA: at each power-on start, as ha_restart logs it', () => {
    const run = testRun({
      fleet: [group('esx', 2, 65536)],
      arms: [{ name: 'ha', platform: { vcenter: { clusterSize: 2, memoryOvercommit: 1.0 } }, drs: { enabled: false },
        recovery: { vsphereHa: { admissionControl: 'none', detection: 15, masterDetection: 15 } } }],
    });
    const seen = watch(run);
    run.at(0, () => { run.request(4096); run.request(4096); run.request(4096); });
    const failed = 100;
    let onHost = 0;
    run.at(failed, () => {
      const host = run.context.world.vms.get(0)!.host;
      onHost = [...run.context.world.vms.values()].filter((vm) => vm.host === host).length;
      run.fail(run.context.world.hosts[host].name);
    });
    run.run(3600);
    const restarts = logged(run, 'ha_restart');
    expect(restarts.length).toBe(onHost);
    expect(onHost).toBeGreaterThan(0);
    expect(seen.map(([t, id]) => [t, id])).toEqual(restarts);
    expect(seen.every(([, , how]) => how === 'ha-restart')).toBe(true);
    // Detection 15 s after the failure (master or not); the power-on takes restartDelay (30 s, the default) more.
    expect(seen.map(([t]) => t)).toEqual(Array(onHost).fill(failed + 15));
    expect(logged(run, 'ha_recovered').map(([t]) => t)).toEqual(Array(onHost).fill(failed + 45));
  });

  it('manual evacuation: at each rebuild start, as evacuation_started logs it', () => {
    // Four 2 GiB VMs stacked on h-0; h-0 fails at 1005 s; the operator acts 30 min after Nova sees it down; rebuilds
    // take 60 s, one at a time.
    const loaded = loadWithFiles({
      name: 'manual', horizon: 20000, replications: 1, sampleInterval: 50, release: 'grizzly',
      fleet: [{ group: 'h', count: 3, cpus: 16, ramMiB: 16384, diskGiB: 1000 }],
      workload: { trace: 'requests.csv', flavors: [{ name: 'small', vcpus: 1, ramMiB: 2048, diskGiB: 10 }] },
      failures: { trace: 'failures.csv' },
      arms: [{ name: 'manual', nova: { weighers: [{ ram: -1.0 }], resumeGuestsStateOnHostBoot: true },
        recovery: { novaEvacuate: { trigger: 'manual', operatorDelay: { constant: '30m' }, rebuild: { constant: 60 }, parallelism: 1 } } }],
    }, {
      'requests.csv': requestTrace([0, 1, 2, 3].map((t) => [t, 'small', 1e6])),
      'failures.csv': 'time_s,target,duration_s\n1005,h-0,7200\n',
    });
    const spy = vi.spyOn(VmLifecycle.prototype, 'recovering');
    try {
      const result = runArm(loaded);
      const seen = spy.mock.calls.map(([vm, now, how]) => [now, vm.id, how]);
      const started = eventRows(result, 'evacuation_started').map((e) => [e.time_s, e.vm, 'evacuation']);
      expect(started.length).toBe(4);
      expect(seen).toEqual(started);
      // One at a time: each rebuild starts when the one before it (60 s) ends.
      expect(seen.slice(1).map(([t], i) => Number(t) - Number(seen[i][0]))).toEqual([60, 60, 60]);
    } finally {
      spy.mockRestore();
    }
  });
});
