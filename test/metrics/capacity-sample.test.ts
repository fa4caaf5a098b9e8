// Free capacity and fragmentation are measured the same way on every platform, from each host's free physical RAM
// (physical − host reserve − failover-policy reserve − configured VM memory, at least 0); the admission view (what the
// platform would still admit) stays beside it. Small fleets, numbers worked out by hand from those rules.

import { afterEach, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { CapacitySampler, sampleCapacity, type CapacitySample, type FlavorShape } from '../../src/metrics/capacity-sample.js';
import { ComputeNode } from '../../src/nova/compute-node.js';
import { group, testRun, type TestRun } from '../vsphere/harness.js';

const GiB = 1024;
const SMALL_LARGE: FlavorShape[] = [
  { vcpus: 1, ramMiB: 2 * GiB, diskGiB: 0, share: 0.5 },
  { vcpus: 4, ramMiB: 8 * GiB, diskGiB: 0, share: 0.5 },
];

/** A run whose sampler is attached before any VM exists, and a sample that must equal a full scan. */
function withSampler(run: TestRun) {
  const { world, nodes, config } = run.context;
  const sampler = new CapacitySampler(world.hosts, nodes, config, SMALL_LARGE, world);
  return (now = 0): CapacitySample => {
    const s = { ...sampler.sample(now) };
    expect(s).toEqual(sampleCapacity(world.hosts, nodes, config, SMALL_LARGE, now, world));
    return s;
  };
}

function vcenter(admissionControl: unknown, hosts = 4) {
  return testRun({
    release: 'queens',
    fleet: [group('esx', hosts, 16 * GiB)],
    arms: [{ name: 'ha', platform: { vcenter: { clusterSize: hosts } }, drs: { enabled: false },
      recovery: { vsphereHa: { admissionControl } } }],
  });
}

describe('capacity sample: physical view on KVM', () => {
  it('takes reserved_host_memory_mb out of each host and gives phantom capacity no value', () => {
    // queens: 512 MiB reserved per host, RAM allocation ratio 1.5, Placement + RamFilter.
    const run = testRun({ release: 'queens', fleet: [group('kvm', 2, 16 * GiB)], arms: [{ name: 'kvm', platform: 'kvm', recovery: 'none' }] });
    const sample = withSampler(run);
    const a = run.request(12 * GiB).vm, b = run.request(4 * GiB).vm;
    expect(a.host).not.toBe(b.host); // RAMWeigher spreads
    const s = sample();
    // Free physical: 16384 − 512 − 12288 = 3584 and 16384 − 512 − 4096 = 11776. The 8 GiB flavor does not fit the
    // first: frag = 0.5 × 3584 / 15360; the 2 GiB flavor fits both, so nothing is stranded for every flavor.
    expect(s.ramFreeMiB).toBe(15360);
    expect(s.largestFreeRamMiB).toBe(11776);
    expect(s.fragIndex).toBeCloseTo(0.5 * 3584 / 15360, 12);
    expect(s.strandedRamFrac).toBe(0);
    expect(s.ramUsableMiB).toBe(2 * (16384 - 512));
    // Admission view: Nova's limit per host, min((16384 − 512) × 1.5, 16384 × 1.5 − 512) = 23808; both flavors fit.
    expect(s.admissionRamFreeMiB).toBe(23808 - 12288 + 23808 - 4096);
    expect(s.admissionFragIndex).toBe(0);
    // Committed: Nova's allocation over Placement's capacity (16384 − 512) × 1.5 per node.
    expect(s.novaUsedRamMiB / s.novaCapacityRamMiB).toBeCloseTo(16384 / (2 * 23808), 12);
    expect(s.phantomRamMiB).toBeNaN();
  });

  it('counts a host whose compute service is disabled (a Masakari standby host) as holding no free capacity', () => {
    const run = testRun({ release: 'queens', fleet: [group('kvm', 2, 16 * GiB)], arms: [{ name: 'kvm', platform: 'kvm', recovery: 'none' }] });
    const sample = withSampler(run);
    run.context.nodes[1].serviceDisabled = true;
    run.request(4 * GiB);
    const s = sample();
    expect(s.ramFreeMiB).toBe(16384 - 512 - 4096);
    expect(s.ramUsableMiB).toBe(16384 - 512);
    run.context.nodes[1].serviceDisabled = false;
    expect(sample().ramFreeMiB).toBe(16384 - 512 - 4096 + 16384 - 512);
  });
});

describe('capacity sample: physical view on vSphere', () => {
  it('takes the HA percentage reserve out of every host, where the admission view sees no fragmentation', () => {
    const run = vcenter({ percentage: 25 });
    const sample = withSampler(run);
    for (const host of run.context.world.hosts) expect(host.policyReserveRamMiB).toBe(4096);
    const vms = [0, 1, 2, 3].map(() => run.request(10 * GiB).vm);
    expect(new Set(vms.map((vm) => vm.host)).size).toBe(4); // DRS initial placement balances
    const s = sample();
    // Free physical per host: 16384 − 4096 − 10240 = 2048: the 2 GiB flavor fits, the 8 GiB one nowhere.
    expect(s.ramFreeMiB).toBe(4 * 2048);
    expect(s.largestFreeRamMiB).toBe(2048);
    expect(s.fragIndex).toBe(0.5);
    expect(s.strandedRamFrac).toBe(0);
    expect(s.ramUsableMiB).toBe(4 * 12288);
    // ESXi admits unreserved VMs against their memory overhead only: everything fits, 6144 MiB free per host.
    expect(s.admissionRamFreeMiB).toBe(4 * 6144);
    expect(s.admissionFragIndex).toBe(0);
    // Nova sees the cluster as one node: (65536 − 512) × 1.5 = 97536 MiB, 40960 allocated; phantom capacity is what
    // Nova sees free beyond the largest free host, 97536 − 40960 − 6144.
    expect(s.novaCapacityRamMiB).toBe(97536);
    expect(s.novaUsedRamMiB).toBe(40960);
    expect(s.phantomRamMiB).toBe(97536 - 40960 - 6144);
    run.fail('esx-0');
    expect(sample().ramFreeMiB).toBe(3 * 2048);
  });

  it('holds a dedicated failover host back whole', () => {
    const run = vcenter({ failoverHosts: 1 });
    const sample = withSampler(run);
    const vms = [0, 1, 2].map(() => run.request(10 * GiB).vm);
    expect(vms.map((vm) => vm.host).sort()).toEqual([0, 1, 2]);
    const s = sample();
    // Hosts 0–2: 16384 − 10240 = 6144 free (no percentage reserve); the failover host 3 offers nothing.
    expect(s.ramFreeMiB).toBe(3 * 6144);
    expect(s.fragIndex).toBe(0.5);
    expect(s.ramUsableMiB).toBe(3 * 16384);
    expect(s.admissionRamFreeMiB).toBe(3 * 6144 + 16384);
  });

  it('holds back the slot policy\'s failover hosts as a share of every host (uniform hosts: one host in four)', () => {
    const run = vcenter({ slot: { hostFailuresToTolerate: 1 } });
    for (const host of run.context.world.hosts) expect(host.policyReserveRamMiB).toBe(4096);
    const sample = withSampler(run);
    run.request(10 * GiB);
    expect(sample().ramFreeMiB).toBe(3 * 12288 + 2048);
  });

  it('holds a host in maintenance mode back whole, and gives it back after', () => {
    const run = testRun({
      release: 'queens', fleet: [group('esx', 2, 16 * GiB)],
      arms: [{ name: 'ha', platform: { vcenter: { clusterSize: 2 } }, drs: { enabled: false }, recovery: { vsphereHa: { admissionControl: 'none' } } }],
    });
    const sample = withSampler(run);
    const [{ drs }] = run.clusters();
    drs.setMaintenance(run.host('esx-1'), true);
    expect(sample().ramFreeMiB).toBe(16384);
    drs.setMaintenance(run.host('esx-1'), false);
    expect(sample().ramFreeMiB).toBe(2 * 16384);
  });
});

describe('CapacitySampler on vSphere clusters', () => {
  it.each([{ percentage: 20 }, { failoverHosts: 1 }, { slot: { hostFailuresToTolerate: 1 } }])(
    'equals a full scan after random power-ons, host failures, repairs, HA restarts and maintenance (admission %o)', (admissionControl) => {
      const op = fc.oneof(
        { weight: 5, arbitrary: fc.record({ kind: fc.constant('request' as const), gib: fc.constantFrom(2, 4, 8, 12) }) },
        { weight: 1, arbitrary: fc.record({ kind: fc.constant('fail' as const), host: fc.nat({ max: 5 }) }) },
        { weight: 1, arbitrary: fc.record({ kind: fc.constant('repair' as const), host: fc.nat({ max: 5 }) }) },
        { weight: 1, arbitrary: fc.record({ kind: fc.constant('maintenance' as const), host: fc.nat({ max: 5 }), on: fc.boolean() }) },
        { weight: 2, arbitrary: fc.record({ kind: fc.constant('advance' as const), seconds: fc.constantFrom(10, 60, 600) }) },
      );
      fc.assert(fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const run = testRun({
          release: 'queens', fleet: [group('esx', 6, 16 * GiB)],
          arms: [{ name: 'ha', platform: { vcenter: { clusterSize: 3 } }, drs: { enabled: false },
            recovery: { vsphereHa: { admissionControl } } }],
        });
        const sample = withSampler(run);
        const { sim, world } = run.context;
        for (const o of ops) {
          const host = 'host' in o ? world.hosts[o.host] : undefined;
          switch (o.kind) {
            case 'request': run.request(o.gib * GiB); break;
            case 'fail': if (host!.up) run.fail(host!.name); break;
            case 'repair': if (!host!.up) run.repair(host!.name); break;
            case 'maintenance': if (host!.up) run.clusters().find((c) => c.cluster.localIndex(host!) >= 0)!.drs.setMaintenance(host!, o.on); break;
            case 'advance': run.run(sim.now + o.seconds); break;
          }
          sample(sim.now);
        }
      }), { numRuns: 60 });
    });
});

