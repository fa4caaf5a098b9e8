// A physical server (KVM hypervisor or ESXi host): its size, what the platform lets it hold, and what it holds.
// Usage, limits and `up` are accessors that tell `onChange` (the capacity sampler's dirty list) when they change,
// so samples recompute only the hosts that changed, whoever changed them.

/** Told when a host changes; an object with a method (docs/performance.md, "call targets"). */
export interface HostListener {
  hostChanged(host: PhysicalHost): void;
}

export class PhysicalHost {
  private _usedVcpus = 0;
  private _usedRamMiB = 0;
  private _usedDiskGiB = 0;
  private _up = true;
  private _capVcpus: number;
  private _capRamMiB: number;
  private _capDiskGiB: number;
  /** Index of the Nova compute node that exposes this host. */
  computeNode = -1;
  /** Counts changes of usage, limits and `up` (a cheap "has anything changed since" for DRS rounds). */
  changes = 0;
  /** Told after usage, a limit or `up` changes (at most one listener: the capacity sampler). */
  onChange: HostListener | undefined = undefined;

  constructor(
    readonly id: number,
    readonly name: string,
    readonly group: string,
    readonly az: string,
    readonly cpus: number,
    readonly ramMiB: number,
    readonly diskGiB: number,
    /** Limits the platform enforces on this host (allocation ratios for KVM, overcommit for ESXi). */
    capVcpus: number = cpus,
    capRamMiB: number = ramMiB,
    capDiskGiB: number = diskGiB,
  ) {
    this._capVcpus = capVcpus;
    this._capRamMiB = capRamMiB;
    this._capDiskGiB = capDiskGiB;
  }

  /** Resources held by VMs on this host (including in-flight vMotion reservations). */
  get usedVcpus(): number { return this._usedVcpus; }
  set usedVcpus(v: number) { this._usedVcpus = v; this.changes++; this.onChange?.hostChanged(this); }
  get usedRamMiB(): number { return this._usedRamMiB; }
  set usedRamMiB(v: number) { this._usedRamMiB = v; this.changes++; this.onChange?.hostChanged(this); }
  get usedDiskGiB(): number { return this._usedDiskGiB; }
  set usedDiskGiB(v: number) { this._usedDiskGiB = v; this.changes++; this.onChange?.hostChanged(this); }
  get up(): boolean { return this._up; }
  set up(v: boolean) { this._up = v; this.changes++; this.onChange?.hostChanged(this); }
  get capVcpus(): number { return this._capVcpus; }
  set capVcpus(v: number) { this._capVcpus = v; this.changes++; this.onChange?.hostChanged(this); }
  get capRamMiB(): number { return this._capRamMiB; }
  set capRamMiB(v: number) { this._capRamMiB = v; this.changes++; this.onChange?.hostChanged(this); }
  get capDiskGiB(): number { return this._capDiskGiB; }
  set capDiskGiB(v: number) { this._capDiskGiB = v; this.changes++; this.onChange?.hostChanged(this); }

  /** Adds (or, negative, removes) usage in one step. */
  addUsage(vcpus: number, ramMiB: number, diskGiB: number): void {
    this._usedVcpus += vcpus;
    this._usedRamMiB += ramMiB;
    this._usedDiskGiB += diskGiB;
    this.changes++;
    this.onChange?.hostChanged(this);
  }

  get freeVcpus(): number {
    return this._capVcpus - this._usedVcpus;
  }
  get freeRamMiB(): number {
    return this._capRamMiB - this._usedRamMiB;
  }
  get freeDiskGiB(): number {
    return this._capDiskGiB - this._usedDiskGiB;
  }

  fits(vcpus: number, ramMiB: number, diskGiB: number): boolean {
    return this._usedVcpus + vcpus <= this._capVcpus && this._usedRamMiB + ramMiB <= this._capRamMiB &&
      this._usedDiskGiB + diskGiB <= this._capDiskGiB;
  }
}
