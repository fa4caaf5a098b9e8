// A vSphere cluster as vCenter sees it: ESXi hosts with their load, in-flight vMotions and HA power-ons, dedicated
// failover and maintenance hosts; DRS initial placement, admission control, and the totals VCDriver reports to Nova.

import type { HostListener, PhysicalHost } from '../model/physical-host.js';
import type { Vm } from '../model/vm.js';
import type { World } from '../model/world.js';
import type { ComputeNode } from '../nova/compute-node.js';
import { HA_MIN_CPU_MHZ, percentageAdmits, slotAdmits, type Resources } from './admission-control.js';
import { DirtyList } from './dirty-list.js';

export type Reporting = 'grizzly' | 'queens';

/** What a power-on asks of an ESXi host: the configured size and the flavor's reservations (a Vm is one). */
export type Demand = Pick<Vm, 'vcpus' | 'ramMiB' | 'diskGiB' | 'memReservationMiB' | 'cpuReservationMhz'>;

/** Admission control as resolved for one cluster. */
export type ClusterAdmission =
  | { kind: 'none' }
  | { kind: 'percentage'; percent: number }
  | { kind: 'slot'; tolerate: number }
  | { kind: 'failoverHosts'; count: number };

/** Per-resource sums over balanceable hosts (see VcenterCluster.moments). */
export interface Moments {
  n: number;
  c1: number; c2: number; m1: number; m2: number;
  rc1: number; rc2: number; rm1: number; rm2: number;
}

/** Standard deviation from a count, a sum and a sum of squares. */
export function sd(s1: number, s2: number, n: number): number {
  return Math.sqrt(Math.max(0, s2 / n - (s1 / n) ** 2));
}

/** Standard deviation after one term of the sums changes from `from` to `to`. */
export function shifted(s1: number, s2: number, n: number, from: number, to: number): number {
  return sd(s1 - from + to, s2 - from * from + to * to, n);
}

/** Scale of the grid moments() keeps exact running sums on: loads that are multiples of 2^-16 (squares: 2^-32). */
const LOAD_GRID = 2 ** 16;

/**
 * Layout of a host's row in VcenterCluster.rows: everything drsPlacement reads of one host, side by side, so that its
 * loop reads one array (one check, one or two cache lines per host) instead of 18. The fit copies and the up flag come
 * from sync(), the planned load from noteHost(), the capacities are fixed.
 */
const ROW_BALANCEABLE = 0, ROW_USED_VCPUS = 1, ROW_CAP_VCPUS = 2, ROW_USED_RAM = 3, ROW_CAP_RAM = 4,
  ROW_RESERVED_RAM = 5, ROW_RESERVABLE_RAM = 6, ROW_RESERVED_MHZ = 7, ROW_RESERVABLE_MHZ = 8, ROW_CPU_DEMAND = 9,
  ROW_MEM_DEMAND = 10, ROW_PLANNED_VCPUS = 11, ROW_PLANNED_RAM = 12, ROW_CPUS = 13, ROW_RAM = 14, ROW_UP = 15, ROW = 16;

/**
 * Layout of a host's row in VcenterCluster.admissionRows: what a power-on's admission control, a resident change and
 * the moments' update read and write of one host, side by side, so that a changed host costs one or two cache lines
 * there instead of one per array:
 * - admission control's terms over its resident VMs (ADM_COUNT, ADM_CPU_MHZ summed, the largest CPU and memory
 *   reservation ADM_MAX_MHZ / ADM_MAX_RAM) as of ADM_TERMS_AT, the host's change counter then: a power-on rereads
 *   only hosts that changed, not every VM of the cluster. ADM_EXACT = 1: every CPU term was an integer, so subtotals
 *   add to the same bits; ADM_MAX_KNOWN = 1: the largest terms are still the largest (a departing VM that held one
 *   leaves them unknown until reread);
 * - what the host adds to the percentage policy's running totals: ADM_ADMITTED (0 = not in them, 1 = in them, 2 = in
 *   them as inexact), ADM_ADMITTED_RAM, ADM_ADMITTED_MHZ;
 * - its change counter and disk usage and capacity as copied by sync() (ADM_CHANGES, ADM_USED_DISK, ADM_CAP_DISK);
 * - its cores × MHz (ADM_HOST_MHZ, fixed) and the vCPUs and memory leaving it by in-flight vMotions (addOutgoing).
 */
const ADM_TERMS_AT = 0, ADM_CHANGES = 1, ADM_COUNT = 2, ADM_CPU_MHZ = 3, ADM_MAX_MHZ = 4, ADM_MAX_RAM = 5,
  ADM_EXACT = 6, ADM_MAX_KNOWN = 7, ADM_ADMITTED = 8, ADM_ADMITTED_RAM = 9, ADM_ADMITTED_MHZ = 10, ADM_HOST_MHZ = 11,
  ADM_USED_DISK = 12, ADM_CAP_DISK = 13, ADM_OUTGOING_VCPUS = 14, ADM_OUTGOING_RAM = 15, ADM = 16;

/**
 * drsPlacement's scores within one call, per distinct planned load and size of the hosts it scored: SCORE_SLOTS
 * entries of SCORE numbers (planned vCPUs and memory, cores and memory, the two scores, the call that wrote it), the
 * entry found from the planned load rather than by a scan of the ones scored so far; a call reads only the entries it
 * wrote, and a host whose entry holds another load is scored again. The last number counts the calls. One table for
 * every cluster, so it stays in the first-level cache.
 */
const SCORE_CAPPED = 4, SCORE_RAW = 5, SCORE_CALL = 6, SCORE = 8, SCORE_SLOTS = 64, SCORE_CALLS = SCORE_SLOTS * SCORE;
const scoreTable = new Float64Array(SCORE_CALLS + 1);

