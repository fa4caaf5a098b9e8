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

export class Vm {
  state: VmState = 'running';
  outcome: VmOutcome | undefined;
  host = -1;
  computeNode = -1;
  /** Build attempts (first try included). */
  attempts = 0;
  /** Times the VM went down with its host, and times it was brought back. */
  failures = 0;
  recoveries = 0;
  downSince = -1;
  downtimeS = 0;
  dataLost = false;
  /** True while a recovery policy has given up on the VM's current outage (it stays down until someone starts it). */
  gaveUp = false;
  /**
   * True while vSphere HA holds the VM registered but powered off (restart priority disabled): its failed host's
   * repair does not start it; an operator does.
   */
  poweredOff = false;
  departureHandle = -1;
  /** Slot of the VM's record in World.records, from its first placement until the world forgets it (−1 otherwise). */
  record = -1;
  /** Server group this VM belongs to (-1: none), and the hypervisor its image requires (undefined: any). Exogenous. */
  serverGroup = -1;
  requiredHypervisor: 'kvm' | 'vmware' | undefined;
  /** Flavor extra specs quota:memory_reservation (MiB) and quota:cpu_reservation (MHz); 0 = none (exogenous). */
  memReservationMiB = 0;
  cpuReservationMhz = 0;
  /** Its root disk is a Cinder volume, which outlives its host (exogenous). */
  bootFromVolume = false;

  constructor(
    readonly id: number,
    readonly flavor: number,
    readonly vcpus: number,
    readonly ramMiB: number,
    readonly diskGiB: number,
    readonly arrival: number,
    readonly lifetime: number,
    readonly haPriority: number,
    /** False for requests that arrive during warm-up: simulated, not counted. */
    readonly counted: boolean,
  ) {}

  get departureTime(): number {
    return this.arrival + this.lifetime;
  }
}
