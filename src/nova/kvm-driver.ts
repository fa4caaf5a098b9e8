// The libvirt/KVM driver: a compute node is one physical host; the VM runs there or the build fails.

import type { World } from '../model/world.js';
import type { Vm } from '../model/vm.js';
import { SPAWN_HOST_DOWN, SPAWN_NO_HOST, type ComputeDriver, type ComputeNode } from './compute-node.js';

export class KvmDriver implements ComputeDriver {
  constructor(private readonly world: World) {}

  spawn(vm: Vm, node: ComputeNode): number {
    const host = node.firstHost;
    if (!host.up) return SPAWN_HOST_DOWN;
    // The compute's resource claim against its limits (ComputeResourcesUnavailable → reschedule). The filter
    // scheduler never sends a VM that does not fit; the chance scheduler does.
    if (!host.fits(vm.vcpus, vm.ramMiB, vm.diskGiB)) return SPAWN_NO_HOST;
    this.world.place(vm, host.id);
    return host.id;
  }

  destroy(vmId: number, hostId: number, vcpus: number, ramMiB: number, diskGiB: number): void {
    this.world.release(this.world.hosts[hostId], vmId, vcpus, ramMiB, diskGiB);
  }
}
