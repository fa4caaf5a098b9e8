// What a repaired KVM host brings back (resume_guests_state_on_host_boot): with true its VMs boot with it; with
// false (the default in every release) they stay down until an operator starts them, operatorStartDelay after the
// repair. Exact downtimes from a host that fails at 600 s and is repaired at 7800 s.

import { describe, expect, it } from 'vitest';
import { conservationGap, eventRows, loadWithFiles, requestTrace, runArm, vmRows } from '../failures/run-helpers.js';

function scenario(arm: object, hosts = 2) {
  return loadWithFiles({
    name: 'guest-start', horizon: 20000, replications: 1, sampleInterval: 60, release: 'queens',
    fleet: [{ group: 'h', count: hosts, cpus: 64, ramMiB: 65536, diskGiB: 2000 }],
    workload: { trace: 'requests.csv', flavors: [{ name: 'small', vcpus: 1, ramMiB: 2048, diskGiB: 10 }] },
    failures: { trace: 'failures.csv' },
    arms: [{ name: 'kvm', ...arm }],
  }, {
    'requests.csv': requestTrace(Array.from({ length: 3 }, (_, i) => [i, 'small', 1e6])),
    'failures.csv': 'time_s,target,duration_s\n600,h-0,7200\n',
  });
}

const stack = { weighers: [{ ram: -1.0 }] };
const operator = { operatorStartDelay: { constant: '30m' } };
const manualEvacuation = { novaEvacuate: { trigger: 'manual', operatorDelay: { constant: '5m' }, rebuild: { constant: 60 } } };

describe('a repaired KVM host', () => {
  it.each([
    { name: 'recovery none, resume true', nova: { ...stack, resumeGuestsStateOnHostBoot: true }, recovery: 'none', hosts: 2, downtimeS: 7200 },
    { name: 'recovery none, resume false (default)', nova: { ...stack, ...operator }, recovery: 'none', hosts: 2, downtimeS: 7200 + 1800 },
    { name: 'failed evacuations, resume true', nova: { ...stack, resumeGuestsStateOnHostBoot: true }, recovery: manualEvacuation, hosts: 1, downtimeS: 7200 },
    { name: 'failed evacuations, resume false', nova: { ...stack, ...operator }, recovery: manualEvacuation, hosts: 1, downtimeS: 7200 + 1800 },
  ])('$name: VMs down $downtimeS s', ({ nova, recovery, hosts, downtimeS }) => {
    const result = runArm(scenario({ nova, recovery }, hosts));
    expect(vmRows(result).map((v) => v.downtime_s)).toEqual([downtimeS, downtimeS, downtimeS]);
    expect(result.summary.vms_recovered).toBe(3);
    expect(conservationGap(result.summary)).toBe(0);
    const started = eventRows(result, 'operator_started_guests').map((e) => [e.time_s, e.host, e.detail]);
    expect(started).toEqual(downtimeS > 7200 ? [[7800 + 1800, 'h-0', 'vms=3']] : []);
  });

  it('an operator start after the host failed again waits for the next repair', () => {
    const loaded = loadWithFiles({
      name: 'again', horizon: 20000, replications: 1, release: 'queens',
      fleet: [{ group: 'h', count: 1, cpus: 64, ramMiB: 65536, diskGiB: 2000 }],
      workload: { trace: 'requests.csv', flavors: [{ name: 'small', vcpus: 1, ramMiB: 2048, diskGiB: 10 }] },
      failures: { trace: 'failures.csv' },
      arms: [{ name: 'kvm', nova: operator }],
    }, {
      'requests.csv': requestTrace([[0, 'small', 1e6]]),
      // Repaired at 1600 s, fails again at 2000 s (before the operator at 3400 s), repaired at 4000 s → started 5800 s.
      'failures.csv': 'time_s,target,duration_s\n600,h-0,1000\n2000,h-0,2000\n',
    });
    const result = runArm(loaded);
    expect(vmRows(result).map((v) => v.downtime_s)).toEqual([5800 - 600]);
    expect(result.summary.vms_affected).toBe(1);
  });
});
