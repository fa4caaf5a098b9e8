// What Nova sees of a vSphere cluster by era (nova/virt/vmwareapi @ 2013.2 and 17.0.0): grizzly aggregates every
// host's threads and the root resource pool's memory (hosts down or in maintenance leave it), queens adds max_unit and
// drops hosts that are down or in maintenance from vCPUs too.

import { describe, expect, it } from 'vitest';
import { isolateHost, reconnectHost } from '../../src/failures/fail-host.js';
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
    { release: 'grizzly' as const, total: 32 * GiB, maxUnit: Infinity, afterFailure: 16 * GiB },
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

  it('grizzly: the same flavor, reserving its memory, passes RamFilter on the aggregate and fails late in DRS', () => {
    const run = cluster('grizzly');
    const { vm, outcome } = run.request(20 * GiB, { memReservationMiB: 20 * GiB });
    expect(outcome).toBe('rejected_late');
    expect(vm.attempts).toBe(2);
  });

  it('grizzly: unreserved, ESXi powers it on overcommitted (only its overhead must fit)', () => {
    const run = cluster('grizzly');
    const { vm, outcome } = run.request(20 * GiB);
    expect(outcome).toBe('placed');
    expect(run.context.world.hosts[vm.host].usedRamMiB).toBe(20 * GiB);
  });

  it('queens: a reserving flavor within the largest host\'s total but above its unreserved RAM still fails late', () => {
    const run = cluster('queens');
    run.request(10 * GiB, { memReservationMiB: 10 * GiB });
    run.request(10 * GiB, { memReservationMiB: 10 * GiB }); // 6049 MiB unreserved on each host
    const { vm, outcome } = run.request(8 * GiB, { memReservationMiB: 8 * GiB });
    expect(outcome).toBe('rejected_late');
    expect(vm.attempts).toBe(2);
    expect(run.events.filter((e) => e[1] === 'build_failed').map((e) => e[3])).toEqual(['esx-vc0']);
  });

  // nova 26.0.0 vm_util.py get_stats_from_cluster + driver.py update_provider_tree (17.0.0 get_inventory the same):
  // VCPU / MEMORY_MB over connected hosts outside maintenance, max_unit = per-host maximum; DISK_GB = datastore
  // capacity, max_unit = its free space. Three hosts of 16 threads, 16 GiB, 1000 GiB disk; two VMs with 100 and
  // 250 GiB disks; then esx-1 fails; then esx-0 enters maintenance. Columns: vcpus, vcpu max_unit, RAM, RAM max_unit,
  // disk, disk max_unit.
  it.each([
    // nova 2013.2 vm_util.py get_stats_from_cluster: vCPUs over every host; memory = the root resource pool's
    // maxUsage, bounded by the cluster's effective memory (hosts not responding or in maintenance not counted).
    { release: 'grizzly', empty: [48, Infinity, 48 * GiB, Infinity, 3000, Infinity],
      placed: [48, Infinity, 48 * GiB, Infinity, 3000, Infinity],
      failed: [48, Infinity, 32 * GiB, Infinity, 3000, Infinity],
      maintenance: [48, Infinity, 16 * GiB, Infinity, 3000, Infinity] },
    ...(['queens', 'modern'] as const).map((release) => ({ release,
      empty: [48, 16, 48 * GiB, 16 * GiB, 3000, 3000],
      placed: [48, 16, 48 * GiB, 16 * GiB, 3000, 2650],
      failed: [32, 16, 32 * GiB, 16 * GiB, 3000, 2650],
      maintenance: [16, 16, 16 * GiB, 16 * GiB, 3000, 2650] })),
  ])('$release reports the inventory VCDriver sends', ({ release, empty, placed, failed, maintenance }) => {
    const run = testRun({
      release,
      fleet: [{ group: 'esx', count: 3, cpus: 16, ramMiB: 16 * GiB, diskGiB: 1000 }],
      arms: [{ name: release, platform: { vcenter: { clusterSize: 3 } }, drs: { enabled: false } }],
    });
    const node = run.context.nodes[0];
    const inventory = () => [node.totalVcpus, node.maxUnitVcpus, node.totalRamMiB, node.maxUnitRamMiB,
      node.totalDiskGiB, node.maxUnitDiskGiB];
    expect(inventory()).toEqual(empty);
    expect(run.request(2 * GiB, { diskGiB: 100 }).outcome).toBe('placed');
    expect(run.request(2 * GiB, { diskGiB: 250 }).outcome).toBe('placed');
    expect(inventory()).toEqual(placed);
    run.fail('esx-1');
    expect(inventory()).toEqual(failed);
    run.clusters()[0].drs.setMaintenance(run.host('esx-0'), true);
    expect(inventory()).toEqual(maintenance);
  });

  it.each([
    { release: 'queens' as const, isolated: [16, 16 * GiB] },
    { release: 'grizzly' as const, isolated: [32, 16 * GiB] },
  ])('$release: a host isolated from vCenter (not responding) leaves MEMORY_MB until it reconnects', ({ release, isolated }) => {
    const run = cluster(release);
    const node = run.context.nodes[0];
    const inventory = () => [node.totalVcpus, node.totalRamMiB];
    isolateHost(run.context, run.host('esx-1'));
    expect(inventory()).toEqual(isolated);
    reconnectHost(run.context, run.host('esx-1'));
    expect(inventory()).toEqual([32, 32 * GiB]);
  });

  // Every host of the cluster down: MEMORY_MB total 0, so RamFilter's limit (0 × ratio) is below the claims already
  // there and Nova sends nothing (grizzly ram_filter.py RamFilter.host_passes); the VCDriver's nova-compute runs
  // outside the cluster, so the service stays up and the refusal is Nova's, not admission control's.
  it.each(['grizzly', 'queens'] as const)('%s: a cluster whose hosts are all down shows Nova no memory', (release) => {
    const run = cluster(release);
    const node = run.context.nodes[0];
    expect(run.request(2 * GiB).outcome).toBe('placed');
    run.fail('esx-0');
    run.fail('esx-1');
    expect(node.totalRamMiB).toBe(0);
    expect(node.usedRamMiB).toBe(2 * GiB);
    expect(node.lastHeartbeat).toBe(Infinity);
    const { vm, outcome } = run.request(2 * GiB);
    expect(outcome).toBe('rejected_no_valid_host');
    expect(vm.attempts).toBe(1);
    run.repair('esx-0');
    expect(node.totalRamMiB).toBe(16 * GiB);
    expect(run.request(2 * GiB).outcome).toBe('placed');
  });

  it('queens: a disk larger than the datastore\'s free space is refused up front (DISK_GB max_unit)', () => {
    const run = testRun({
      release: 'queens',
      fleet: [{ group: 'esx', count: 2, cpus: 16, ramMiB: 16 * GiB, diskGiB: 1000 }],
      arms: [{ name: 'q', platform: { vcenter: { clusterSize: 2 } }, drs: { enabled: false } }],
    });
    expect(run.request(GiB, { diskGiB: 1500 }).outcome).toBe('placed');
    expect(run.request(GiB, { diskGiB: 501 }).outcome).toBe('rejected_no_valid_host');
    expect(run.request(GiB, { diskGiB: 500 }).outcome).toBe('placed');
  });
});
