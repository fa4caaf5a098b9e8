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
  /** The VM is gone (deleted or departed): free its real resources on its host. */
  destroy(vmId: number, hostId: number, vcpus: number, ramMiB: number, diskGiB: number): void;
}

/** Told when a node changes; an object with a method for the reason given at HostListener (model/physical-host.ts). */
export interface NodeListener {
  nodeChanged(node: ComputeNode): void;
}

export class ComputeNode {
  // Every field a filter or weigher reads is an accessor that tells `onChange` (the scheduler's fast-path index,
  // nova/fast-path/) when it changes, so any module may assign these fields directly and the index stays exact.
  private _totalVcpus = 0;
  private _totalRamMiB = 0;
  private _totalDiskGiB = 0;
  private _maxUnitVcpus = Infinity;
  private _maxUnitRamMiB = Infinity;
  private _maxUnitDiskGiB = Infinity;
  /** NaN here and 0 from the constructor: a double field from the first node (docs/performance.md, "stable shapes"). */
  private _usedVcpus = NaN;
  private _usedRamMiB = NaN;
  private _usedDiskGiB = NaN;
  private _serviceDisabled = false;
  private _lastHeartbeat = Infinity;
  numInstances = 0;
  /** Told after any field above changes (at most one listener: the scheduler's index). */
  onChange: NodeListener | undefined = undefined;
  /** A second listener slot: the capacity sampler's dirty list (metrics/capacity-sample.ts). */
  onSampleChange: NodeListener | undefined = undefined;
  /** Members of each server group claimed here (group id → count), for the server-group filters. */
  readonly groupMembers = new Map<number, number>();
  private _failedBuilds = 0;
  /**
   * `hosts[0]`, kept in the node itself: a KVM node's one host, which its every placement reads (KvmDriver.spawn).
   * The array is an object of its own that nothing else reads, so at tens of thousands of hosts it has left the cache
   * by the next placement on the node; this field sits in lines the placement has just read.
   */
  readonly firstHost: PhysicalHost;

  constructor(
    readonly id: number,
    readonly name: string,
    readonly hypervisor: Hypervisor,
    readonly az: string,
    readonly hosts: readonly PhysicalHost[],
    readonly driver: ComputeDriver,
  ) {
    this._usedVcpus = this._usedRamMiB = this._usedDiskGiB = 0;
    this.firstHost = hosts[0];
  }

  /** Reported totals (resource tracker / Placement inventory). */
  get totalVcpus(): number { return this._totalVcpus; }
  set totalVcpus(v: number) { this._totalVcpus = v; this.changed(); }
  get totalRamMiB(): number { return this._totalRamMiB; }
  set totalRamMiB(v: number) { this._totalRamMiB = v; this.changed(); }
  get totalDiskGiB(): number { return this._totalDiskGiB; }
  set totalDiskGiB(v: number) { this._totalDiskGiB = v; this.changed(); }
  /** Largest single request Placement accepts per resource (max_unit); Infinity when unused. */
  get maxUnitVcpus(): number { return this._maxUnitVcpus; }
  set maxUnitVcpus(v: number) { this._maxUnitVcpus = v; this.changed(); }
  get maxUnitRamMiB(): number { return this._maxUnitRamMiB; }
  set maxUnitRamMiB(v: number) { this._maxUnitRamMiB = v; this.changed(); }
  get maxUnitDiskGiB(): number { return this._maxUnitDiskGiB; }
  set maxUnitDiskGiB(v: number) { this._maxUnitDiskGiB = v; this.changed(); }
  /** Resources Nova has claimed for instances on this node (reserve not included). */
  get usedVcpus(): number { return this._usedVcpus; }
  set usedVcpus(v: number) { this._usedVcpus = v; this.changed(); }
  get usedRamMiB(): number { return this._usedRamMiB; }
  set usedRamMiB(v: number) { this._usedRamMiB = v; this.changed(); }
  get usedDiskGiB(): number { return this._usedDiskGiB; }
  set usedDiskGiB(v: number) { this._usedDiskGiB = v; this.changed(); }
  /** Service state: disabled by an operator or Masakari; heartbeat stopped at `lastHeartbeat` when dead. */
  get serviceDisabled(): boolean { return this._serviceDisabled; }
  set serviceDisabled(v: boolean) { this._serviceDisabled = v; this.changed(); }
  get lastHeartbeat(): number { return this._lastHeartbeat; }
  set lastHeartbeat(v: number) { this._lastHeartbeat = v; this.changed(); }
  /** Builds that failed here since the last success (BuildFailureWeigher; a dead compute reports none). Tells the
   *  listeners only when the count changes: every successful build resets it to 0. */
  get failedBuilds(): number { return this._failedBuilds; }
  set failedBuilds(v: number) {
    if (v === this._failedBuilds) return;
    this._failedBuilds = v;
    this.changed();
  }

  private changed(): void {
    this.onChange?.nodeChanged(this);
    this.onSampleChange?.nodeChanged(this);
  }

  /** ComputeFilter's notion: enabled and heard from within service_down_time. */
  serviceUp(now: number, serviceDownTime: number): boolean {
    return !this._serviceDisabled && now - this._lastHeartbeat <= serviceDownTime;
  }

  claim(vm: Vm): void {
    this._usedVcpus += vm.vcpus;
    this._usedRamMiB += vm.ramMiB;
    this._usedDiskGiB += vm.diskGiB;
    this.numInstances++;
    if (vm.serverGroup >= 0) this.groupMembers.set(vm.serverGroup, (this.groupMembers.get(vm.serverGroup) ?? 0) + 1);
    this.changed();
  }

  unclaim(vm: Vm): void {
    this.unclaimResources(vm.vcpus, vm.ramMiB, vm.diskGiB, vm.serverGroup);
  }

  /** unclaim() from the VM's resources and server group (−1: none). */
  unclaimResources(vcpus: number, ramMiB: number, diskGiB: number, serverGroup: number): void {
    this._usedVcpus -= vcpus;
    this._usedRamMiB -= ramMiB;
    this._usedDiskGiB -= diskGiB;
    this.numInstances--;
    if (serverGroup >= 0) {
      const left = (this.groupMembers.get(serverGroup) ?? 0) - 1;
      if (left > 0) this.groupMembers.set(serverGroup, left);
      else this.groupMembers.delete(serverGroup);
    }
    this.changed();
  }

  /** Members of server group `group` claimed on this node. */
  membersOf(group: number): number {
    return this.groupMembers.get(group) ?? 0;
  }
}
