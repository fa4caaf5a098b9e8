// Masakari: single-failure timelines to the second, including the 12-VM worst case (60 + 180 + 4 × 90 = 600 s).

import { describe, expect, it } from 'vitest';
import { conservationGap, eventRows, loadWithFiles, requestTrace, runArm, vmRows } from './run-helpers.js';

// h-0 holds 12 VMs (ids 0..11; 9, 10 and 11 are HA_Enabled via priority "high"); it fails at 600 s, exactly on a
// monitor poll, so the monitor reports at the next poll, 660 s; the service is disabled and Masakari sleeps 180 s
// (840 s); three threads evacuate four waves.
function scenario(masakari: object, extra: object = {}, failureRow = '600,h-0,7200', nova: object = {}, hosts = 3) {
  return loadWithFiles({
    name: 'masakari', horizon: 20000, replications: 1, sampleInterval: 60, release: 'queens',
    fleet: [{ group: 'h', count: hosts, cpus: 64, ramMiB: 65536, diskGiB: 2000 }],
    workload: { trace: 'requests.csv', flavors: [{ name: 'small', vcpus: 1, ramMiB: 2048, diskGiB: 10 }] },
    failures: { trace: 'failures.csv' },
    arms: [{ name: 'masakari', nova: { weighers: [{ ram: -1.0 }], ...nova },
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
    // The flow ends in ERROR at 1200 s; the periodic task (every 120 s) processes it again at 1320 s: disable, sleep
    // 180 s, and nothing is left on the host.
    expect(eventRows(result, 'masakari_error').map((e) => [e.time_s, e.detail])).toEqual([[1200, 'reprocess_at=1320']]);
    expect(eventRows(result, 'masakari_done').map((e) => [e.time_s, e.detail])).toEqual([[1500, 'nothing_to_evacuate']]);
  });

  it('a notification that fails again after its one re-processing is given up; its VMs wait for the repair', () => {
    // One host: the scheduler finds no target, every evacuation ends in ERROR and the first poll (1 s) sees it.
    const result = runArm(scenario({ method: 'auto' }, {}, '600,h-0,7200',
      { resumeGuestsStateOnHostBoot: true }, 1));
    // 840 s: 12 VMs, 3 threads, 1 s each → 844 s ERROR; re-processed at 960 s, sleep to 1140 s, fails at 1144 s.
    expect(eventRows(result, 'masakari_error').map((e) => [e.time_s, e.detail])).toEqual([[844, 'reprocess_at=960']]);
    expect(eventRows(result, 'masakari_reprocess').map((e) => e.time_s)).toEqual([960]);
    expect(eventRows(result, 'masakari_done').map((e) => [e.time_s, e.detail])).toEqual([[1144, 'failed']]);
    expect(eventRows(result, 'evacuation_failed').length).toBe(24);
    expect(vmRows(result).map((v) => v.downtime_s)).toEqual(Array(12).fill(7200));
  });

  it.each([
    { name: 'a failed claim on the target', reason: 'claim_failed', threadS: 90 },
  ])('$name costs the thread its full wait', ({ reason, threadS }) => {
    // The standby host holds one 2 GiB VM; the other eleven claims fail there (the VM's state stays unchanged).
    const loaded = loadWithFiles({
      name: 'claim', horizon: 20000, replications: 1, release: 'queens',
      fleet: [{ group: 'h', count: 1, cpus: 64, ramMiB: 65536, diskGiB: 2000 }, { group: 's', count: 1, cpus: 64, ramMiB: 2560, diskGiB: 2000 }],
      workload: { trace: 'requests.csv', flavors: [{ name: 'small', vcpus: 1, ramMiB: 2048, diskGiB: 10 }] },
      failures: { trace: 'failures.csv' },
      arms: [{ name: 'rh', nova: { ramAllocationRatio: 1.0 },
        recovery: { novaEvacuate: { trigger: 'masakari', rebuild: { constant: 30 }, reservedHosts: ['s-0'],
          masakari: { method: 'reserved_host', recoveryThreads: 1 } } } }],
    }, {
      'requests.csv': requestTrace(Array.from({ length: 3 }, (_, i) => [i, 'small', 1e6])),
      'failures.csv': 'time_s,target,duration_s\n600,h-0,7200\n',
    });
    const result = runArm(loaded);
    expect(eventRows(result, 'evacuation_failed').map((e) => e.detail)).toEqual([reason, reason]);
    // One thread: VM 0 rebuilt at 870 s; VMs 1 and 2 fail their claims, each holding the thread threadS.
    expect(eventRows(result, 'masakari_error').map((e) => e.time_s)).toEqual([870 + 2 * threadS]);
  });

  it('a host left powered but hung is never reported: no recovery, its VMs wait for the repair', () => {
    const result = runArm(scenario({ method: 'auto', hungShare: 1 }, {}, '600,h-0,7200', { resumeGuestsStateOnHostBoot: true }));
    expect(eventRows(result, 'masakari_host_hung').map((e) => [e.time_s, e.host])).toEqual([[600, 'h-0']]);
    expect(eventRows(result, 'masakari_notified')).toEqual([]);
    expect(vmRows(result).map((v) => v.downtime_s)).toEqual(Array(12).fill(7200));
  });

  it('the repaired host stays in maintenance until an operator re-enables its service', () => {
    const result = runArm(scenario({ method: 'auto', operatorReenableDelay: { constant: '10m' } }));
    expect(eventRows(result, 'operator_reenabled_service').map((e) => [e.time_s, e.host])).toEqual([[7800 + 600, 'h-0']]);
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
    // rh pass from 840 s: VMs 0-7 rebuild in 30 s (three waves to 900 s); the 4 whose claim on the full standby host
    // fails hold their thread the full 90 s (8 at 900 s, 9 and 10 at 930 s, 11 at 990 s), so the pass ends at 1080 s;
    // then sleep 180 s → auto at 1260 s: 8, 9, 10 run at 1290 s, 11 at 1320 s.
    expect(eventRows(result, 'masakari_pass_failed').map((e) => [e.time_s, e.detail])).toEqual([[1080, 'phase=reserved failed=4']]);
    expect(vms.filter((v) => v.host === 'h-1').map((v) => v.downtime_s)).toEqual([690, 690, 690, 720]);
  });

  it.each([
    { resume: true, downtimeS: 30 },
    { resume: false, downtimeS: 30 + 1800 },
  ])('a host back before the monitor reports is not recovered; resumeGuestsStateOnHostBoot $resume: down $downtimeS s', ({ resume, downtimeS }) => {
    const result = runArm(scenario({ method: 'auto' }, {}, '600,h-0,30',
      { resumeGuestsStateOnHostBoot: resume, operatorStartDelay: { constant: '30m' } }));
    expect(eventRows(result, 'masakari_notified')).toEqual([]);
    expect(vmRows(result).map((v) => v.downtime_s)).toEqual(Array(12).fill(downtimeS));
  });
});
