// Capacity by era: the 8192 MB worked example, and the host limits KVM nodes get from each era's checks.

import { describe, expect, it } from 'vitest';
import { novaVisibleFreeRamMiB, placementAccepts, placementFreeRamMiB, ramFilterFree } from '../../src/nova/capacity.js';
import { buildKvmNodes } from '../../src/nova/kvm-platform.js';
import { World } from '../../src/model/world.js';
import { configOf, fakeNode } from './fake-nodes.js';

describe('capacity by era', () => {
  const node = fakeNode(0, { ramMiB: 8192, usedRamMiB: 5632 });

  it.each([
    { what: 'grizzly RamFilter, ratio 1.5', f: ramFilterFree, ratio: 1.5, want: 6144 },
    { what: 'Placement, ratio 1.5', f: placementFreeRamMiB, ratio: 1.5, want: 5888 },
    { what: 'RamFilter, ratio 1.0', f: ramFilterFree, ratio: 1.0, want: 2048 },
    { what: 'Placement, ratio 1.0', f: placementFreeRamMiB, ratio: 1.0, want: 2048 },
  ])('8192 MB host with 5632 MB of VMs: $what → $want MB free', ({ f, ratio, want }) => {
    expect(f(node, configOf('grizzly', { ramAllocationRatio: ratio }))).toBe(want);
  });

  it('Placement accepts exactly up to (total − reserved) × ratio and max_unit', () => {
    const config = configOf('modern', { ramAllocationRatio: 1.5 });
    expect(placementAccepts(node, config, 1, 5888, 1)).toBe(true);
    expect(placementAccepts(node, config, 1, 5889, 1)).toBe(false);
    const empty = fakeNode(1, { ramMiB: 8192 });
    empty.maxUnitRamMiB = 8192;
    expect(placementAccepts(empty, config, 1, 8192, 1)).toBe(true);
    expect(placementAccepts(empty, config, 1, 8193, 1)).toBe(false); // fits under the ratio, not under max_unit
    expect(placementAccepts(empty, config, 65, 1, 1)).toBe(false); // 16 cores × 4.0 = 64
  });

  it('Nova-visible free RAM follows the era', () => {
    expect(novaVisibleFreeRamMiB(node, configOf('grizzly'))).toBe(6144);
    expect(novaVisibleFreeRamMiB(node, configOf('queens'))).toBe(5888);
    expect(novaVisibleFreeRamMiB(node, configOf('modern'))).toBe(2048);
  });

  it.each([
    { release: 'grizzly' as const, patch: {}, ram: 8192 * 1.5 - 512, vcpus: Infinity },
    { release: 'grizzly' as const, patch: { filters: ['RamFilter', 'CoreFilter'] as const }, ram: 11776, vcpus: 256 },
    { release: 'queens' as const, patch: {}, ram: 7680 * 1.5, vcpus: 256 },
    { release: 'queens' as const, patch: { filters: ['RamFilter'] as const }, ram: 7680 * 1.5, vcpus: 256 },
    { release: 'modern' as const, patch: {}, ram: 7680, vcpus: 64 },
    { release: 'grizzly' as const, patch: { driver: 'chance' as const, filters: [] }, ram: 7680 * 1.5, vcpus: 256 },
  ])('KVM host limits under $release $patch', ({ release, patch, ram, vcpus }) => {
    const world = new World([{ group: 'g', count: 1, cpus: 16, ramMiB: 8192, diskGiB: 100, az: 'nova' }]);
    buildKvmNodes(world, world.hosts, configOf(release, { ...patch, filters: patch.filters ? [...patch.filters] : configOf(release).filters }), 0);
    expect(world.hosts[0].capRamMiB).toBe(ram);
    expect(world.hosts[0].capVcpus).toBe(vcpus);
  });
});
