// The incremental capacity sampler returns exactly what a full scan of hosts and nodes returns, after any sequence
// of placements, departures, failures, repairs, limit changes and service changes.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { World } from '../../src/model/world.js';
import { Vm } from '../../src/model/vm.js';
import { buildKvmNodes } from '../../src/nova/kvm-platform.js';
import { KvmDriver } from '../../src/nova/kvm-driver.js';
import { ComputeNode } from '../../src/nova/compute-node.js';
import { releaseProfile } from '../../src/nova/release-profiles.js';
import { CapacitySampler, sampleCapacity, type FlavorShape } from '../../src/metrics/capacity-sample.js';

const FLAVORS: FlavorShape[] = [
  { vcpus: 1, ramMiB: 1024, diskGiB: 10, share: 0.5 },
  { vcpus: 4, ramMiB: 4096, diskGiB: 40, share: 0.3 },
  { vcpus: 8, ramMiB: 16384, diskGiB: 80, share: 0.2 },
];

type Op =
  | { kind: 'place'; host: number; flavor: number }
  | { kind: 'remove'; pick: number }
  | { kind: 'up'; host: number; up: boolean }
  | { kind: 'cap'; host: number; ramMiB: number }
  | { kind: 'service'; host: number; heartbeatAgo: number; disabled: boolean }
  | { kind: 'sample'; advance: number };

// Limits include a non-integer (12000.5 MiB), which switches the sampler's running totals off; the integer-only
// variant keeps them on for the whole run, so both ways of summing are compared with the full scan.
const opWith = (caps: number[]): fc.Arbitrary<Op> => fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('place' as const), host: fc.nat({ max: 30 }), flavor: fc.nat({ max: 2 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('remove' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('up' as const), host: fc.nat({ max: 30 }), up: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cap' as const), host: fc.nat({ max: 30 }), ramMiB: fc.constantFrom(...caps) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('service' as const), host: fc.nat({ max: 30 }),
    heartbeatAgo: fc.constantFrom(Infinity, 10, 100), disabled: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('sample' as const), advance: fc.constantFrom(0, 30, 90) }) },
);

describe('CapacitySampler', () => {
  // Utilisation sums are kept as totals only over a power-of-two physical RAM (32 GiB); 24 GiB sums them per sample.
  it.each([
    ['with a non-integer limit among the changes', [8192, 12000.5, Infinity], 32768],
    ['with integer limits only (running totals stay on)', [8192, 20480, Infinity], 32768],
    ['with integer limits, utilisation summed per sample (24 GiB hosts)', [8192, 20480, Infinity], 24576],
    // The marks' generations pass the largest an Int32Array entry holds within the run and start again from 1.
    ['with the marks\' generation starting 3 below 2^31 − 1', [8192, 20480, Infinity], 32768, 0x7fffffff - 3],
  ])('equals a full scan (sampleCapacity) after random changes to hosts and compute nodes, %s', (_, caps, ramMiB,
    generation?: number) => {
    const op = opWith(caps);
    fc.assert(fc.property(fc.integer({ min: 1, max: 30 }), fc.array(op, { maxLength: 120 }), (count, ops) => {
      const world = new World([{ group: 'h', count, cpus: 16, ramMiB, diskGiB: 400, az: 'nova' }]);
      const config = releaseProfile('grizzly');
      const nodes = buildKvmNodes(world, world.hosts, config, 0);
      const sampler = new CapacitySampler(world.hosts, nodes, config, FLAVORS, world);
      const vms: Vm[] = [];
      let now = 1000, id = 0;
      if (generation !== undefined) {
        sampler.sample(now);
        (sampler as unknown as { generation: number }).generation = generation;
      }
      for (const o of ops) {
        const host = 'host' in o ? world.hosts[o.host % count] : undefined;
        switch (o.kind) {
          case 'place': {
            const f = FLAVORS[o.flavor];
            if (!host!.up || !host!.fits(f.vcpus, f.ramMiB, f.diskGiB)) break;
            const vm = new Vm(id++, o.flavor, f.vcpus, f.ramMiB, f.diskGiB, now, 1, 2, true);
            world.place(vm, host!.id);
            nodes[host!.computeNode].claim(vm);
            vms.push(vm);
            break;
          }
          case 'remove': {
            if (vms.length === 0) break;
            const [vm] = vms.splice(o.pick % vms.length, 1);
            nodes[world.hosts[vm.host].computeNode].unclaim(vm);
            world.unplace(vm);
            world.forget(vm.id, vm.record);
            break;
          }
          case 'up': world.setHostUp(host!, o.up); break;
          case 'cap': host!.capRamMiB = o.ramMiB; break;
          case 'service': {
            const node = nodes[host!.computeNode];
            node.lastHeartbeat = now - o.heartbeatAgo;
            node.serviceDisabled = o.disabled;
            break;
          }
          case 'sample': {
            now += o.advance;
            expect({ ...sampler.sample(now) }).toEqual(sampleCapacity(world.hosts, nodes, config, FLAVORS, now, world));
            break;
          }
        }
      }
      expect({ ...sampler.sample(now) }).toEqual(sampleCapacity(world.hosts, nodes, config, FLAVORS, now, world));
    }), { numRuns: 300 });
  });
});

// KVM nodes are one per host in every run; the sampler still handles a node with several hosts or none (its mark
// then lists the hosts), which only a hand-built fleet has.
describe('CapacitySampler with KVM nodes of other than one host', () => {
  it('withholds every host of a disabled node and equals a full scan', () => {
    const world = new World([{ group: 'h', count: 4, cpus: 16, ramMiB: 32768, diskGiB: 400, az: 'nova' }]);
    const config = releaseProfile('grizzly');
    const driver = new KvmDriver(world);
    const [h0, h1, h2, h3] = world.hosts;
    const nodes = [
      new ComputeNode(0, 'pair', 'kvm', 'nova', [h0, h1], driver),
      new ComputeNode(1, 'single', 'kvm', 'nova', [h2], driver),
      new ComputeNode(2, 'empty', 'kvm', 'nova', [], driver),
    ];
    nodes.forEach((node) => { node.totalRamMiB = 65536; node.totalVcpus = 32; node.totalDiskGiB = 800; });
    const sampler = new CapacitySampler(world.hosts, nodes, config, FLAVORS, world);
    const full = (now: number) => sampleCapacity(world.hosts, nodes, config, FLAVORS, now, world);
    const before = { ...sampler.sample(0) };
    expect(before).toEqual(full(0));
    nodes[0].serviceDisabled = true;
    nodes[2].serviceDisabled = true;
    const after = { ...sampler.sample(10) };
    expect(after).toEqual(full(10));
    // Hosts 0 and 1 hold no free capacity now; 2 and 3 keep theirs.
    expect(after.ramFreeMiB).toBe(before.ramFreeMiB / 2);
    nodes[0].serviceDisabled = false;
    world.place(new Vm(1, 0, 1, 1024, 10, 10, 1, 2, true), h3.id);
    expect({ ...sampler.sample(20) }).toEqual(full(20));
  });
});
