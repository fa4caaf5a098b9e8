// The seed's example end to end (scenarios/seed-blog-example.yaml, explained in README.md, "The seed example").

import { describe, expect, it } from 'vitest';
import { runReplication } from '../../src/experiment/run-replication.js';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import { VM_COLUMNS } from '../../src/experiment/run-result.js';
import { TIMESERIES_COLUMNS } from '../../src/metrics/run-metrics.js';

const loaded = loadScenario('scenarios/seed-blog-example.yaml');
// The same example with Nova's default flavor (no quota:memory_reservation) for the 10 GB request.
const unreserved = loadScenario('scenarios/seed-blog-example.yaml', [{ path: 'workload.flavors[2].extraSpecs', value: {} }]);
const options = { vmLog: true, eventLog: true, timeseries: true };

function arm(name: string, from = loaded) {
  const index = from.scenario.arms.findIndex((a) => a.name === name);
  const result = runReplication(from, index, 0, options);
  const col = (c: (typeof VM_COLUMNS)[number]) => VM_COLUMNS.indexOf(c);
  const vm = (id: number) => {
    const row = result.vms.find((r) => r[0] === id)!;
    return { outcome: row[col('outcome')], host: row[col('host')], node: row[col('compute_node')], attempts: row[col('attempts')] };
  };
  const events = (id: number) => result.events.filter((e) => e[4] === id).map((e) => [e[3], e[5]]);
  return { result, vm, events };
}

describe('seed example: 8 GB free on KVM, 2 × 6 GB free on ESXi behind one VCDriver node', () => {
  it('sets up the state of the example with the three preload VMs', () => {
    const { vm } = arm('grizzly-defaults');
    expect([vm(0).host, vm(1).host, vm(2).host]).toEqual(['esx-0', 'esx-1', 'kvm-0']);
  });

  it('grizzly defaults: the 10 GB request fails in DRS on the cluster, then lands on the KVM node on retry', () => {
    const { vm, events } = arm('grizzly-defaults');
    expect(events(3)).toEqual([['build_failed', 'esx-vc0'], ['placed', 'kvm-0']]);
    expect(vm(3)).toEqual({ outcome: 'running', host: 'kvm-0', node: 'kvm-0', attempts: 2 });
    // The 4 GB request goes to the cluster: RAMWeigher sees 11776 MiB there vs −2048 MiB on the KVM node.
    expect(vm(4)).toEqual({ outcome: 'running', host: 'esx-0', node: 'esx-vc0', attempts: 1 });
    expect(events(4)[0][0]).toBe('placed');
  });

  it('the 10 GB request fails in vCenter only because its flavor reserves its memory: unreserved it powers on there', () => {
    for (const name of ['grizzly-defaults', 'grizzly-ratio-1.0', 'queens-reporting']) {
      const { vm, events, result } = arm(name, unreserved);
      // ESXi admits it against its overhead alone, ⌈14.4 + 4 × 2 + 7.6 × 10⌉ = 99 MiB; DRS breaks the 10/10 GiB tie
      // by host order: esx-0 then holds 20 GiB of configured memory on 16 GiB.
      expect(events(3)).toEqual([['placed', 'esx-vc0']]);
      expect(vm(3)).toEqual({ outcome: 'running', host: 'esx-0', node: 'esx-vc0', attempts: 1 });
      expect(result.summary.rejected_late).toBe(0);
    }
  });

  it('without Nova-level overcommit the retry finds nothing: a late rejection', () => {
    const { result, vm, events } = arm('grizzly-ratio-1.0');
    expect(events(3).map((e) => e[0])).toEqual(['build_failed', 'no_valid_host']);
    expect(vm(3).outcome).toBe('rejected_late');
    expect(vm(4)).toEqual({ outcome: 'running', host: 'esx-0', node: 'esx-vc0', attempts: 1 });
    expect(result.summary.rejected_late).toBe(1);
  });

  it('queens reporting changes nothing here: 10 GB is within the largest host\'s 16 GB total', () => {
    const { vm } = arm('queens-reporting');
    expect(vm(3)).toEqual({ outcome: 'running', host: 'kvm-0', node: 'kvm-0', attempts: 2 });
  });

  it('reports phantom capacity: Nova-visible free RAM the cluster cannot place on one host', () => {
    const { result } = arm('grizzly-ratio-1.0');
    // At 30 s: Nova sees 32768 − 512 − 20480 = 11776 MiB free on the cluster, but one host has at most 6144 MiB.
    const header = ['time_s', 'phantom_ram_mib', 'nova_visible_free_ram_mib', 'largest_free_ram_mib'];
    const at30 = result.timeseries.find((r) => r[0] === 30)!;
    const get = (c: string) => at30[(TIMESERIES_COLUMNS as readonly string[]).indexOf(c)];
    expect(header.map(get)).toEqual([30, 11776 - 6144, 11776 + 8192, 8192]);
  });
});
