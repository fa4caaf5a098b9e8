// DRS rules from a plug-in (test/plugin/fixtures/drs-rules.js): a balancing round moves only VMs every listed rule
// allows, and an arm that names a rule validates only with the plug-in loaded.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Vm } from '../../src/model/vm.js';
import { loadPlugins } from '../../src/plugin/load-plugins.js';
import { InputError } from '../../src/scenario/input-error.js';
import { ROOT } from '../support/cli.js';
import { group, testRun } from './harness.js';

const GiB = 1024;

/** Two 64 GiB ESXi hosts in one cluster, DRS threshold 5; four 8 GiB VMs (ids 0..3) on the first. */
function stacked(rules: string[] | undefined) {
  const run = testRun({
    fleet: [group('esx', 2, 64 * GiB)],
    arms: [{ name: 'drs', platform: { vcenter: { clusterSize: 2 } }, drs: { enabled: false, threshold: 5, ...(rules ? { rules } : {}) } }],
  });
  const { cluster, drs } = run.clusters()[0];
  const vms = [0, 1, 2, 3].map((id) => {
    const vm = new Vm(id, 0, 1, 8 * GiB, 0, 0, Infinity, 2, true);
    run.context.world.place(vm, cluster.hosts[0].id);
    return vm;
  });
  drs.round(cluster);
  run.run(3600);
  return vms.filter((vm) => vm.host === cluster.hosts[1].id).map((vm) => vm.id);
}

describe('DRS rules from a plug-in', () => {
  it('an arm naming a rule does not validate before the plug-in is loaded', () => {
    expect(() => stacked(['no-moves'])).toThrow(InputError);
  });

  it('moves only the VMs every rule allows', async () => {
    await loadPlugins([join(ROOT, 'test', 'plugin', 'fixtures', 'drs-rules.js')]);
    // Loads 0.5 / 0: balancing takes two VMs across (0.25 / 0.25), the first movable ones.
    expect(stacked(undefined)).toEqual([0, 1]);
    // pin-even-ids: the two odd ids instead.
    expect(stacked(['pin-even-ids'])).toEqual([1, 3]);
    expect(stacked(['no-moves'])).toEqual([]);
    expect(stacked(['pin-even-ids', 'no-moves'])).toEqual([]);
  });
});
