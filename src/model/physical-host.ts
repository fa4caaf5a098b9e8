// A physical server (KVM hypervisor or ESXi host): its size, what the platform lets it hold, and what it holds.
// Usage, limits and `up` are accessors that tell `onChange` (the capacity sampler's dirty list) when they change,
// so samples recompute only the hosts that changed, whoever changed them.

/** Told when a host changes; an object with a method (docs/performance.md, "call targets"). */
export interface HostListener {
  hostChanged(host: PhysicalHost): void;
}

/** A core's clock when the fleet does not give one (a mid-range server core), MHz. */
export const DEFAULT_CORE_MHZ = 2400;

export class PhysicalHost {
  // Fields in the order an object lays them out: first what a departure and a placement read and write (usage,
  // change counter, listeners, compute node, up, limits), then what a sample adds, then the rest, so that the
  // departure of a VM placed long ago waits for one or two cache lines of its host instead of three. Usage is NaN here
  // and 0 from the constructor, so that it is a double field from the first host (docs/performance.md, "stable shapes").
  private _usedVcpus = NaN;
  private _usedRamMiB = NaN;
  private _usedDiskGiB = NaN;
  private _reservedRamMiB = 0;
  private _reservedMhz = 0;
  /** Counts changes of usage, limits and `up` (a cheap "has anything changed since" for DRS rounds). */
  changes = 0;
  /** Told after usage, a limit or `up` changes (at most one listener: the capacity sampler). */
  onChange: HostListener | undefined = undefined;
  /** Told after the same changes, whenever `changes` grows (at most one listener: the vSphere cluster of the host). */
  onClusterChange: HostListener | undefined = undefined;
  /** Index of the Nova compute node that exposes this host. */
  computeNode = -1;
  private _up = true;
  private _capVcpus: number;
  private _capRamMiB: number;
  private _capDiskGiB: number;
  /**
   * What ESXi admits a power-on against: physical memory and cores × MHz, less what powered-on VMs reserve (their
   * reservation plus memory overhead). Infinity on KVM hosts, where only Nova's limits (capVcpus, capRamMiB) apply.
   */
  reservableRamMiB = Infinity;
  readonly ramMiB: number;
  private _withheld = false;
  private _policyReserveRamMiB = 0;
  /** Memory the platform keeps for the host itself (KVM: Nova's reserved_host_memory_mb; 0 on ESXi here). */
  hostReserveRamMiB = 0;
  readonly id: number;
  reservableMhz = Infinity;
  /** ESXi per-VM memory overhead, MiB = base + perVcpu × vCPUs + perGiB × configured GiB, rounded up. */
  overheadBaseMiB = 0;
  overheadPerVcpuMiB = 0;
  overheadPerGiBMiB = 0;
  /** Clock of one core, MHz (CPU reservations count against cores × MHz). */
  coreMhz = 0;
  readonly name: string;
  readonly group: string;
  readonly az: string;
  readonly cpus: number;
  readonly diskGiB: number;

  constructor(
    id: number,
    name: string,
    group: string,
    az: string,
    cpus: number,
    ramMiB: number,
    diskGiB: number,
    /** Limits the platform enforces on this host (allocation ratios for KVM, overcommit for ESXi). */
    capVcpus: number = cpus,
    capRamMiB: number = ramMiB,
    capDiskGiB: number = diskGiB,
  ) {
    this._usedVcpus = this._usedRamMiB = this._usedDiskGiB = 0;
    this.id = id;
    this.name = name;
    this.group = group;
    this.az = az;
    this.cpus = cpus;
    this.ramMiB = ramMiB;
    this.diskGiB = diskGiB;
    this._capVcpus = capVcpus;
    this._capRamMiB = capRamMiB;
    this._capDiskGiB = capDiskGiB;
  }

  /** Resources held by VMs on this host (including in-flight vMotion reservations). */
  get usedVcpus(): number { return this._usedVcpus; }
  set usedVcpus(v: number) { this._usedVcpus = v; this.changed(); }
  get usedRamMiB(): number { return this._usedRamMiB; }
  set usedRamMiB(v: number) { this._usedRamMiB = v; this.changed(); }
  get usedDiskGiB(): number { return this._usedDiskGiB; }
  set usedDiskGiB(v: number) { this._usedDiskGiB = v; this.changed(); }
  get up(): boolean { return this._up; }
  set up(v: boolean) { this._up = v; this.changed(); }
  get capVcpus(): number { return this._capVcpus; }
  set capVcpus(v: number) { this._capVcpus = v; this.changed(); }
  get capRamMiB(): number { return this._capRamMiB; }
  set capRamMiB(v: number) { this._capRamMiB = v; this.changed(); }
  get capDiskGiB(): number { return this._capDiskGiB; }
  set capDiskGiB(v: number) { this._capDiskGiB = v; this.changed(); }

