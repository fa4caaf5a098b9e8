// The libvirt/KVM driver: a compute node is one physical host; the VM runs there or the build fails.

import type { World } from '../model/world.js';
import type { Vm } from '../model/vm.js';
import { SPAWN_HOST_DOWN, type ComputeDriver, type ComputeNode } from './compute-node.js';

export class KvmDriver implements ComputeDriver {
  constructor(private readonly world: World) {}

  spawn(vm: Vm, node: ComputeNode): number {
    const host = node.hosts[0];
    if (!host.up) return SPAWN_HOST_DOWN;
    this.world.place(vm, host.id);
    return host.id;
  }

  destroy(vm: Vm): void {
    this.world.unplace(vm);
  }
}
