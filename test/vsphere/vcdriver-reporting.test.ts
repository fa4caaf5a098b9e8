// What Nova sees of a vSphere cluster by era (nova/virt/vmwareapi @ 2013.1 and 17.0.0): grizzly aggregates, queens adds
// max_unit and drops hosts that are down or in maintenance.

import { describe, expect, it } from 'vitest';
import { group, testRun } from './harness.js';

const GiB = 1024;

function cluster(release: 'grizzly' | 'queens', hostGiB = 16) {
  return testRun({
    release,
    fleet: [group('esx', 2, hostGiB * GiB, 16)],
    arms: [{ name: release, platform: { vcenter: { clusterSize: 2 } }, drs: { enabled: false } }],
  });
}

describe('VCDriver reporting', () => {
  it.each([
    { release: 'grizzly' as const, total: 32 * GiB, maxUnit: Infinity, afterFailure: 32 * GiB },
    { release: 'queens' as const, total: 32 * GiB, maxUnit: 16 * GiB, afterFailure: 16 * GiB },
  ])('$release: totals $total MiB, max_unit $maxUnit, after one host fails $afterFailure', ({ release, total, maxUnit, afterFailure }) => {
    const run = cluster(release);
    const node = run.context.nodes[0];
    expect([node.totalRamMiB, node.maxUnitRamMiB, node.totalVcpus]).toEqual([total, maxUnit, 32]);
    run.fail('esx-1');
    expect(node.totalRamMiB).toBe(afterFailure);
    run.repair('esx-1');
    expect(node.totalRamMiB).toBe(total);
    run.clusters()[0].drs.setMaintenance(run.host('esx-0'), true);
    expect(node.totalRamMiB).toBe(afterFailure);
  });

  it('queens: a flavor larger than every ESXi host is refused by Nova up front', () => {
    const run = cluster('queens');
    const { vm, outcome } = run.request(20 * GiB);
    expect(outcome).toBe('rejected_no_valid_host');
    expect(vm.attempts).toBe(1);
    expect(run.events.filter((e) => e[1] === 'build_failed')).toEqual([]);
  });

  it('grizzly: the same flavor passes RamFilter on the aggregate and fails late in DRS', () => {
    const run = cluster('grizzly');
    const { vm, outcome } = run.request(20 * GiB);
    expect(outcome).toBe('rejected_late');
    expect(vm.attempts).toBe(2);
  });

  it('queens: a flavor within the largest host\'s total but above its free RAM still fails late', () => {
    const run = cluster('queens');
    run.request(10 * GiB);
    run.request(10 * GiB); // 6 GiB free on each host, 12 GiB in total
    const { vm, outcome } = run.request(8 * GiB);
    expect(outcome).toBe('rejected_late');
    expect(vm.attempts).toBe(2);
    expect(run.events.filter((e) => e[1] === 'build_failed').map((e) => e[3])).toEqual(['esx-vc0']);
  });
});