  /** This host's share of memory a failover policy holds back (vSphere HA admission control), MiB; metrics only. */
  get policyReserveRamMiB(): number { return this._policyReserveRamMiB; }
  set policyReserveRamMiB(v: number) { this._policyReserveRamMiB = v; this.onChange?.hostChanged(this); }
  /** The whole host is held back from new placements by policy (a dedicated failover host, maintenance mode); metrics only, so `changes` does not count it. */
  get withheld(): boolean { return this._withheld; }
  set withheld(v: boolean) { this._withheld = v; this.onChange?.hostChanged(this); }

  /** Memory and CPU reserved by the VMs here (ESXi: reservation + overhead; 0 on hosts that do not admit by them). */
  get reservedRamMiB(): number { return this._reservedRamMiB; }
  get reservedMhz(): number { return this._reservedMhz; }

  /** Adds (or, negative, removes) usage in one step; reservations as reservationRamMiB / reservationMhz give them. */
  addUsage(vcpus: number, ramMiB: number, diskGiB: number, reservedRamMiB = 0, reservedMhz = 0): void {
    this._usedVcpus += vcpus;
    this._usedRamMiB += ramMiB;
    this._usedDiskGiB += diskGiB;
    this._reservedRamMiB += reservedRamMiB;
    this._reservedMhz += reservedMhz;
    this.changed();
  }

  /**
   * Takes usage away in one step (addUsage's inverse, bit for bit: x − y is x + (−y) in IEEE 754). Not addUsage with
   * negated arguments: negating a zero gives −0, which is no small integer, so each call boxed it as a heap number.
   */
  removeUsage(vcpus: number, ramMiB: number, diskGiB: number, reservedRamMiB = 0, reservedMhz = 0): void {
    this._usedVcpus -= vcpus;
    this._usedRamMiB -= ramMiB;
    this._usedDiskGiB -= diskGiB;
    this._reservedRamMiB -= reservedRamMiB;
    this._reservedMhz -= reservedMhz;
    this.changed();
  }

  /** Counts a change of usage, a limit or `up`, and tells both listeners. */
  private changed(): void {
    this.changes++;
    this.onChange?.hostChanged(this);
    this.onClusterChange?.hostChanged(this);
  }

  /** Whether power-ons here are admitted by reservation (ESXi). */
  get admitsByReservation(): boolean {
    return this.reservableRamMiB !== Infinity;
  }

  /** ESXi's memory overhead of a VM of this size on this host (0 where power-ons are not admitted by reservation). */
  memoryOverheadMiB(vcpus: number, ramMiB: number): number {
    if (this.reservableRamMiB === Infinity) return 0;
    return Math.ceil(this.overheadBaseMiB + this.overheadPerVcpuMiB * vcpus + this.overheadPerGiBMiB * ramMiB / 1024);
  }

  /** Memory a VM holds in this host's reservation accounting: its reservation plus overhead (0 off ESXi). */
  reservationRamMiB(vcpus: number, ramMiB: number, memReservationMiB: number): number {
    return this.reservableRamMiB === Infinity ? 0 : memReservationMiB + this.memoryOverheadMiB(vcpus, ramMiB);
  }

  /** CPU a VM holds in this host's reservation accounting (0 off ESXi). */
  reservationMhz(cpuReservationMhz: number): number {
    return this.reservableRamMiB === Infinity ? 0 : cpuReservationMhz;
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

  /**
   * Whether a VM fits: its configured size under the host's limits and, on ESXi, its reservation plus overhead in the
   * unreserved memory and CPU (an unreserved VM needs only its overhead: it powers on overcommitted).
   */
  fits(vcpus: number, ramMiB: number, diskGiB: number, memReservationMiB = 0, cpuReservationMhz = 0): boolean {
    return this._usedVcpus + vcpus <= this._capVcpus && this._usedRamMiB + ramMiB <= this._capRamMiB &&
      this._usedDiskGiB + diskGiB <= this._capDiskGiB &&
      (this.reservableRamMiB === Infinity ||
        (this._reservedRamMiB + memReservationMiB + this.memoryOverheadMiB(vcpus, ramMiB) <= this.reservableRamMiB &&
          this._reservedMhz + cpuReservationMhz <= this.reservableMhz));
  }
}
