// A VM request and, once placed, the VM: its exogenous attributes (same in every arm) and its fate in this arm.

export type VmState = 'running' | 'down' | 'departed' | 'rejected';

/** How a VM's story ended (vms.csv `outcome`). Running/down mean still so at the horizon. */
export type VmOutcome =
  | 'rejected_no_valid_host'
  | 'rejected_late'
  | 'rejected_admission'
  | 'departed'
  | 'running'
  | 'down';

/**
 * The fields most VMs never change from their defaults: failure history, recovery flags, the departure's event
 * handle, and flavor extra specs or image requirements that few workloads set. A Vm creates this record the first
 * time one of them is set to something else, so the object that lives as long as every VM stays small: a run at
 * 50,000 hosts holds ~430,000 of them, and V8 lets the heap grow to several times what survives a collection.
 */
class VmRare {
  failures = 0;
  recoveries = 0;
  downSince = -1;
  downtimeS = 0;
  dataLost = false;
  gaveUp = false;
  poweredOff = false;
  departureHandle = -1;
  requiredHypervisor: 'kvm' | 'vmware' | undefined = undefined;
  memReservationMiB = 0;
  cpuReservationMhz = 0;
  bootFromVolume = false;
}

/** One float64 and its two 32-bit halves: how a Vm stores its times (see Vm.arrival). */
const TIME = new Float64Array(1);
const TIME_HALVES = new Int32Array(TIME.buffer);

export class Vm {
  state: VmState = 'running';
  outcome: VmOutcome | undefined = undefined;
  host = -1;
  computeNode = -1;
  /** Build attempts (first try included). */
  attempts = 0;
  /** Slot of the VM's record in World.records, from its first placement until the world forgets it (−1 otherwise). */
  record = -1;
  /** Server group this VM belongs to (-1: none). Exogenous. */
  serverGroup = -1;
  private rare: VmRare | undefined = undefined;
  // The arrival and lifetime as the two 32-bit halves of each one's float64 bits, which are small integers held in
  // the object itself: a number field holding a fraction points to a heap number of its own, and those two objects per
  // VM, which live as long as it does, were what the young-generation collections copied most.
  private arrivalLow!: number;
  private arrivalHigh!: number;
  private lifetimeLow!: number;
  private lifetimeHigh!: number;

  constructor(
    readonly id: number,
    readonly flavor: number,
    readonly vcpus: number,
    readonly ramMiB: number,
    readonly diskGiB: number,
    arrival: number,
    lifetime: number,
    readonly haPriority: number,
    /** False for requests that arrive during warm-up: simulated, not counted. */
    readonly counted: boolean,
  ) {
    this.setTimes(arrival, lifetime);
  }

  /**
   * Makes this object a new VM, equal field by field to `new Vm(...)` with the same arguments, its side record
   * dropped. Only for a caller that holds the last reference to the object (RunEvents.admit, after the world kept
   * the previous VM as its record only): an allocation per arrival is most of what the young generation collects.
   */
  reuse(id: number, flavor: number, vcpus: number, ramMiB: number, diskGiB: number, arrival: number, lifetime: number,
    haPriority: number, counted: boolean): void {
    const exogenous = this as { id: number; flavor: number; vcpus: number; ramMiB: number; diskGiB: number;
      haPriority: number; counted: boolean };
    exogenous.id = id;
    exogenous.flavor = flavor;
    exogenous.vcpus = vcpus;
    exogenous.ramMiB = ramMiB;
    exogenous.diskGiB = diskGiB;
    exogenous.haPriority = haPriority;
    exogenous.counted = counted;
    this.state = 'running';
    this.outcome = undefined;
    this.host = -1;
    this.computeNode = -1;
    this.attempts = 0;
    this.record = -1;
    this.serverGroup = -1;
    this.rare = undefined;
    this.setTimes(arrival, lifetime);
  }

  private setTimes(arrival: number, lifetime: number): void {
    TIME[0] = arrival;
    this.arrivalLow = TIME_HALVES[0];
    this.arrivalHigh = TIME_HALVES[1];
    TIME[0] = lifetime;
    this.lifetimeLow = TIME_HALVES[0];
    this.lifetimeHigh = TIME_HALVES[1];
  }

  /** When the request arrived, s (the same bits as given). */
  get arrival(): number {
    TIME_HALVES[0] = this.arrivalLow;
    TIME_HALVES[1] = this.arrivalHigh;
    return TIME[0];
  }

  /** Writes the arrival into `out[index]`: a caller that stores it does not receive it as a boxed return value. */
  arrivalInto(out: Float64Array, index: number): void {
    TIME_HALVES[0] = this.arrivalLow;
    TIME_HALVES[1] = this.arrivalHigh;
    out[index] = TIME[0];
  }