export class VcenterCluster implements HostListener {
  readonly size: number;
  /**
   * Dedicated HA failover hosts (1 = yes): kept empty for placements, used first by HA. After writing this,
   * `maintenance`, `isolated` or `incomingReserved*` for host i, or calling addOutgoing(i), call touch(i) (or
   * touchAll()).
   */
  readonly failover: Uint8Array;
  readonly maintenance: Uint8Array;
  /** Hosts whose management network is cut (1 = isolated): alive, but vCenter can neither place nor move VMs there. */
  readonly isolated: Uint8Array;
  /** Counts touch() and touchAll() calls; hasFlaggedHost()'s answer as of `flaggedAt` of them. */
  private touches = 0;
  private flaggedAt = -1;
  private flagged = false;
  /** Counts changes of the maintenance flags (DRS's "has anything changed since"). */
  flagChanges = 0;
  /** vMotions in flight touching each host, as source or destination. */
  readonly vmotions: Int32Array;
  /**
   * Memory arriving on each host by in-flight vMotions (the destination holds a reservation meanwhile; what leaves a
   * host is in its admissionRows row, see addOutgoing).
   */
  readonly incomingRamMiB: Float64Array;
  readonly incomingVcpus: Float64Array;
  /** Reservation (memory incl. overhead, CPU) held on each host by in-flight vMotions arriving there. */
  readonly incomingReservedRamMiB: Float64Array;
  readonly incomingReservedMhz: Float64Array;
  /** HA power-ons in progress per host. */
  readonly powerOns: Int32Array;
  /** Shares of a VM's configured vCPUs × core MHz and memory that DRS takes as its demand (the arm's drs block). */
  cpuDemandShare = 1;
  memDemandShare = 1;
  /** The Nova compute node that fronts this cluster (set by the platform builder). */
  node!: ComputeNode;
  private readonly local = new Map<number, number>();
  private readonly sums: Moments = { n: 0, c1: NaN, c2: NaN, m1: NaN, m2: NaN, rc1: NaN, rc2: NaN, rm1: NaN, rm2: NaN };
  /** Each host's cores and physical memory (fixed), for the move search's arithmetic without reading the hosts. */
  readonly hostCpus: Float64Array;
  readonly hostRamMiB: Float64Array;
  /**
   * Counts the hosts' changes, told by each host as its `changes` grows: DRS's "has anything changed since" without
   * reading every host.
   */
  hostChanges = 0;
  /**
   * Copies of each host's state (up, usage, limits, reservations, change counter), current except for the hosts in
   * `staleList`, which sync() rereads: the per-request and per-round loops read these arrays, not 40 host objects.
   */
  private readonly stale: Uint8Array;
  private readonly staleList: Int32Array;
  private staleCount: number;
  /**
   * Per host, ROW numbers (see ROW_BALANCEABLE): up, usage, limits and reservations copied, and drsPlacement's
   * inputs.
   */
  private readonly rows: Float64Array;
  /** Per host, ADM numbers (see ADM_TERMS_AT): admission control's terms and totals, the copied change counter and
   *  disk, the load leaving by vMotion. */
  private readonly admissionRows: Float64Array;
  /** Hosts whose copied disk capacity is finite (fitsNow skips the disk test when none is). */
  private finiteDiskCaps: number;
  /** Every host has the same memory overhead rule, so one host's overhead for a VM is every host's. */
  private readonly sameOverhead: boolean;
  /** drsPlacement's per-host overheads when they differ (overheadsOf), reused. */
  private readonly overheadMiB: Float64Array;
  private readonly firstHostId: number;
  /** A host's resident VM ids, copied for readTerms. */
  private ids = new Int32Array(64);
  /** admits()'s request, capacity and reserved totals, reused. */
  private readonly scratch: Resources[] = [0, 1, 2].map(() => ({ cpuMhz: 0, ramMiB: 0 }));
  /**
   * Running sums: moments() and the percentage policy's admits() update their totals host by host instead of
   * summing every host. That gives the in-order sum's bits only when every term lies on a common grid with the total
   * far below 2^53 (then every partial sum is exact, in any order); a term off the grid falls back to the in-order
   * pass until a later pass finds every term on it again. Hosts whose terms may have changed since are listed here.
   */
  private readonly momentsDirty: DirtyList;
  private readonly admissionDirty: DirtyList;
  /** The running moments are current for hosts not in momentsDirty, with these demand shares. */
  private momentsRunning = false;
  private momentsCpuShare = NaN;
  private momentsMemShare = NaN;
  /** Loads on LOAD_GRID no larger than this keep sums of size + 1 terms and their squares below 2^53 on its square. */
  private readonly loadBound: number;
  /** Integer terms no larger than this keep sums of size + 1 of them below 2^53. */
  private readonly integerBound: number;
  /** The percentage policy's running totals are current for hosts not in admissionDirty. */
  private admissionRunning = false;
  private capacityMhz = 0;
  private capacityRamMiB = 0;
  private reservedRamMiB = 0;
  private reservedMhz = 0;
  /** Balanceable hosts whose CPU terms are not all integers (their reservedMhz term is left out of the total). */
  private inexactHosts = 0;

