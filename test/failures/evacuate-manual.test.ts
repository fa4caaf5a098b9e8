// Manual Nova evacuation: single-failure timelines checked to the second.

import { describe, expect, it } from 'vitest';
import { conservationGap, eventRows, loadWithFiles, requestTrace, runArm, vmRows } from './run-helpers.js';

// Three 16 GiB hosts; four 2 GiB VMs stacked on h-0 at t = 0..3; h-0 fails at 1005 s (last heartbeat 1000 s, so Nova
// sees it down at 1060 s). The operator acts 30 min later (2860 s); rebuilds take 60 s, two at a time.
function scenario(evacuate: object, failureRow = '1005,h-0,7200') {
  return loadWithFiles({
    name: 'manual', horizon: 20000, replications: 1, sampleInterval: 50, release: 'grizzly',
    fleet: [{ group: 'h', count: 3, cpus: 16, ramMiB: 16384, diskGiB: 1000 }],
    workload: { trace: 'requests.csv', flavors: [{ name: 'small', vcpus: 1, ramMiB: 2048, diskGiB: 10 }] },
    failures: { trace: 'failures.csv' },
    arms: [{ name: 'manual', nova: { weighers: [{ ram: -1.0 }], resumeGuestsStateOnHostBoot: true },
      recovery: { novaEvacuate: { trigger: 'manual', operatorDelay: { constant: '30m' }, rebuild: { constant: 60 }, parallelism: 2, ...evacuate } } }],
  }, {
    'requests.csv': requestTrace([0, 1, 2, 3].map((t) => [t, 'small', 1e6])),
    'failures.csv': `time_s,target,duration_s\n${failureRow}\n`,
  });
}

describe('manual evacuation', () => {
  it.each([
    // target, storage → the hosts the VMs end on, and whether their disks are lost
    { target: 'scheduler', storage: 'local', hosts: ['h-1', 'h-1', 'h-1', 'h-1'], dataLost: 1 },
    { target: 'admin', storage: 'shared', hosts: ['h-1', 'h-2', 'h-1', 'h-2'], dataLost: 0 },
    { target: 'reserved', storage: 'shared', hosts: ['h-2', 'h-2', 'h-2', 'h-2'], dataLost: 0, reservedHosts: ['h-2'] },
  ])('detects at 1060 s, acts at 2860 s, rebuilds two at a time (target $target, $storage storage)', ({ target, storage, hosts, dataLost, reservedHosts }) => {
    const result = runArm(scenario({ target, storage, ...(reservedHosts ? { reservedHosts } : {}) }));
    expect(eventRows(result, 'operator_acts').map((e) => e.time_s)).toEqual([2860]);
    expect(eventRows(result, 'evacuation_started').map((e) => [e.time_s, e.vm])).toEqual([[2860, 0], [2860, 1], [2920, 2], [2920, 3]]);
    expect(eventRows(result, 'evacuation_rebuilt').map((e) => [e.time_s, e.vm])).toEqual([[2920, 0], [2920, 1], [2980, 2], [2980, 3]]);
    const vms = vmRows(result);
    expect(vms.map((v) => v.downtime_s)).toEqual([1915, 1915, 1975, 1975]);
    expect(vms.map((v) => v.host)).toEqual(hosts);
    expect(vms.map((v) => v.data_lost)).toEqual([dataLost, dataLost, dataLost, dataLost]);
    expect(vms.every((v) => v.outcome === 'running' && v.recoveries === 1)).toBe(true);
    const s = result.summary;
    expect([s.host_failures, s.vms_affected, s.vms_recovered, s.vms_data_lost]).toEqual([1, 4, 4, 4 * dataLost]);
    expect([s.recovery_p50_s, s.recovery_max_s]).toEqual([1945, 1975]);
    expect(conservationGap(s)).toBe(0);
  });

  it('VMs whose host is repaired before the operator acts come back with it (downtime = repair time)', () => {
    const result = runArm(scenario({ storage: 'local' }, '1005,h-0,600'));
    expect(eventRows(result, 'evacuation_started')).toEqual([]);
    const vms = vmRows(result);
    expect(vms.map((v) => [v.host, v.downtime_s, v.data_lost])).toEqual(Array(4).fill(['h-0', 600, 0]));
    expect(result.summary.vms_data_lost).toBe(0);
  });

  it('counts pending recoveries (waiting, queued or rebuilding) in the timeseries', () => {
    const result = runArm(scenario({}));
    const pending = new Map(result.timeseries.map((row) => [row[0], row[14]]));
    expect([1000, 1050, 2850, 2900, 2950, 3000].map((t) => pending.get(t))).toEqual([0, 4, 4, 4, 2, 0]);
  });

  it('a failed evacuation (no host fits) leaves the VM to come back with its host', () => {
    // Two 4 GiB hosts (grizzly RamFilter: 4096 × 1.5 − 512 = 5632 MiB) each hold one 5000 MiB VM: no room to evacuate.
    const loaded = loadWithFiles({
      name: 'full', horizon: 20000, replications: 1, release: 'grizzly',
      fleet: [{ group: 'h', count: 2, cpus: 16, ramMiB: 4096, diskGiB: 1000 }],
      workload: { trace: 'requests.csv', flavors: [{ name: 'big', vcpus: 1, ramMiB: 5000, diskGiB: 10 }] },
      failures: { trace: 'failures.csv' },
      arms: [{ name: 'manual', nova: { resumeGuestsStateOnHostBoot: true },
        recovery: { novaEvacuate: { target: 'scheduler', operatorDelay: { constant: 0 }, rebuild: { constant: 60 } } } }],
    }, {
      'requests.csv': requestTrace([[0, 'big', 1e6], [1, 'big', 1e6]]),
      'failures.csv': 'time_s,target,duration_s\n1005,h-0,3000\n',
    });
    const result = runArm(loaded);
    expect(eventRows(result, 'evacuation_failed').map((e) => [e.time_s, e.vm, e.detail])).toEqual([[1060, 0, 'no_valid_host']]);
    expect(vmRows(result).map((v) => [v.host, v.downtime_s])).toEqual([['h-0', 3000], ['h-1', 0]]);
  });
});