describe('CapacitySampler read-ahead', () => {
  afterEach(() => vi.restoreAllMocks());

  it('reads each changed compute node as refreshNode reads it, and nothing of the others', () => {
    const run = testRun({ release: 'queens', fleet: [group('kvm', 4, 16 * GiB)], arms: [{ name: 'kvm', platform: 'kvm', recovery: 'none' }] });
    const { world, nodes, config } = run.context;
    const sampler = new CapacitySampler(world.hosts, nodes, config, SMALL_LARGE, world);
    sampler.sample(0);
    const vm = run.request(4 * GiB).vm;
    const total = vi.spyOn(ComputeNode.prototype, 'totalRamMiB', 'get');
    const heartbeat = vi.spyOn(ComputeNode.prototype, 'lastHeartbeat', 'get');
    const inside = sampler as unknown as { readAheadNodes(start: number, end: number): number; nodeDirtyCount: number };
    inside.readAheadNodes(0, inside.nodeDirtyCount);
    expect(total.mock.contexts.map((node) => (node as ComputeNode).id)).toEqual([vm.computeNode]);
    expect(heartbeat.mock.contexts.map((node) => (node as ComputeNode).id)).toEqual([vm.computeNode]);
  });

  it('reads ahead only when many hosts changed since the last sample (a few are still in cache), with the same values', () => {
    const run = testRun({ release: 'queens', fleet: [group('kvm', 200, 16 * GiB)], arms: [{ name: 'kvm', platform: 'kvm', recovery: 'none' }] });
    const { world, nodes, config } = run.context;
    const sampler = new CapacitySampler(world.hosts, nodes, config, SMALL_LARGE, world);
    const readAhead = vi.spyOn(sampler as unknown as { readAhead(start: number, end: number): number }, 'readAhead');
    const sample = () => expect({ ...sampler.sample(0) }).toEqual(sampleCapacity(world.hosts, nodes, config, SMALL_LARGE, 0, world));
    sample(); // every host
    run.request(4 * GiB);
    sample(); // one host
    for (const host of world.hosts.slice(0, 127)) host.capRamMiB = 12 * GiB;
    sample();
    for (const host of world.hosts.slice(0, 128)) host.capRamMiB = 14 * GiB;
    sample();
    // In chunks of 32, each refreshed before the next is read.
    const chunks = (count: number) => Array.from({ length: Math.ceil(count / 32) }, (_, k) => [32 * k, Math.min(count, 32 * k + 32)]);
    expect(readAhead.mock.calls).toEqual([...chunks(200), ...chunks(128)]);
  });
});