  constructor(
    readonly name: string,
    readonly hosts: readonly PhysicalHost[],
    readonly reporting: Reporting,
    readonly admission: ClusterAdmission,
    private readonly world: World,
  ) {
    const n = hosts.length;
    this.size = n;
    this.failover = new Uint8Array(n);
    this.maintenance = new Uint8Array(n);
    this.isolated = new Uint8Array(n);
    this.vmotions = new Int32Array(n);
    this.incomingRamMiB = new Float64Array(n);
    this.incomingVcpus = new Float64Array(n);
    this.incomingReservedRamMiB = new Float64Array(n);
    this.incomingReservedMhz = new Float64Array(n);
    this.powerOns = new Int32Array(n);
    this.hostCpus = Float64Array.from(hosts, (h) => h.cpus);
    this.hostRamMiB = Float64Array.from(hosts, (h) => h.ramMiB);
    this.stale = new Uint8Array(n).fill(1);
    this.staleList = Int32Array.from(hosts, (_, i) => i);
    this.staleCount = n;
    this.momentsDirty = new DirtyList(n);
    this.admissionDirty = new DirtyList(n);
    this.loadBound = n + 1 <= 2 ** 21 ? Math.floor(Math.sqrt(2 ** 21 / (n + 1))) : 0;
    this.integerBound = Math.floor(2 ** 53 / (n + 1));
    this.rows = new Float64Array(n * ROW);
    this.admissionRows = new Float64Array(n * ADM);
    this.finiteDiskCaps = n;
    this.overheadMiB = new Float64Array(n);
    hosts.forEach((h, i) => {
      const row = i * ROW, adm = i * ADM;
      this.rows[row + ROW_RESERVABLE_RAM] = h.reservableRamMiB;
      this.rows[row + ROW_RESERVABLE_MHZ] = h.reservableMhz;
      this.rows[row + ROW_CPUS] = h.cpus;
      this.rows[row + ROW_RAM] = h.ramMiB;
      this.admissionRows[adm + ADM_TERMS_AT] = -1;
      this.admissionRows[adm + ADM_HOST_MHZ] = h.cpus * h.coreMhz;
    });
    this.sameOverhead = hosts.every((h) => h.overheadBaseMiB === hosts[0].overheadBaseMiB &&
      h.overheadPerVcpuMiB === hosts[0].overheadPerVcpuMiB && h.overheadPerGiBMiB === hosts[0].overheadPerGiBMiB &&
      (h.reservableRamMiB === Infinity) === (hosts[0].reservableRamMiB === Infinity));
    hosts.forEach((h, i) => this.local.set(h.id, i));
    for (const host of hosts) host.onClusterChange = this;
    this.firstHostId = n > 0 ? hosts[0].id : 0;
    if (admission.kind === 'failoverHosts') {
      for (let i = Math.max(0, n - admission.count); i < n; i++) this.failover[i] = 1;
    }
  }

  /** HostListener: the host's copies are stale until the next sync(). */
  hostChanged(host: PhysicalHost): void {
    this.hostChanges++;
    const i = this.localIndex(host);
    if (this.stale[i] === 1) return;
    this.stale[i] = 1;
    this.staleList[this.staleCount++] = i;
  }

  /** Host i's flags, vMotion loads or reservations changed: its terms in the running sums are read again. */
  touch(i: number): void {
    this.momentsDirty.add(i);
    this.admissionDirty.add(i);
    this.touches++;
  }

  /** Any host's flags may have changed: the next sums are computed in full. */
  touchAll(): void {
    this.momentsRunning = false;
    this.admissionRunning = false;
    this.touches++;
  }

  /**
   * Whether any host is in maintenance mode or a dedicated failover host (DRS's mandatory moves have a source):
   * flags change only before a touch, so the answer is rescanned only after one, not on every round.
   */
  hasFlaggedHost(): boolean {
    if (this.flaggedAt !== this.touches) {
      let flagged = false;
      for (let i = 0; i < this.size && !flagged; i++) flagged = this.maintenance[i] !== 0 || this.failover[i] !== 0;
      this.flagged = flagged;
      this.flaggedAt = this.touches;
    }
    return this.flagged;
  }

  /** Rereads the hosts that changed since the last call into the copies. */
  private sync(): void {
    const count = this.staleCount;
    if (count === 0) return;
    const list = this.staleList, rows = this.rows, admissionRows = this.admissionRows;
    for (let k = 0; k < count; k++) {
      const i = list[k], row = i * ROW, adm = i * ADM;
      const host = this.hosts[i];
      rows[row + ROW_UP] = host.up ? 1 : 0;
      rows[row + ROW_USED_VCPUS] = host.usedVcpus;
      rows[row + ROW_USED_RAM] = host.usedRamMiB;
      admissionRows[adm + ADM_USED_DISK] = host.usedDiskGiB;
      rows[row + ROW_CAP_VCPUS] = host.capVcpus;
      rows[row + ROW_CAP_RAM] = host.capRamMiB;
      const finiteBefore = admissionRows[adm + ADM_CAP_DISK] !== Infinity, finiteNow = host.capDiskGiB !== Infinity;
      if (finiteBefore !== finiteNow) this.finiteDiskCaps += finiteNow ? 1 : -1;
      admissionRows[adm + ADM_CAP_DISK] = host.capDiskGiB;
      rows[row + ROW_RESERVED_RAM] = host.reservedRamMiB;
      rows[row + ROW_RESERVED_MHZ] = host.reservedMhz;
      admissionRows[adm + ADM_CHANGES] = host.changes;
      this.stale[i] = 0;
      this.momentsDirty.add(i);
      this.admissionDirty.add(i);
    }
    this.staleCount = 0;
  }

  /**
   * host.fits from the copies (call sync() first); `overheadMiB` is the VM's memory overhead on this host. The disk
   * test is skipped when no host's copied disk capacity is finite (it cannot fail then): drsPlacement's loop, bound by
   * memory reads, reads the disk arrays only then. Test: "fitsNow equals PhysicalHost.fits".
   */
  private fitsNow(i: number, vm: Demand, overheadMiB: number): boolean {
    return rowFits(this.rows, i * ROW, vm.vcpus, vm.ramMiB, vm.memReservationMiB, vm.cpuReservationMhz, overheadMiB) &&
      (this.finiteDiskCaps === 0 ||
        this.admissionRows[i * ADM + ADM_USED_DISK] + vm.diskGiB <= this.admissionRows[i * ADM + ADM_CAP_DISK]);
  }

  /** Whether host i would power the VM on now (as host.fits), for tests of the copies. */
  fitsNowForTest(i: number, vm: Demand): boolean {
    this.sync();
    return this.fitsNow(i, vm, this.hosts[i].memoryOverheadMiB(vm.vcpus, vm.ramMiB));
  }

  /** The host's index in this cluster, or -1. */
  localIndex(host: PhysicalHost): number {
    // Clusters are usually consecutive hosts: an offset and one check instead of a hash lookup.
    const i = host.id - this.firstHostId;
    if (i >= 0 && i < this.size && this.hosts[i] === host) return i;
    return this.local.get(host.id) ?? -1;
  }

  /** Up, connected (not isolated) and not in maintenance mode. */
  usable(i: number): boolean {
    return this.hosts[i].up && this.maintenance[i] === 0 && this.isolated[i] === 0;
  }

