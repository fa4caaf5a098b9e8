// Masakari: single-failure timelines to the second, including the 12-VM worst case (60 + 180 + 4 × 90 = 600 s).

import { describe, expect, it } from 'vitest';
import { conservationGap, eventRows, loadWithFiles, requestTrace, runArm, vmRows } from './run-helpers.js';

// h-0 holds 12 VMs (ids 0..11; 9, 10 and 11 are HA_Enabled via priority "high"); it fails at 600 s, exactly on a
// monitor poll, so the monitor reports at the next poll, 660 s; the service is disabled and Masakari sleeps 180 s
// (840 s); three threads evacuate four waves.
function scenario(masakari: object, extra: object = {}, failureRow = '600,h-0,7200') {
  return loadWithFiles({
    name: 'masakari', horizon: 20000, replications: 1, sampleInterval: 60, release: 'queens',
    fleet: [{ group: 'h', count: 3, cpus: 64, ramMiB: 65536, diskGiB: 2000 }],
    workload: { trace: 'requests.csv', flavors: [{ name: 'small', vcpus: 1, ramMiB: 2048, diskGiB: 10 }] },
    failures: { trace: 'failures.csv' },
    arms: [{ name: 'masakari', nova: { weighers: [{ ram: -1.0 }] },
      recovery: { novaEvacuate: { trigger: 'masakari', rebuild: { constant: 90 }, masakari, ...extra } } }],
  }, {
    'requests.csv': requestTrace(Array.from({ length: 12 }, (_, i) => [i, 'small', 1e6, i >= 9 ? 'high' : 'medium'])),
    'failures.csv': `time_s,target,duration_s\n${failureRow}\n`,
  });
}

const waveOf = (vm: number) => (vm >= 9 ? 0 : 1 + Math.floor(vm / 3));

describe('Masakari', () => {
  it('12 VMs, rebuilds that use the full 90 s wait: 60 + 180 + 4 × 90 = 600 s for the last VM', () => {
    const result = runArm(scenario({ method: 'auto' }));
    expect(eventRows(result, 'masakari_notified').map((e) => e.time_s)).toEqual([660]);
    const started = eventRows(result, 'evacuation_started').map((e) => [e.time_s, e.vm]);
    expect(started).toEqual([9, 10, 11, 0, 1, 2, 3, 4, 5, 6, 7, 8].map((vm) => [840 + 90 * waveOf(vm), vm]));
    const downtime = vmRows(result).map((v) => v.downtime_s);
    expect(downtime).toEqual(Array.from({ length: 12 }, (_, vm) => 330 + 90 * waveOf(vm)));
    expect(result.summary.recovery_max_s).toBe(600);
    expect(eventRows(result, 'masakari_done').map((e) => [e.time_s, e.detail])).toEqual([[1200, 'recovered']]);
    expect(conservationGap(result.summary)).toBe(0);
  });

  it('threads move on as soon as a VM is active (verify_interval polls): 30 s rebuilds finish at 870..960 s', () => {
    const result = runArm(scenario({ method: 'auto' }, { rebuild: { constant: 29.5 } }));
    expect(vmRows(result).map((v) => v.downtime_s)).toEqual(Array.from({ length: 12 }, (_, vm) => 240 + 30 * waveOf(vm) + 29.5));
  });

  it('a rebuild longer than the 90 s wait fails the flow, yet the VM comes up when Nova finishes', () => {
    const result = runArm(scenario({ method: 'auto' }, { rebuild: { constant: 100 } }));
    expect(vmRows(result).map((v) => v.downtime_s)).toEqual(Array.from({ length: 12 }, (_, vm) => 340 + 90 * waveOf(vm)));
    expect(eventRows(result, 'masakari_done').map((e) => e.detail)).toEqual(['failed']);
  });

  it('reserved_host enables the standby host and evacuates onto it', () => {
    const result = runArm(scenario({ method: 'reserved_host' }, { reservedHosts: ['h-2'] }));
    expect(eventRows(result, 'masakari_reserved_host').map((e) => [e.time_s, e.host])).toEqual([[840, 'h-2']]);
    expect(new Set(vmRows(result).map((v) => v.host))).toEqual(new Set(['h-2']));
    expect(result.summary.recovery_max_s).toBe(600);
  });

  it('rh_priority falls back to auto, after another disable-and-sleep, when the standby host is full', () => {
    // h-2 is the standby host but only 16 GiB fits there (8 VMs at 2 GiB); the other 4 fail and go through auto.
    const loaded = loadWithFiles({
      name: 'rh', horizon: 20000, replications: 1, release: 'queens',
      fleet: [{ group: 'h', count: 2, cpus: 64, ramMiB: 65536, diskGiB: 2000 }, { group: 's', count: 1, cpus: 64, ramMiB: 16896, diskGiB: 2000 }],
      workload: { trace: 'requests.csv', flavors: [{ name: 'small', vcpus: 1, ramMiB: 2048, diskGiB: 10 }] },
      failures: { trace: 'failures.csv' },
      arms: [{ name: 'rh', nova: { weighers: [{ ram: -1.0 }], ramAllocationRatio: 1.0 },
        recovery: { novaEvacuate: { trigger: 'masakari', rebuild: { constant: 30 }, reservedHosts: ['s-0'], masakari: { method: 'rh_priority' } } } }],
    }, {
      'requests.csv': requestTrace(Array.from({ length: 12 }, (_, i) => [i, 'small', 1e6])),
      'failures.csv': 'time_s,target,duration_s\n600,h-0,7200\n',
    });
    const result = runArm(loaded);
    const vms = vmRows(result);
    expect(vms.filter((v) => v.host === 's-0').length).toBe(8);
    expect(vms.filter((v) => v.host === 'h-1').length).toBe(4);
    // rh pass: 840 s + 3 waves of 30 s (8 evacuated, 4 failed at the first poll) ends at 930 s; then sleep 180 s → 1110 s.
    expect(eventRows(result, 'masakari_pass_failed').map((e) => [e.time_s, e.detail])).toEqual([[930, 'phase=reserved failed=4']]);
    expect(vms.filter((v) => v.host === 'h-1').map((v) => v.downtime_s)).toEqual([540, 540, 540, 570]);
  });

  it('a host back before the monitor reports is not recovered; its VMs come back with it', () => {
    const result = runArm(scenario({ method: 'auto' }, {}, '600,h-0,30'));
    expect(eventRows(result, 'masakari_notified')).toEqual([]);
    expect(vmRows(result).map((v) => v.downtime_s)).toEqual(Array(12).fill(30));
  });
});
