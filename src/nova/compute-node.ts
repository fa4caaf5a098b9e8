// Nova's view of one nova-compute service: what its resource tracker reports and what Nova has claimed on it.
// For libvirt/KVM it fronts one physical host; for VMwareVCDriver a whole vSphere cluster (vsphere/).

import type { PhysicalHost } from '../model/physical-host.js';
import type { Vm } from '../model/vm.js';

export type Hypervisor = 'kvm' | 'vmware';

/** Result of a driver's spawn: a host id (≥ 0) or one of these failure codes. */
export const SPAWN_HOST_DOWN = -1;
export const SPAWN_NO_HOST = -2;
export const SPAWN_ADMISSION = -3;

export interface ComputeDriver {
  /** Powers the VM on a real host of this node; returns the host id or a SPAWN_* failure code. */
  spawn(vm: Vm, node: ComputeNode): number;
  /** The VM is gone (deleted or departed): free its real resources. */
  destroy(vm: Vm, node: ComputeNode): void;
}

export class ComputeNode {
  /** Reported totals (resource tracker / Placement inventory). */
  totalVcpus = 0;
  totalRamMiB = 0;
  totalDiskGiB = 0;
  /** Largest single request Placement accepts per resource (max_unit); Infinity when unused. */
  maxUnitVcpus = Infinity;
  maxUnitRamMiB = Infinity;
  maxUnitDiskGiB = Infinity;
  /** Resources Nova has claimed for instances on this node (reserve not included). */
  usedVcpus = 0;
  usedRamMiB = 0;
  usedDiskGiB = 0;
  numInstances = 0;
  /** Members of each server group claimed here (group id → count), for the server-group filters. */
  readonly groupMembers = new Map<number, number>();
  /** Builds that failed here since the last success (BuildFailureWeigher; a dead compute reports none). */
  failedBuilds = 0;
  /** Service state: disabled by an operator or Masakari; heartbeat stopped at `lastHeartbeat` when dead. */
  serviceDisabled = false;
  lastHeartbeat = Infinity;

  constructor(
    readonly id: number,
    readonly name: string,
    readonly hypervisor: Hypervisor,
    readonly az: string,
    readonly hosts: readonly PhysicalHost[],
    readonly driver: ComputeDriver,
  ) {}

  /** ComputeFilter's notion: enabled and heard from within service_down_time. */
  serviceUp(now: number, serviceDownTime: number): boolean {
    return !this.serviceDisabled && now - this.lastHeartbeat <= serviceDownTime;
  }

  claim(vm: Vm): void {
    this.usedVcpus += vm.vcpus;
    this.usedRamMiB += vm.ramMiB;
    this.usedDiskGiB += vm.diskGiB;
    this.numInstances++;
    if (vm.serverGroup >= 0) this.groupMembers.set(vm.serverGroup, (this.groupMembers.get(vm.serverGroup) ?? 0) + 1);
  }

  unclaim(vm: Vm): void {
    this.usedVcpus -= vm.vcpus;
    this.usedRamMiB -= vm.ramMiB;
    this.usedDiskGiB -= vm.diskGiB;
    this.numInstances--;
    if (vm.serverGroup >= 0) {
      const left = (this.groupMembers.get(vm.serverGroup) ?? 0) - 1;
      if (left > 0) this.groupMembers.set(vm.serverGroup, left);
      else this.groupMembers.delete(vm.serverGroup);
    }
  }

  /** Members of server group `group` claimed on this node. */
  membersOf(group: number): number {
    return this.groupMembers.get(group) ?? 0;
  }
}