  /** Where DRS places new VMs and balances load: usable hosts that are not dedicated failover hosts. */
  balanceable(i: number): boolean {
    return this.usable(i) && this.failover[i] === 0;
  }

  /** vCPUs and memory leaving host i by in-flight vMotions grow by these (negative: a vMotion ended); call touch(i). */
  addOutgoing(i: number, vcpus: number, ramMiB: number): void {
    this.admissionRows[i * ADM + ADM_OUTGOING_VCPUS] += vcpus;
    this.admissionRows[i * ADM + ADM_OUTGOING_RAM] += ramMiB;
  }

  /** vCPUs DRS plans with on a host: what it holds (incoming vMotions included) minus what is leaving by vMotion. */
  plannedVcpus(i: number): number {
    return this.hosts[i].usedVcpus - this.admissionRows[i * ADM + ADM_OUTGOING_VCPUS];
  }

  /** Configured memory DRS plans with on a host, as plannedVcpus. */
  plannedRamMiB(i: number): number {
    return this.hosts[i].usedRamMiB - this.admissionRows[i * ADM + ADM_OUTGOING_RAM];
  }

  /** CPU demand over capacity: vCPUs × share × core MHz over cores × MHz (uncapped). */
  cpuDemand(i: number, vcpus = this.plannedVcpus(i)): number {
    return (vcpus * this.cpuDemandShare) / this.hosts[i].cpus;
  }

  /** Memory demand (configured size × share) over physical memory (uncapped). */
  memDemand(i: number, ramMiB = this.plannedRamMiB(i)): number {
    return (ramMiB * this.memDemandShare) / this.hosts[i].ramMiB;
  }

  /**
   * DRS imbalance (vSphere 6.7 Resource Management, "DRS Migration Threshold": the standard deviation over hosts of
   * Σ VM entitlements / host capacity): per resource, a host's normalised entitlement is its demand over capacity
   * capped at 1 (entitlements share the capacity when demand exceeds it); the CPU and memory standard deviations over
   * balanceable hosts are added.
   */
  imbalance(): number {
    const m = this.moments();
    return m.n > 0 ? sd(m.c1, m.c2, m.n) + sd(m.m1, m.m2, m.n) : 0;
  }

  /**
   * Count, sums and sums of squares over balanceable hosts of the capped (c, m) and uncapped (rc, rm) loads; also
   * notes each host's uncapped loads and whether it is balanceable (drsPlacement reads them). The object is reused:
   * valid until the next call.
   */
  moments(): Moments {
    this.sync();
    if (!this.momentsRunning || this.cpuDemandShare !== this.momentsCpuShare || this.memDemandShare !== this.momentsMemShare ||
      !this.updateMoments()) this.sumMoments();
    return this.sums;
  }

  /** Whether moments() and the percentage policy's totals are kept as running sums now (else in-order passes). */
  get runningSums(): { moments: boolean; admission: boolean } {
    return { moments: this.momentsRunning, admission: this.admissionRunning };
  }

  /** Whether a load lies on LOAD_GRID within loadBound (see momentsDirty). */
  private onLoadGrid(load: number): boolean {
    return Number.isInteger(load * LOAD_GRID) && Math.abs(load) <= this.loadBound;
  }

  /** moments() as one in-order pass over every host; notes whether every term was on the grid. */
  private sumMoments(): void {
    const m = this.sums;
    m.n = m.c1 = m.c2 = m.m1 = m.m2 = m.rc1 = m.rc2 = m.rm1 = m.rm2 = 0;
    let onGrid = true;
    const cpuShare = this.cpuDemandShare, memShare = this.memDemandShare;
    for (let i = 0; i < this.size; i++) {
      if (!this.noteHost(i, cpuShare, memShare)) continue;
      const row = i * ROW;
      if (onGrid && !(this.onLoadGrid(this.rows[row + ROW_CPU_DEMAND]) && this.onLoadGrid(this.rows[row + ROW_MEM_DEMAND]))) {
        onGrid = false;
      }
      this.addTerms(i, 1);
    }
    this.momentsDirty.clear();
    this.momentsRunning = onGrid;
    this.momentsCpuShare = cpuShare;
    this.momentsMemShare = memShare;
  }

  /** balanceable(i) from the copies (call sync() first). */
  private balanceableNowFromCopies(i: number): boolean {
    return this.rows[i * ROW + ROW_UP] === 1 && this.maintenance[i] === 0 && this.isolated[i] === 0 && this.failover[i] === 0;
  }

  /**
   * Notes whether host i is balanceable and, if so, its uncapped loads (cpuDemand() and memDemand() from the
   * copies); returns whether it is.
   */
  private noteHost(i: number, cpuShare: number, memShare: number): boolean {
    const balanceable = this.balanceableNowFromCopies(i);
    const rows = this.rows, row = i * ROW;
    rows[row + ROW_BALANCEABLE] = balanceable ? 1 : 0;
    if (balanceable) {
      // plannedVcpus(i) and plannedRamMiB(i) from the copies.
      const adm = i * ADM;
      const plannedVcpus = rows[row + ROW_USED_VCPUS] - this.admissionRows[adm + ADM_OUTGOING_VCPUS];
      const plannedRamMiB = rows[row + ROW_USED_RAM] - this.admissionRows[adm + ADM_OUTGOING_RAM];
      rows[row + ROW_PLANNED_VCPUS] = plannedVcpus;
      rows[row + ROW_PLANNED_RAM] = plannedRamMiB;
      rows[row + ROW_CPU_DEMAND] = (plannedVcpus * cpuShare) / rows[row + ROW_CPUS];
      rows[row + ROW_MEM_DEMAND] = (plannedRamMiB * memShare) / rows[row + ROW_RAM];
    }
    return balanceable;
  }

  /**
   * As of the last moments(): whether host i was balanceable, and its uncapped CPU and memory loads (noted only for
   * balanceable hosts). Read them only while nothing has changed since that call.
   */
  notedBalanceable(i: number): boolean {
    return this.rows[i * ROW + ROW_BALANCEABLE] === 1;
  }