  /** How long the VM lives once placed, s (the same bits as given). */
  get lifetime(): number {
    TIME_HALVES[0] = this.lifetimeLow;
    TIME_HALVES[1] = this.lifetimeHigh;
    return TIME[0];
  }

  /** Writes the lifetime into `out[index]` (as arrivalInto). */
  lifetimeInto(out: Float64Array, index: number): void {
    TIME_HALVES[0] = this.lifetimeLow;
    TIME_HALVES[1] = this.lifetimeHigh;
    out[index] = TIME[0];
  }

  /**
   * True while every field kept in the side record (failures to boot-from-volume) holds its default: a running VM
   * whose object the world may drop and rebuild from its record (World.keepAsRecord).
   */
  get plain(): boolean {
    return this.rare === undefined;
  }

  get departureTime(): number {
    return this.arrival + this.lifetime;
  }

  /** The side record, made on the first write of a value other than a field's default (−0 is not 0 here). */
  private more(): VmRare {
    if (this.rare === undefined) this.rare = new VmRare();
    return this.rare;
  }

  /** Times the VM went down with its host, and times it was brought back. */
  get failures(): number {
    return this.rare === undefined ? 0 : this.rare.failures;
  }
  set failures(value: number) {
    if (value !== 0 || this.rare !== undefined || Object.is(value, -0)) this.more().failures = value;
  }

  get recoveries(): number {
    return this.rare === undefined ? 0 : this.rare.recoveries;
  }
  set recoveries(value: number) {
    if (value !== 0 || this.rare !== undefined || Object.is(value, -0)) this.more().recoveries = value;
  }

  get downSince(): number {
    return this.rare === undefined ? -1 : this.rare.downSince;
  }
  set downSince(value: number) {
    if (value !== -1 || this.rare !== undefined) this.more().downSince = value;
  }

  get downtimeS(): number {
    return this.rare === undefined ? 0 : this.rare.downtimeS;
  }
  set downtimeS(value: number) {
    if (value !== 0 || this.rare !== undefined || Object.is(value, -0)) this.more().downtimeS = value;
  }

  get dataLost(): boolean {
    return this.rare === undefined ? false : this.rare.dataLost;
  }
  set dataLost(value: boolean) {
    if (value || this.rare !== undefined) this.more().dataLost = value;
  }

  /** True while a recovery policy has given up on the VM's current outage (it stays down until someone starts it). */
  get gaveUp(): boolean {
    return this.rare === undefined ? false : this.rare.gaveUp;
  }
  set gaveUp(value: boolean) {
    if (value || this.rare !== undefined) this.more().gaveUp = value;
  }

  /**
   * True while vSphere HA holds the VM registered but powered off (restart priority disabled): its failed host's
   * repair does not start it; an operator does.
   */
  get poweredOff(): boolean {
    return this.rare === undefined ? false : this.rare.poweredOff;
  }
  set poweredOff(value: boolean) {
    if (value || this.rare !== undefined) this.more().poweredOff = value;
  }

  /**
   * @deprecated Not set by the run: no one cancels a departure (an event whose record slot no longer holds its VM
   * does nothing), so keeping each VM's handle only cost memory. Kept for plug-ins that set or read it.
   */
  get departureHandle(): number {
    return this.rare === undefined ? -1 : this.rare.departureHandle;
  }
  set departureHandle(value: number) {
    if (value !== -1 || this.rare !== undefined) this.more().departureHandle = value;
  }

  /** The hypervisor its image requires (undefined: any). Exogenous. */
  get requiredHypervisor(): 'kvm' | 'vmware' | undefined {
    return this.rare === undefined ? undefined : this.rare.requiredHypervisor;
  }
  set requiredHypervisor(value: 'kvm' | 'vmware' | undefined) {
    if (value !== undefined || this.rare !== undefined) this.more().requiredHypervisor = value;
  }

  /** Flavor extra specs quota:memory_reservation (MiB) and quota:cpu_reservation (MHz); 0 = none (exogenous). */
  get memReservationMiB(): number {
    return this.rare === undefined ? 0 : this.rare.memReservationMiB;
  }
  set memReservationMiB(value: number) {
    if (value !== 0 || this.rare !== undefined || Object.is(value, -0)) this.more().memReservationMiB = value;
  }

  get cpuReservationMhz(): number {
    return this.rare === undefined ? 0 : this.rare.cpuReservationMhz;
  }
  set cpuReservationMhz(value: number) {
    if (value !== 0 || this.rare !== undefined || Object.is(value, -0)) this.more().cpuReservationMhz = value;
  }

  /** Its root disk is a Cinder volume, which outlives its host (exogenous). */
  get bootFromVolume(): boolean {
    return this.rare === undefined ? false : this.rare.bootFromVolume;
  }
  set bootFromVolume(value: boolean) {
    if (value || this.rare !== undefined) this.more().bootFromVolume = value;
  }
}
