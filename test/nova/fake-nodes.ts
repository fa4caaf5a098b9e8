// Test doubles: compute nodes with given totals and usage, and drivers whose spawn result a test decides.

import { PhysicalHost } from '../../src/model/physical-host.js';
import { Vm } from '../../src/model/vm.js';
import { ComputeNode, type ComputeDriver, type Hypervisor } from '../../src/nova/compute-node.js';
import type { Nova } from '../../src/nova/nova.js';
import { releaseProfile, type NovaConfig, type Release } from '../../src/nova/release-profiles.js';

/** A driver that records spawns and answers with `result(node)` (a host id, or a SPAWN_* code). */
export class FakeDriver implements ComputeDriver {
  readonly spawned: string[] = [];
  constructor(private readonly result: (node: ComputeNode) => number = () => 0) {}
  spawn(_vm: Vm, node: ComputeNode): number {
    this.spawned.push(node.name);
    return this.result(node);
  }
  destroy(): void {}
}

export interface NodeSpec {
  name?: string;
  vcpus?: number;
  ramMiB?: number;
  diskGiB?: number;
  usedVcpus?: number;
  usedRamMiB?: number;
  usedDiskGiB?: number;
  instances?: number;
  hypervisor?: Hypervisor;
  az?: string;
}

export function fakeNode(id: number, spec: NodeSpec = {}, driver: ComputeDriver = new FakeDriver()): ComputeNode {
  const name = spec.name ?? `node-${id}`;
  const host = new PhysicalHost(id, name, 'g', spec.az ?? 'nova', spec.vcpus ?? 16, spec.ramMiB ?? 8192, spec.diskGiB ?? 100);
  const node = new ComputeNode(id, name, spec.hypervisor ?? 'kvm', spec.az ?? 'nova', [host], driver);
  node.totalVcpus = spec.vcpus ?? 16;
  node.totalRamMiB = spec.ramMiB ?? 8192;
  node.totalDiskGiB = spec.diskGiB ?? 100;
  node.usedVcpus = spec.usedVcpus ?? 0;
  node.usedRamMiB = spec.usedRamMiB ?? 0;
  node.usedDiskGiB = spec.usedDiskGiB ?? 0;
  node.numInstances = spec.instances ?? 0;
  return node;
}

export function fakeNodes(specs: NodeSpec[], driver?: ComputeDriver): ComputeNode[] {
  return specs.map((spec, i) => fakeNode(i, spec, driver));
}

/** A release profile with some fields replaced. */
export function configOf(release: Release, patch: Partial<NovaConfig> = {}): NovaConfig {
  return { ...releaseProfile(release), ...patch };
}

let nextVm = 0;
export function fakeVm(vcpus = 1, ramMiB = 1024, diskGiB = 10): Vm {
  return new Vm(nextVm++, 0, vcpus, ramMiB, diskGiB, 0, 3600, 2, true);
}

/** A uniform generator that replays `values` (for host_subset_size tests). */
export function replay(values: number[]): () => number {
  let i = 0;
  return () => values[i++ % values.length];
}

/** Nova deletes a VM (as a departure does from the VM's record). */
export function deleteVm(nova: Nova, vm: Vm): void {
  nova.delete(vm.id, vm.computeNode, vm.host, vm.vcpus, vm.ramMiB, vm.diskGiB, vm.serverGroup);
  vm.computeNode = -1;
}
