// The failure process: identical across arms (common random numbers), groups fail together, overlapping outages,
// and nova-compute liveness as ComputeFilter sees it.

import { describe, expect, it } from 'vitest';
import { conservationGap, eventRows, loadWithFiles, requestTrace, runArm, vmRows } from './run-helpers.js';

const fleet = [
  { group: 'rack-a', count: 6, cpus: 32, ramMiB: 65536, diskGiB: 1000 },
  { group: 'rack-b', count: 4, cpus: 32, ramMiB: 65536, diskGiB: 1000 },
];
const workload = {
  arrivals: { poisson: { ratePerHour: 20 } }, lifetime: { exponential: { mean: '1d' } },
  flavors: [{ name: 'small', vcpus: 1, ramMiB: 2048, diskGiB: 10 }, { name: 'large', vcpus: 4, ramMiB: 8192, diskGiB: 40 }],
};

describe('installFailures', () => {
  it('every arm of a replication sees the same host failures and repairs at the same times', () => {
    const loaded = loadWithFiles({
      name: 'crn', horizon: '20d', replications: 2, fleet, workload,
      failures: { hostFailure: { weibull: { shape: 0.7, scale: '5d' } }, repair: { lognormal: { median: '1h', sigma: 1.5 } },
        groups: [{ group: 'rack-b', failure: { exponential: { mean: '8d' } }, repair: { constant: '3h' } }] },
      arms: [
        { name: 'none', recovery: 'none' },
        { name: 'manual', nova: { weighers: [{ ram: -1 }] }, recovery: { novaEvacuate: { trigger: 'manual', storage: 'local' } } },
        { name: 'masakari', release: 'queens', recovery: { novaEvacuate: { trigger: 'masakari', masakari: { method: 'rh_priority' }, reservedHosts: 1 } } },
      ],
    });
    for (const replication of [0, 1]) {
      const timelines = [0, 1, 2].map((arm) => {
        const result = runArm(loaded, arm, replication);
        expect(conservationGap(result.summary)).toBe(0);
        return eventRows(result).filter((e) => e.event === 'host_failed' || e.event === 'host_repaired').map((e) => `${e.time_s} ${e.event} ${e.host}`);
      });
      expect(timelines[0].length).toBeGreaterThan(10);
      expect(timelines[1]).toEqual(timelines[0]);
      expect(timelines[2]).toEqual(timelines[0]);
    }
    // Different replications draw different failures.
    const first = (r: number) => eventRows(runArm(loaded, 0, r), 'host_failed')[0];
    expect(first(0)).not.toEqual(first(1));
  });

  it('isolationShare: the same isolations in every arm; KVM guests run on, vSphere HA applies its response', () => {
    const loaded = loadWithFiles({
      name: 'isolation', horizon: '20d', replications: 1, release: 'queens', fleet, workload,
      failures: { hostFailure: { exponential: { mean: '4d' } }, repair: { constant: '2h' }, isolationShare: 1 },
      arms: [
        { name: 'none', recovery: 'none' },
        { name: 'masakari', recovery: { novaEvacuate: { trigger: 'masakari' } } },
        { name: 'ha-off', platform: { vcenter: { clusterSize: 10 } }, recovery: { vsphereHa: { isolationResponse: 'powerOff' } } },
        { name: 'ha-keep', platform: { vcenter: { clusterSize: 10 } }, recovery: { vsphereHa: {} } },
      ],
    });
    const results = [0, 1, 2, 3].map((arm) => runArm(loaded, arm));
    const timeline = (r: typeof results[number]) => eventRows(r)
      .filter((e) => e.event === 'host_isolated' || e.event === 'host_reconnected').map((e) => `${e.time_s} ${e.event} ${e.host}`);
    expect(timeline(results[0]).length).toBeGreaterThan(10);
    for (const r of results.slice(1)) expect(timeline(r)).toEqual(timeline(results[0]));
    for (const r of results) {
      expect(conservationGap(r.summary)).toBe(0);
      expect(r.summary.host_failures).toBe(0);
    }
    // Every failure is an isolation: no VM goes down on KVM (no recovery acts) nor with the response disabled; with
    // powerOff the isolated hosts' VMs go down at +60 s and HA restarts them, 30 s later when a host has room.
    for (const arm of [0, 1, 3]) expect([results[arm].summary.vms_affected, results[arm].summary.vm_downtime_h]).toEqual([0, 0]);
    expect(eventRows(results[1]).some((e) => String(e.event).startsWith('masakari'))).toBe(false);
    expect(results[2].summary.vms_affected).toBeGreaterThan(0);
    expect(results[2].summary.recovery_p50_s).toBe(30);
  });

  it('a group outage takes down every host of the group at one instant', () => {
    const loaded = loadWithFiles({
      name: 'group', horizon: '10d', replications: 1, fleet, workload,
      failures: { groups: ['rack-a', 'rack-b'].map((group) => ({ group, failure: { exponential: { mean: '2d' } },
        repair: { constant: '2h' } })) },
      arms: [{ name: 'none' }],
    });
    const failed = eventRows(runArm(loaded), 'host_failed');
    const byTime = new Map<number, string[]>();
    for (const e of failed) byTime.set(e.time_s as number, [...(byTime.get(e.time_s as number) ?? []), e.host as string]);
    const rackA = ['rack-a-0', 'rack-a-1', 'rack-a-2', 'rack-a-3', 'rack-a-4', 'rack-a-5'];
    const rackB = ['rack-b-0', 'rack-b-1', 'rack-b-2', 'rack-b-3'];
    const outages = [...byTime.values()].map((hosts) => hosts.sort());
    expect(outages).toContainEqual(rackA);
    expect(outages).toContainEqual(rackB);
    for (const hosts of outages) expect([rackA, rackB]).toContainEqual(hosts);
  });

  it('overlapping outages: a host is down from the first outage start to the last outage end', () => {
    const loaded = loadWithFiles({
      name: 'overlap', horizon: 10000, replications: 1, fleet, workload: { trace: 'requests.csv', flavors: workload.flavors },
      failures: { trace: 'failures.csv' },
      arms: [{ name: 'none', nova: { resumeGuestsStateOnHostBoot: true } }],
    }, {
      'requests.csv': requestTrace([[0, 'small', 1e6]]),
      'failures.csv': 'time_s,target,duration_s\n100,rack-a-0,500\n300,rack-a,1000\n',
    });
    const result = runArm(loaded);
    const a0 = eventRows(result).filter((e) => e.host === 'rack-a-0' && e.event !== 'placed').map((e) => [e.time_s, e.event]);
    expect(a0).toEqual([[100, 'host_failed'], [1300, 'host_repaired']]);
    expect(vmRows(result)[0]).toMatchObject({ host: 'rack-a-0', downtime_s: 1200, recoveries: 1 });
    expect(result.summary.host_failures).toBe(6);
  });

  it.each([
    // request time → build attempts: rack-a-0 dies at 1005 s, last heartbeat 1000 s, seen down after 1060 s
    [1030, 2],
    [1060, 2],
    [1061, 1],
  ])('a just-died host still passes ComputeFilter: a build at %i s takes %i attempt(s)', (time, attempts) => {
    const loaded = loadWithFiles({
      name: 'heartbeat', horizon: 5000, replications: 1, release: 'grizzly',
      fleet: [{ group: 'h', count: 2, cpus: 32, ramMiB: 65536, diskGiB: 1000 }],
      workload: { trace: 'requests.csv', flavors: workload.flavors },
      failures: { trace: 'failures.csv' },
      arms: [{ name: 'spread' }],
    }, {
      // The first VM lands on h-0; a second on h-1 makes h-0 (dead at 1005 s) the emptiest at the request time.
      'requests.csv': requestTrace([[0, 'small', 1e6], [1, 'large', 1e6], [time, 'small', 1e6]]),
      'failures.csv': 'time_s,target,duration_s\n1005,h-0,3000\n',
    });
    const vms = vmRows(runArm(loaded));
    expect(vms[2]).toMatchObject({ host: 'h-1', attempts, outcome: 'running' });
  });

  it('a management-plane outage stops builds on the node while its VMs run on', () => {
    const loaded = loadWithFiles({
      name: 'mgmt', horizon: '5d', replications: 1, fleet, workload,
      failures: { managementPlane: { failure: { exponential: { mean: '1d' } }, repair: { constant: '2h' } } },
      arms: [{ name: 'none' }],
    });
    const result = runArm(loaded);
    expect(eventRows(result, 'service_failed').length).toBeGreaterThan(0);
    expect(result.summary.host_failures).toBe(0);
    expect(result.summary.vms_affected).toBe(0);
    // While a service is down (after service_down_time) no VM is placed on its node.
    const outages = new Map<string, number[][]>();
    for (const e of eventRows(result)) {
      if (e.event === 'service_failed') outages.set(e.host as string, [...(outages.get(e.host as string) ?? []), [e.time_s as number, Infinity]]);
      if (e.event === 'service_repaired') (outages.get(e.host as string) as number[][]).at(-1)![1] = e.time_s as number;
    }
    for (const e of eventRows(result, 'placed')) {
      for (const [start, end] of outages.get(e.host as string) ?? []) {
        expect((e.time_s as number) > start + 70 && (e.time_s as number) < end).toBe(false);
      }
    }
  });
});