  notedCpuDemand(i: number): number {
    return this.rows[i * ROW + ROW_CPU_DEMAND];
  }

  notedMemDemand(i: number): number {
    return this.rows[i * ROW + ROW_MEM_DEMAND];
  }

  /** Sets host i's cores and memory after the cluster was built (tests of DRS's arithmetic on hosts of mixed sizes). */
  resizeHostForTest(i: number, cpus: number, ramMiB: number): void {
    const host = this.hosts[i] as { cpus: number; ramMiB: number };
    host.cpus = this.hostCpus[i] = this.rows[i * ROW + ROW_CPUS] = cpus;
    host.ramMiB = this.hostRamMiB[i] = this.rows[i * ROW + ROW_RAM] = ramMiB;
  }

  /**
   * Adds (sign 1) or takes away (−1) host i's noted loads in the moments: x + (−y) is x − y bit for bit (IEEE 754),
   * so an in-order pass of additions gives the same bits as before.
   */
  private addTerms(i: number, sign: 1 | -1): void {
    const m = this.sums;
    // The loads noteHost() noted, in the host's row: the line sync() and noteHost() touch.
    const rows = this.rows, row = i * ROW;
    const rc = rows[row + ROW_CPU_DEMAND], rm = rows[row + ROW_MEM_DEMAND];
    const c = Math.min(1, rc), mem = Math.min(1, rm);
    m.n += sign;
    m.c1 += sign * c;
    m.c2 += sign * (c * c);
    m.m1 += sign * mem;
    m.m2 += sign * (mem * mem);
    m.rc1 += sign * rc;
    m.rc2 += sign * (rc * rc);
    m.rm1 += sign * rm;
    m.rm2 += sign * (rm * rm);
  }

  /**
   * Brings the running moments up to date by the hosts that changed; false (state to be recomputed in full) when a
   * new load is off the grid.
   */
  private updateMoments(): boolean {
    const dirty = this.momentsDirty;
    const cpuShare = this.cpuDemandShare, memShare = this.memDemandShare;
    for (let k = 0; k < dirty.count; k++) {
      const i = dirty.list[k];
      if (this.notedBalanceable(i)) this.addTerms(i, -1);
      if (!this.noteHost(i, cpuShare, memShare)) continue;
      const row = i * ROW;
      if (!(this.onLoadGrid(this.rows[row + ROW_CPU_DEMAND]) && this.onLoadGrid(this.rows[row + ROW_MEM_DEMAND]))) return false;
      this.addTerms(i, 1);
    }
    dirty.clear();
    return true;
  }

  /**
   * DRS initial placement: among balanceable hosts that fit the VM (and have fewer than `powerOnLimit` HA power-ons
   * in progress), the one that leaves the smallest imbalance (see imbalance()); when several leave the same (every
   * host saturated, so entitlements are all at capacity), the one that leaves the uncapped demand most even; then the
   * lower index. Returns the local index, or -1 when no host fits.
   */
  drsPlacement(vm: Demand, powerOnLimit = Infinity, vmotionLimit = Infinity, exclude = -1): number {
    const m = this.moments();
    const n = m.n, c1 = m.c1, c2 = m.c2, m1 = m.m1, m2 = m.m2, rc1 = m.rc1, rc2 = m.rc2, rm1 = m.rm1, rm2 = m.rm2;
    let best = -1;
    let bestCapped = Infinity, bestRaw = Infinity;
    const cpuShare = this.cpuDemandShare, memShare = this.memDemandShare;
    const size = this.size;
    const vcpus = vm.vcpus, ramMiB = vm.ramMiB, diskGiB = vm.diskGiB;
    const memReservationMiB = vm.memReservationMiB, cpuReservationMhz = vm.cpuReservationMhz;
    const sameOverhead = this.sameOverhead;
    const overheadMiB = sameOverhead && size > 0 ? this.hosts[0].memoryOverheadMiB(vcpus, ramMiB) : 0;
    // Hosts of different overhead rules: each one's overhead first, so that the loop below calls nothing (a call in it
    // would make every array read reload the array).
    const overheads = sameOverhead ? this.overheadMiB : this.overheadsOf(vcpus, ramMiB);
    // New VMs (no limits) need not read the power-on and vMotion counts: fewer arrays per host in a loop that is bound
    // by memory reads.
    const limited = powerOnLimit !== Infinity || vmotionLimit !== Infinity;
    const checkDisk = this.finiteDiskCaps !== 0;
    const rows = this.rows, powerOns = this.powerOns, vmotions = this.vmotions;
    const admissionRows = this.admissionRows;
    const scores = scoreTable, call = ++scores[SCORE_CALLS];
    for (let i = 0, row = 0; i < size; i++, row += ROW) {
      if (rows[row + ROW_BALANCEABLE] === 0 || i === exclude ||
        (limited && (powerOns[i] >= powerOnLimit || vmotions[i] >= vmotionLimit))) continue;
      // fitsNow(), its arrays in locals.
      const hostOverheadMiB = sameOverhead ? overheadMiB : overheads[i];
      if (!rowFits(rows, row, vcpus, ramMiB, memReservationMiB, cpuReservationMhz, hostOverheadMiB) ||
        (checkDisk && !(admissionRows[i * ADM + ADM_USED_DISK] + diskGiB <= admissionRows[i * ADM + ADM_CAP_DISK]))) {
        continue;
      }
      // A host's scores depend only on its planned load and size (and the call's), and hosts often share them (empty
      // hosts, full ones): each distinct one is scored about once per call, and the same comparisons follow.
      const plannedVcpus = rows[row + ROW_PLANNED_VCPUS], plannedRamMiB = rows[row + ROW_PLANNED_RAM];
      const cpus = rows[row + ROW_CPUS], hostRamMiB = rows[row + ROW_RAM];
      const k = ((plannedVcpus * 7 + plannedRamMiB / 512) & (SCORE_SLOTS - 1)) * SCORE;
      if (scores[k + SCORE_CALL] !== call || scores[k] !== plannedVcpus || scores[k + 1] !== plannedRamMiB ||
        scores[k + 2] !== cpus || scores[k + 3] !== hostRamMiB) {
        const rc = rows[row + ROW_CPU_DEMAND], rm = rows[row + ROW_MEM_DEMAND];
        // cpuDemand(i, plannedVcpus(i) + vm.vcpus) and memDemand likewise, from the copies.
        const rcAfter = ((plannedVcpus + vcpus) * cpuShare) / cpus;
        const rmAfter = ((plannedRamMiB + ramMiB) * memShare) / hostRamMiB;
        scores[k] = plannedVcpus;
        scores[k + 1] = plannedRamMiB;
        scores[k + 2] = cpus;
        scores[k + 3] = hostRamMiB;
        scores[k + SCORE_CAPPED] = shifted(c1, c2, n, Math.min(1, rc), Math.min(1, rcAfter)) +
          shifted(m1, m2, n, Math.min(1, rm), Math.min(1, rmAfter));
        scores[k + SCORE_RAW] = shifted(rc1, rc2, n, rc, rcAfter) + shifted(rm1, rm2, n, rm, rmAfter);
        scores[k + SCORE_CALL] = call;
      }
      const capped = scores[k + SCORE_CAPPED];
      if (capped > bestCapped + 1e-12) continue;
      const raw = scores[k + SCORE_RAW];
      if (capped < bestCapped - 1e-12 || raw < bestRaw - 1e-12) {
        bestCapped = capped;
        bestRaw = raw;
        best = i;
      }
    }
    return best;
  }

