// Overcommit reported alike on every platform: configured VM memory beyond physical memory on up hosts, and the share
// of VMs (time-averaged over samples) that sit on such a host.

import { describe, expect, it } from 'vitest';
import { TIMESERIES_COLUMNS } from '../../src/metrics/run-metrics.js';
import { loadWithFiles, requestTrace, runArm } from '../failures/run-helpers.js';

// Two 8192 MiB hosts; eight requests of 3072 MiB at t = 0..7 s that stay past the 1 h horizon; samples every 10 min.
const fleet = [{ group: 'h', count: 2, cpus: 32, ramMiB: 8192, diskGiB: 1000 }];
const trace = requestTrace(Array.from({ length: 8 }, (_, i) => [i, 'f', 7200]));

function run(arm: object) {
  const loaded = loadWithFiles({
    name: 'overcommit', horizon: '1h', replications: 1, sampleInterval: '10m', release: 'grizzly', fleet,
    workload: { trace: 'requests.csv', flavors: [{ name: 'f', vcpus: 1, ramMiB: 3072, diskGiB: 10 }] },
    arms: [{ name: 'a', ...arm }],
  }, { 'requests.csv': trace });
  return runArm(loaded);
}

describe('overcommit metrics', () => {
  it.each([
    // KVM, ratio 1.5, no reserve, stacking: h-0 takes 4 (12288 of 8192: 4096 over), h-1 takes the other 4 (12288).
    { name: 'KVM ratio 1.5 stacked', arm: { nova: { reservedHostMemoryMiB: 0, weighers: [{ ram: -1 }] } },
      placed: 8, overMiB: 8192, share: 1 },
    // KVM, ratio 1.5 with a 5632 MiB reserve: cap 8192 × 1.5 − 5632 = 6656 → 2 VMs (6144) per host: none over.
    { name: 'KVM ratio 1.5, reserve 5632', arm: { nova: { reservedHostMemoryMiB: 5632 } }, placed: 4, overMiB: 0, share: 0 },
    // KVM, ratio 1.0 and the grizzly 512 MiB reserve: 2 per host, nothing over.
    { name: 'KVM ratio 1.0', arm: { nova: { ramAllocationRatio: 1.0 } }, placed: 4, overMiB: 0, share: 0 },
    // ESXi, unreserved, no operator cap: Nova's RamFilter on the aggregate (16384 × 1.5 − 512 = 24064) passes 7; DRS
    // alternates them, 4 on esx-0 (4096 over) and 3 on esx-1 (1024 over): every VM on an overcommitted host.
    { name: 'ESXi unreserved', arm: { platform: { vcenter: { clusterSize: 2 } }, drs: { enabled: false } },
      placed: 7, overMiB: 5120, share: 1 },
    // ESXi with the operator cap memoryOvercommit 1.0: 2 per host, the rest fail in vCenter.
    { name: 'ESXi memoryOvercommit 1.0', arm: { platform: { vcenter: { clusterSize: 2, memoryOvercommit: 1.0 } },
      drs: { enabled: false } }, placed: 4, overMiB: 0, share: 0 },
  ])('$name: $placed placed, $overMiB MiB overcommitted, share $share', ({ arm, placed, overMiB, share }) => {
    const result = run(arm);
    expect(result.summary.placed).toBe(placed);
    expect(result.summary.mean_overcommitted_ram_mib).toBe(overMiB);
    expect(result.summary.overcommitted_vm_share).toBe(share);
    const col = (c: string) => (TIMESERIES_COLUMNS as readonly string[]).indexOf(c);
    expect(result.timeseries.map((r) => r[col('overcommitted_ram_mib')])).toEqual(Array(6).fill(overMiB));
    expect(result.timeseries.map((r) => r[col('vms_on_overcommitted_hosts')])).toEqual(Array(6).fill(share * placed));
  });

  it('counts the share of VMs, not of hosts: 4 of 5 VMs on the one overcommitted host', () => {
    // Stacking with ratio 1.5 and no reserve fills h-0 to its 12288 MiB cap with 4 VMs; the fifth goes to h-1.
    // Only 5 requests: replace the trace by its first five rows.
    const loaded = loadWithFiles({
      name: 'share', horizon: '1h', replications: 1, sampleInterval: '10m', release: 'grizzly', fleet,
      workload: { trace: 'requests.csv', flavors: [{ name: 'f', vcpus: 1, ramMiB: 3072, diskGiB: 10 }] },
      arms: [{ name: 'a', nova: { reservedHostMemoryMiB: 0, weighers: [{ ram: -1 }] } }],
    }, { 'requests.csv': requestTrace(Array.from({ length: 5 }, (_, i) => [i, 'f', 7200])) });
    const summary = runArm(loaded).summary;
    expect(summary.mean_overcommitted_ram_mib).toBe(4096);
    expect(summary.overcommitted_vm_share).toBe(4 / 5);
  });
});