  /** Each host's memory overhead for a VM of this size, into overheadMiB (for clusters of mixed overhead rules). */
  private overheadsOf(vcpus: number, ramMiB: number): Float64Array {
    const overheads = this.overheadMiB;
    for (let i = 0; i < this.size; i++) overheads[i] = this.hosts[i].memoryOverheadMiB(vcpus, ramMiB);
    return overheads;
  }

  /** The first up dedicated failover host that fits the VM and has a free power-on slot, or -1. */
  failoverPlacement(vm: Demand, powerOnLimit = Infinity): number {
    for (let i = 0; i < this.size; i++) {
      if (this.failover[i] === 1 && this.usable(i) && this.powerOns[i] < powerOnLimit &&
        this.hosts[i].fits(vm.vcpus, vm.ramMiB, vm.diskGiB, vm.memReservationMiB, vm.cpuReservationMhz)) return i;
    }
    return -1;
  }

  /** Would any usable host (failover hosts included) hold the VM, ignoring power-on limits? */
  anyHostFits(vm: Demand): boolean {
    for (let i = 0; i < this.size; i++) {
      if (this.usable(i) && this.hosts[i].fits(vm.vcpus, vm.ramMiB, vm.diskGiB, vm.memReservationMiB, vm.cpuReservationMhz)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Admission control for a new (non-HA) power-on; HA restarts never ask (vSphere Availability, "Admission Control").
   * Capacity is the balanceable hosts' physical memory and cores × MHz; each powered-on VM counts for its memory
   * reservation plus overhead and its CPU reservation, at least HA_MIN_CPU_MHZ (admission-control.ts).
   */
  admits(vm: Demand): boolean {
    const admission = this.admission;
    if (admission.kind === 'none' || admission.kind === 'failoverHosts') return true;
    // Power-ons ask this on every Nova attempt: scalars and reused objects, no per-call allocation (the slot
    // policy's host list aside).
    const first = this.hosts[0];
    const request = this.scratch[0], capacity = this.scratch[1], reserved = this.scratch[2];
    request.cpuMhz = Math.max(vm.cpuReservationMhz, HA_MIN_CPU_MHZ);
    request.ramMiB = first.reservationRamMiB(vm.vcpus, vm.ramMiB, vm.memReservationMiB);
    if (admission.kind === 'slot') {
      this.sync();
      return this.slotPolicyAdmits(request, admission.tolerate);
    }
    this.percentageTotals(capacity, reserved);
    return percentageAdmits(capacity, reserved, request, admission.percent);
  }

  /**
   * The percentage policy's totals over the balanceable hosts: capacity (cores × MHz, reservable memory) and what
   * powered-on VMs hold (CPU reservations at least HA_MIN_CPU_MHZ, summed VM by VM in host and residence order; memory
   * reservations plus overhead, in-flight vMotions' reservations left out).
   */
  percentageTotals(capacity: Resources, reserved: Resources): void {
    this.sync();
    if (!this.admissionRunning || !this.updateAdmission()) this.sumAdmission();
    capacity.cpuMhz = this.capacityMhz;
    capacity.ramMiB = this.capacityRamMiB;
    // Integer terms summed below 2^53 give the same bits in any order; otherwise sum VM by VM as the reference does.
    reserved.cpuMhz = this.inexactHosts > 0 || this.reservedMhz >= 2 ** 53 ? this.reservedCpuMhzByVm() : this.reservedMhz;
    reserved.ramMiB = this.reservedRamMiB;
  }

  /** The slot policy over the balanceable hosts (call sync() first). */
  private slotPolicyAdmits(request: Resources, tolerate: number): boolean {
    const hosts: Resources[] = [];
    let largestMhz = 0, largestRamMiB = 0, count = 0;
    for (let i = 0; i < this.size; i++) {
      // balanceable() and the host's fields from the copies.
      if (!this.balanceableNowFromCopies(i)) continue;
      const adm = i * ADM, admissionRows = this.admissionRows;
      hosts.push({ cpuMhz: admissionRows[adm + ADM_HOST_MHZ], ramMiB: this.rows[i * ROW + ROW_RESERVABLE_RAM] });
      if (admissionRows[adm + ADM_TERMS_AT] !== admissionRows[adm + ADM_CHANGES] ||
        admissionRows[adm + ADM_MAX_KNOWN] === 0) this.readTerms(i);
      count += admissionRows[adm + ADM_COUNT];
      if (admissionRows[adm + ADM_MAX_MHZ] > largestMhz) largestMhz = admissionRows[adm + ADM_MAX_MHZ];
      if (admissionRows[adm + ADM_MAX_RAM] > largestRamMiB) largestRamMiB = admissionRows[adm + ADM_MAX_RAM];
    }
    return slotAdmits(hosts, { cpuMhz: largestMhz, ramMiB: largestRamMiB }, count, request, tolerate);
  }

  /** Whether a term is an integer within integerBound (see momentsDirty). */
  private onIntegerGrid(term: number): boolean {
    return Number.isInteger(term) && Math.abs(term) <= this.integerBound;
  }

  /**
   * Host i's terms of the percentage policy's totals: capacity (cores × MHz, reservable memory), reserved memory and
   * CPU; a host whose CPU terms are not all integers adds its CPU as 0 and counts in inexactHosts. False when a term
   * is off the integer grid.
   */
  private admitHost(i: number): boolean {
    const admissionRows = this.admissionRows, adm = i * ADM, row = i * ROW;
    if (admissionRows[adm + ADM_TERMS_AT] !== admissionRows[adm + ADM_CHANGES]) this.readTerms(i);
    const ramMiB = this.rows[row + ROW_RESERVED_RAM] - this.incomingReservedRamMiB[i];
    const exact = admissionRows[adm + ADM_EXACT] === 1;
    const mhz = exact ? admissionRows[adm + ADM_CPU_MHZ] : 0;
    const hostMhz = admissionRows[adm + ADM_HOST_MHZ], reservableRamMiB = this.rows[row + ROW_RESERVABLE_RAM];
    admissionRows[adm + ADM_ADMITTED] = exact ? 1 : 2;
    admissionRows[adm + ADM_ADMITTED_RAM] = ramMiB;
    admissionRows[adm + ADM_ADMITTED_MHZ] = mhz;
    this.capacityMhz += hostMhz;
    this.capacityRamMiB += reservableRamMiB;
    this.reservedRamMiB += ramMiB;
    this.reservedMhz += mhz;
    if (!exact) this.inexactHosts++;
    return this.onIntegerGrid(hostMhz) && this.onIntegerGrid(reservableRamMiB) &&
      this.onIntegerGrid(ramMiB) && this.onIntegerGrid(mhz);
  }

  /** The percentage policy's totals in one in-order pass over the balanceable hosts (call sync() first). */
  private sumAdmission(): void {
    this.capacityMhz = this.capacityRamMiB = this.reservedRamMiB = this.reservedMhz = 0;
    this.inexactHosts = 0;
    let onGrid = true;
    for (let i = 0; i < this.size; i++) {
      // balanceable() from the copies.
      if (!this.balanceableNowFromCopies(i)) {
        this.admissionRows[i * ADM + ADM_ADMITTED] = 0;
        continue;
      }
      if (!this.admitHost(i)) onGrid = false;
    }
    this.admissionDirty.clear();
    this.admissionRunning = onGrid;
  }

  /** Brings the running totals up to date by the hosts that changed; false when a new term is off the grid. */
  private updateAdmission(): boolean {
    const dirty = this.admissionDirty, admissionRows = this.admissionRows;
    for (let k = 0; k < dirty.count; k++) {
      const i = dirty.list[k], adm = i * ADM;
      const admitted = admissionRows[adm + ADM_ADMITTED];
      if (admitted !== 0) {
        this.capacityMhz -= admissionRows[adm + ADM_HOST_MHZ];
        this.capacityRamMiB -= this.rows[i * ROW + ROW_RESERVABLE_RAM];
        this.reservedRamMiB -= admissionRows[adm + ADM_ADMITTED_RAM];
        this.reservedMhz -= admissionRows[adm + ADM_ADMITTED_MHZ];
        if (admitted === 2) this.inexactHosts--;
        admissionRows[adm + ADM_ADMITTED] = 0;
      }
      if (!this.balanceableNowFromCopies(i)) continue;
      if (!this.admitHost(i)) return false;
    }
    dirty.clear();
    return true;
  }

  /** Host i's admission terms as admits() uses them (for tests: they must equal a scan of its resident VMs). */
  hostTerms(i: number): { count: number; cpuMhz: number; maxMhz: number; maxRamMiB: number; exact: boolean } {
    const admissionRows = this.admissionRows, adm = i * ADM;
    if (admissionRows[adm + ADM_TERMS_AT] !== this.hosts[i].changes || admissionRows[adm + ADM_MAX_KNOWN] === 0) {
      this.readTerms(i);
    }
    return { count: admissionRows[adm + ADM_COUNT], cpuMhz: admissionRows[adm + ADM_CPU_MHZ],
      maxMhz: admissionRows[adm + ADM_MAX_MHZ], maxRamMiB: admissionRows[adm + ADM_MAX_RAM],
      exact: admissionRows[adm + ADM_EXACT] === 1 };
  }

  /** Rereads host i's admission terms from its resident VMs (every resident change also changes `host.changes`). */
  private readTerms(i: number): void {
    const host = this.hosts[i];
    let count = 0, cpuMhz = 0, maxMhz = 0, maxRamMiB = 0, exact = 1;
    const world = this.world, vms = world.vms, records = world.records;
    if (this.ids.length < world.residentCount(host)) this.ids = new Int32Array(2 * world.residentCount(host));
    const ids = this.ids, resident = world.residentIdsInto(host, ids);
    for (let r = 0; r < resident; r++) {
      const slot = vms.slotOf(ids[r]);
      if (slot < 0) continue;
      count++;
      // Sizes from the record, which equals the Vm; no object is rebuilt for the reservations.
      const otherMhz = Math.max(vms.cpuReservationAt(slot), HA_MIN_CPU_MHZ);
      const otherRamMiB = host.reservationRamMiB(records.vcpus(slot), records.ramMiB(slot), vms.memReservationAt(slot));
      if (!Number.isInteger(otherMhz)) exact = 0;
      cpuMhz += otherMhz;
      if (otherMhz > maxMhz) maxMhz = otherMhz;
      if (otherRamMiB > maxRamMiB) maxRamMiB = otherRamMiB;
    }
    const admissionRows = this.admissionRows, adm = i * ADM;
    admissionRows[adm + ADM_TERMS_AT] = host.changes;
    admissionRows[adm + ADM_COUNT] = count;
    admissionRows[adm + ADM_CPU_MHZ] = cpuMhz;
    admissionRows[adm + ADM_MAX_MHZ] = maxMhz;
    admissionRows[adm + ADM_MAX_RAM] = maxRamMiB;
    admissionRows[adm + ADM_EXACT] = exact;
    admissionRows[adm + ADM_MAX_KNOWN] = 1;
  }

  /**
   * Host i gained (sign 1) or lost (−1) the resident VM in one world step; `changesBefore` is the host's change
   * counter before it. Terms that were current then are updated in place instead of reread.
   */
  residentChanged(i: number, vm: Demand, sign: 1 | -1, changesBefore: number): void {
    const admissionRows = this.admissionRows, adm = i * ADM;
    if (admissionRows[adm + ADM_TERMS_AT] !== changesBefore || this.hosts[i].changes !== changesBefore + 1) return;
    const host = this.hosts[i];
    const mhz = Math.max(vm.cpuReservationMhz, HA_MIN_CPU_MHZ);
    const ramMiB = host.reservationRamMiB(vm.vcpus, vm.ramMiB, vm.memReservationMiB);
    admissionRows[adm + ADM_TERMS_AT] = host.changes;
    admissionRows[adm + ADM_COUNT] += sign;
    admissionRows[adm + ADM_CPU_MHZ] += sign * mhz;
    if (!Number.isInteger(mhz)) admissionRows[adm + ADM_EXACT] = 0;
    if (sign > 0) {
      if (mhz > admissionRows[adm + ADM_MAX_MHZ]) admissionRows[adm + ADM_MAX_MHZ] = mhz;
      if (ramMiB > admissionRows[adm + ADM_MAX_RAM]) admissionRows[adm + ADM_MAX_RAM] = ramMiB;
    } else if (mhz >= admissionRows[adm + ADM_MAX_MHZ] || ramMiB >= admissionRows[adm + ADM_MAX_RAM]) {
      admissionRows[adm + ADM_MAX_KNOWN] = 0;
    }
  }

  /** The CPU reservations of the balanceable hosts' VMs summed one by one in host and residence order. */
  private reservedCpuMhzByVm(): number {
    let sum = 0;
    for (let i = 0; i < this.size; i++) {
      if (!this.balanceable(i)) continue;
      for (const id of this.world.residents(this.hosts[i])) {
        const other = this.world.vms.get(id);
        if (other) sum += Math.max(other.cpuReservationMhz, HA_MIN_CPU_MHZ);
      }
    }
    return sum;
  }

  /**
   * Sets the totals Nova sees, by reporting era. grizzly follows Havana's get_stats_from_cluster (nova 2013.2
   * vm_util.py; Grizzly's 2013.1 VCState.update_status read one host): vCPUs = every host's threads, connected or not
   * (the connection check came in 2014.1); memory = the cluster's root resource pool `summary.runtime.memory.maxUsage`,
   * whose bound is the cluster's effective memory, which leaves out hosts that are not responding or in maintenance
   * mode (vSphere API, ComputeResourceSummary.effectiveMemory); disk = the datastore's capacity. queens and later (nova
   * 17.0.0 driver.py get_inventory, 26.0.0 update_provider_tree; vm_util.py get_stats_from_cluster): VCPU and
   * MEMORY_MB count connected hosts outside maintenance, with max_unit = the largest such host; DISK_GB is the
   * datastores' capacity (shared storage: it does not shrink with a host) with max_unit = the largest datastore's free
   * space. The cluster's hosts' disks form one shared datastore here.
   */
  refreshReporting(): void {
    const node = this.node;
    const live = this.reporting === 'queens';
    let vcpus = 0, ram = 0, disk = 0, diskUsed = 0, maxVcpus = 0, maxRam = 0;
    for (let i = 0; i < this.size; i++) {
      const host = this.hosts[i];
      disk += host.diskGiB;
      diskUsed += host.usedDiskGiB;
      const usable = this.usable(i);
      if (usable) ram += host.ramMiB;
      if (live && !usable) continue;
      vcpus += host.cpus;
      maxVcpus = Math.max(maxVcpus, host.cpus);
      maxRam = Math.max(maxRam, host.ramMiB);
    }
    node.totalVcpus = vcpus;
    node.totalRamMiB = ram;
    node.totalDiskGiB = Math.floor(disk);
    if (live) {
      node.maxUnitVcpus = maxVcpus;
      node.maxUnitRamMiB = maxRam;
      node.maxUnitDiskGiB = Math.max(0, Math.floor(disk - diskUsed));
    }
  }

  /** The datastore's free space changed (a VM's disk came or went): queens+ reports it as DISK_GB max_unit. */
  refreshDatastore(): void {
    if (this.reporting !== 'queens') return;
    let disk = 0, diskUsed = 0;
    for (const host of this.hosts) {
      disk += host.diskGiB;
      diskUsed += host.usedDiskGiB;
    }
    this.node.maxUnitDiskGiB = Math.max(0, Math.floor(disk - diskUsed));
  }
}

/**
 * host.fits from a host's row in VcenterCluster.rows, its disk aside (see fitsNow): the configured size under the
 * copied limits and, on ESXi, the reservation plus `overheadMiB` in the unreserved memory and CPU.
 */
function rowFits(rows: Float64Array, row: number, vcpus: number, ramMiB: number, memReservationMiB: number,
  cpuReservationMhz: number, overheadMiB: number): boolean {
  return rows[row + ROW_USED_VCPUS] + vcpus <= rows[row + ROW_CAP_VCPUS] &&
    rows[row + ROW_USED_RAM] + ramMiB <= rows[row + ROW_CAP_RAM] &&
    (rows[row + ROW_RESERVABLE_RAM] === Infinity ||
      (rows[row + ROW_RESERVED_RAM] + memReservationMiB + overheadMiB <= rows[row + ROW_RESERVABLE_RAM] &&
        rows[row + ROW_RESERVED_MHZ] + cpuReservationMhz <= rows[row + ROW_RESERVABLE_MHZ]));
}
