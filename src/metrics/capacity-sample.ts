// One look at capacity at a sample time: free RAM, fragmentation and imbalance on real hosts, and what Nova sees.
// Definitions in docs/outputs.md (fragmentation, phantom capacity); computed only at sample times, never per event.

import type { HostListener, PhysicalHost } from '../model/physical-host.js';
import type { ComputeNode, NodeListener } from '../nova/compute-node.js';
import { novaVisibleFreeRamMiB } from '../nova/capacity.js';
import type { NovaConfig } from '../nova/release-profiles.js';

export interface FlavorShape {
  vcpus: number;
  ramMiB: number;
  diskGiB: number;
  /** Share of requests (p_f in the FGD measure). */
  share: number;
  /** Flavor extra specs quota:memory_reservation (MiB) and quota:cpu_reservation (MHz), 0 when unset. */
  memReservationMiB?: number;
  cpuReservationMhz?: number;
}

export interface CapacitySample {
  hostsUp: number;
  ramUsedMiB: number;
  /** Σ over up hosts of free physical RAM (physicalFreeRamMiB): the free capacity of every platform. */
  ramFreeMiB: number;
  /** Physical memory of up hosts (the denominator of mean_ram_util). */
  ramCapMiB: number;
  /** Σ over up hosts of usableRamMiB: physical memory less host and policy reserves. */
  ramUsableMiB: number;
  /** Largest free physical RAM on one host. */
  largestFreeRamMiB: number;
  /** Free RAM and fragmentation as each platform admits (host limits, ESXi reservations): the admission view. */
  admissionRamFreeMiB: number;
  admissionFragIndex: number;
  novaVisibleFreeRamMiB: number;
  /** Nova's RAM allocated and its RAM capacity (allocation ratio and reserve applied), over nodes whose service is up. */
  novaUsedRamMiB: number;
  novaCapacityRamMiB: number;
  /** Over VCDriver nodes; NaN when the run has none (a KVM node's free RAM is its host's). */
  phantomRamMiB: number;
  /** Fragmentation of free physical RAM. */
  fragIndex: number;
  strandedRamFrac: number;
  imbalance: number;
  /** Σ over up hosts of configured VM memory beyond physical memory, max(0, used − physical). */
  overcommittedRamMiB: number;
  /** VMs resident on up hosts, and those of them on a host whose configured VM memory exceeds its physical memory. */
  vmsOnUpHosts: number;
  vmsOnOvercommittedHosts: number;
}

/** How many VMs are resident on a host (the World); without it, VM counts are 0. */
export interface ResidentCounter {
  residentCount(host: PhysicalHost): number;
}

// Offsets in CapacitySampler's per-host and per-node records.
const HOST_UP = 0, HOST_USED = 1, HOST_LIMIT = 2, HOST_USABLE = 3, HOST_ADMISSION_FREE = 4, HOST_STRANDED_ALL = 5,
  HOST_OVER = 6, HOST_VMS = 7, HOST_OVER_VMS = 8, HOST_STRANDED = 9;
const NODE_VISIBLE = 0, NODE_PHANTOM = 1, NODE_DISABLED = 2, NODE_HEARTBEAT = 3, NODE_USED = 4, NODE_CAPACITY = 5,
  NODE_STRIDE = 6;
/** Changed hosts from which a sample reads their lines ahead of refreshing them (CapacitySampler.readAhead). */
const READ_AHEAD_HOSTS = 128;
/**
 * Hosts (or nodes) read ahead at a time, each chunk refreshed right after it: a host's refresh reads ~10 lines (its
 * object and usage, its node, residency, terms and marks), so a chunk's ~20 KB are still in the core's own caches
 * when refreshed, where all ~1,500 changed hosts of a 50,000-host sample (~1 MB) read ahead at once had pushed the
 * first ones out before their turn. 32 measured faster than 128 at 50,000 hosts, 16 the same as 32.
 */
const READ_AHEAD_CHUNK = 32;
/** In CapacitySampler's mark rows: nothing else to mark, or (a node's) its hosts are in the id list. */
const MARK_NONE = -1, MARK_LIST = -2;
/** Ints per host in CapacitySampler.hostMark: the mark, the VCDriver node a change marks, the host's compute node,
 *  and one spare. */
const HOST_MARK_STRIDE = 4, HOST_MARK_NODE = 1, HOST_NODE = 2;
/** A generation the mark rows' Int32Array entries can hold; reaching it starts the generations again from 1. */
const LAST_GENERATION = 0x7fffffff;

// Offsets in CapacitySampler.sums; the node sums are over nodes that pass serviceUp at any time (enabled, never lost a
// heartbeat).
const T_UP = 0, T_USED = 1, T_FREE = 2, T_LIMIT = 3, T_USABLE = 4, T_ADMISSION_FREE = 5, T_STRANDED_ALL = 6, T_OVER = 7,
  T_UTIL = 8, T_UTIL_SQ = 9, T_LARGEST_FREE = 10, T_VMS = 11, T_OVER_VMS = 12, T_VISIBLE = 13, T_PHANTOM = 14,
  T_NOVA_USED = 15, T_NOVA_CAPACITY = 16, T_COUNT = 17;

/** A host's RAM limit for the admission view: its enforced limit, or its physical RAM when nothing limits it. */
function ramLimit(host: PhysicalHost): number {
  return Number.isFinite(host.capRamMiB) ? host.capRamMiB : host.ramMiB;
}

/**
 * Whether policy holds the whole host back from new placements: a vSphere failover host or one in maintenance
 * (PhysicalHost.withheld), or a KVM host whose nova-compute service is disabled (a Masakari standby host, a host
 * left in maintenance).
 */
function withheld(host: PhysicalHost, node: ComputeNode | undefined): boolean {
  return host.withheld === true || (node !== undefined && node.hypervisor === 'kvm' && node.serviceDisabled === true);
}

/** Physical memory a host offers VMs once the host's own reserve and the failover policy's share are taken out. */
function usableRamMiB(host: PhysicalHost, held: boolean): number {
  return host.up === true && !held ? Math.max(0, host.ramMiB - host.hostReserveRamMiB - host.policyReserveRamMiB) : 0;
}

/** Free physical RAM: usable memory less the configured size of the VMs on the host, floored at 0. */
function physicalFreeRamMiB(host: PhysicalHost, usable: number): number {
  return host.up === true ? Math.max(0, usable - host.usedRamMiB) : 0;
}

/** Nova's RAM capacity of a node as the era's capacity check counts it (allocated + what it sees as free). */
function novaCapacityRamMiB(node: ComputeNode, config: NovaConfig): number {
  return novaVisibleFreeRamMiB(node, config) + node.usedRamMiB;
}

/** One full scan of hosts and nodes: the reference the incremental CapacitySampler must equal exactly. */
export function sampleCapacity(
  hosts: readonly PhysicalHost[],
  nodes: readonly ComputeNode[],
  config: NovaConfig,
  flavors: readonly FlavorShape[],
  now: number,
  residents?: ResidentCounter,
): CapacitySample {
  let hostsUp = 0, used = 0, free = 0, cap = 0, usableSum = 0, admissionFree = 0, largest = 0, strandedAll = 0;
  let over = 0, vms = 0, overVms = 0, utilSum = 0, utilSq = 0;
  const strandedByFlavor = new Float64Array(flavors.length);
  const admissionStranded = new Float64Array(flavors.length);
  const nodeOf = new Map<PhysicalHost, ComputeNode>();
  for (const node of nodes) for (const host of node.hosts) nodeOf.set(host, node);
  for (const host of hosts) {
    if (!host.up) continue;
    hostsUp++;
    const usable = usableRamMiB(host, withheld(host, nodeOf.get(host)));
    const hostFree = physicalFreeRamMiB(host, usable);
    const hostAdmissionFree = Math.max(0, ramLimit(host) - host.usedRamMiB);
    used += host.usedRamMiB;
    free += hostFree;
    usableSum += usable;
    admissionFree += hostAdmissionFree;
    cap += host.ramMiB;
    if (hostFree > largest) largest = hostFree;
    const count = residents ? residents.residentCount(host) : 0;
    over += Math.max(0, host.usedRamMiB - host.ramMiB);
    vms += count;
    if (host.usedRamMiB > host.ramMiB) overVms += count;
    // Utilisation is over physical memory on every platform (it exceeds 1 on an overcommitted host).
    const util = host.ramMiB > 0 ? host.usedRamMiB / host.ramMiB : 0;
    utilSum += util;
    utilSq += util * util;
    let anyFits = false;
    for (let f = 0; f < flavors.length; f++) {
      const flavor = flavors[f];
      if (flavor.ramMiB <= hostFree) anyFits = true;
      else strandedByFlavor[f] += hostFree;
      if (!host.fits(flavor.vcpus, flavor.ramMiB, flavor.diskGiB, flavor.memReservationMiB, flavor.cpuReservationMhz)) {
        admissionStranded[f] += hostAdmissionFree;
      }
    }
    if (!anyFits) strandedAll += hostFree;
  }
  let fragIndex = 0, admissionFragIndex = 0;
  if (free > 0) for (let f = 0; f < flavors.length; f++) fragIndex += flavors[f].share * (strandedByFlavor[f] / free);
  if (admissionFree > 0) {
    for (let f = 0; f < flavors.length; f++) admissionFragIndex += flavors[f].share * (admissionStranded[f] / admissionFree);
  }
  let novaVisible = 0, novaUsed = 0, novaCapacity = 0, phantom = 0, vcdriver = false;
  for (const node of nodes) {
    if (node.hypervisor === 'vmware') vcdriver = true;
    if (!node.serviceUp(now, config.serviceDownTime)) continue;
    const visible = Math.max(0, novaVisibleFreeRamMiB(node, config));
    novaVisible += visible;
    novaUsed += node.usedRamMiB;
    novaCapacity += novaCapacityRamMiB(node, config);
    if (node.hypervisor !== 'vmware') continue;
    let nodeLargest = 0;
    for (const host of node.hosts) if (host.up) nodeLargest = Math.max(nodeLargest, ramLimit(host) - host.usedRamMiB);
    phantom += Math.max(0, visible - nodeLargest);
  }
  const mean = hostsUp > 0 ? utilSum / hostsUp : 0;
  return {
    hostsUp,
    ramUsedMiB: used,
    ramFreeMiB: free,
    ramCapMiB: cap,
    ramUsableMiB: usableSum,
    largestFreeRamMiB: largest,
    admissionRamFreeMiB: admissionFree,
    admissionFragIndex,
    novaVisibleFreeRamMiB: novaVisible,
    novaUsedRamMiB: novaUsed,
    novaCapacityRamMiB: novaCapacity,
    phantomRamMiB: vcdriver ? phantom : NaN,
    fragIndex,
    strandedRamFrac: free > 0 ? strandedAll / free : 0,
    imbalance: hostsUp > 0 ? Math.sqrt(Math.max(0, utilSq / hostsUp - mean * mean)) : 0,
    overcommittedRamMiB: over,
    vmsOnUpHosts: vms,
    vmsOnOvercommittedHosts: overVms,
  };
}

/**
 * The same computation as a reusable object that keeps each host's contribution (free RAM, limit, utilisation,
 * which flavors do not fit) in typed arrays and recomputes only the hosts that changed since the last sample
 * (PhysicalHost.onChange). The sums still run over every host in host order with the same arithmetic as
 * sampleCapacity, so the values are identical and do not depend on history — but a sample costs a few ns per host.
 *
 * Sums whose terms are all integers (RAM used, free, limit, stranded and overcommitted RAM, hosts up, VM counts,
 * Nova-visible and phantom RAM in the usual configurations) are exact in any order as long as no partial sum reaches
 * 2^53, so those are kept as running totals updated by each refresh (new − old) and not re-summed per sample. Every refreshed term is checked:
 * the first non-integer or too-large term switches the totals off for the rest of the run and the loops decide, so
 * the values never depend on the shortcut. Utilisation sums are kept the same way while every term is a multiple of
 * 2^−34 (RAM used over a power-of-two physical RAM); the largest free RAM is rescanned only after the host holding it
 * shrank.
 */
export class CapacitySampler implements HostListener, NodeListener {
  private readonly flavorVcpus: Float64Array;
  private readonly flavorRamMiB: Float64Array;
  private readonly flavorDiskGiB: Float64Array;
  private readonly flavorMemReservationMiB: Float64Array;
  private readonly flavorCpuReservationMhz: Float64Array;
  private readonly strandedByFlavor: Float64Array;
  private readonly admissionStranded: Float64Array;
  // Each host's contribution to each sum, 0 when the host is down, so sample() adds without branching: adding +0
  // to a sum that starts at +0 leaves it unchanged bit for bit, hence the same values as sampleCapacity.
  // A host's terms sit together (a record per host, HOST_* offsets), so refreshing a changed host touches one or two
  // cache lines instead of one per array; the two terms every sample reads for every host (free RAM, utilisation)
  // are a separate record pair, so that scan stays dense.
  /** hostScan[2h]: free physical RAM of host h; hostScan[2h + 1]: its RAM utilisation. */
  private readonly hostScan: Float64Array;
  /** hostTerms[h × hostStride + HOST_*]: up (0/1), RAM used, physical RAM, usable RAM, admission-view free RAM, free
   *  physical RAM when no flavor fits (else 0), overcommit terms, then per flavor f at HOST_STRANDED + f: free
   *  physical RAM when flavor f does not fit (else 0), and at HOST_STRANDED + F + f the same in the admission view. */
  private readonly hostTerms: Float64Array;
  private readonly hostStride: number;
  /** nodeTerms[i × NODE_STRIDE + NODE_*]: Nova-visible free RAM, phantom RAM, disabled (0/1), last heartbeat, Nova's
   *  allocated RAM, Nova's RAM capacity. */
  private readonly nodeTerms: Float64Array;
  /** nodeMark[2i]: node i is marked for the next sample when it equals `generation`; nodeMark[2i + 1]: the one host
   *  a change of node i marks (a KVM node), MARK_NONE (a VCDriver cluster: its terms depend on its hosts, not the
   *  reverse) or MARK_LIST (a KVM node with other than one host: its hosts in nodeHostIds). A change reads one line
   *  here. */
  private readonly nodeMark: Int32Array;
  private readonly nodeDirtyList: Int32Array;
  private nodeDirtyCount = 0;
  /** Whether each node is a VCDriver cluster (1) or a KVM host (0). */
  private readonly nodeVmware: Uint8Array;
  /** Each node's host ids: nodeHostIds[nodeHostStart[i] .. nodeHostStart[i + 1]). */
  private readonly nodeHostIds: Int32Array;
  private readonly nodeHostStart: Int32Array;
  /** Admission-view free RAM of each host (as in hostTerms), densely: a cluster's phantom capacity reads its hosts'.
   *  Written only when some node is a VCDriver cluster (nothing else reads it). */
  private readonly hostAdmissionFree: Float64Array;
  /** hostMark[4h]: host h is marked for the next sample when it equals `generation`; hostMark[4h + 1]: the VCDriver
   *  node a change of host h marks, or MARK_NONE; hostMark[4h + 2]: the host's compute node (from the nodes' host
   *  lists), −1 when none. What a change reads sits in one line rather than in three arrays, and a refresh reads the
   *  node from the same line. */
  private readonly hostMark: Int32Array;
  /**
   * The marks' current value: a sample starts a new generation, which unmarks every host and node without writing
   * their rows (at 50,000 hosts a changed host's row has left the cache by the sample, and clearing its mark cost a
   * line per changed host and node).
   */
  private generation = 1;
  private readonly dirtyList: Int32Array;
  private dirtyCount = 0;
  /** False when another listener owns the hosts' onChange: every host is recomputed at every sample. */
  private readonly tracking: boolean;
  /** Whether any node is a VCDriver cluster (phantom capacity is defined only there). */
  private readonly vcdriver: boolean;
  // Running totals (see the class comment), valid while `exact`.
  private exact = true;
  /** Largest term allowed in a running total: n terms of at most this never reach 2^53. */
  private readonly maxExactTerm: number;
  /** The running totals, T_* offsets: in a typed array so that they are doubles from the start (docs/performance.md,
   *  "stable shapes"); Σ utilisation and Σ utilisation² are valid while `utilExact` (see refreshHost), the largest
   *  free physical RAM is exact while `largestValid`, otherwise an upper bound that the next sample rescans. */
  private readonly sums = new Float64Array(T_COUNT);
  private utilExact = true;
  private largestValid = true;
  private readonly totalStranded: Float64Array;
  /** Nodes enabled but with a finite heartbeat: whether they count depends on `now`, so the node loop decides. */
  private nodesTimed = 0;
  /** Returned by sample(); overwritten by the next call. */
  private readonly result: CapacitySample = new SampleResult();
  /** What readAhead read, kept so that the compiler keeps the reads; never used otherwise (NaN: a double field from
   *  the first run, docs/performance.md, "stable shapes"). */
  private touched = NaN;

  constructor(
    private readonly hosts: readonly PhysicalHost[],
    private readonly nodes: readonly ComputeNode[],
    private readonly config: NovaConfig,
    private readonly flavors: readonly FlavorShape[],
    private readonly residents?: ResidentCounter,
  ) {
    const n = hosts.length, nf = flavors.length;
    this.flavorVcpus = Float64Array.from(flavors, (f) => f.vcpus);
    this.flavorRamMiB = Float64Array.from(flavors, (f) => f.ramMiB);
    this.flavorDiskGiB = Float64Array.from(flavors, (f) => f.diskGiB);
    this.flavorMemReservationMiB = Float64Array.from(flavors, (f) => f.memReservationMiB ?? 0);
    this.flavorCpuReservationMhz = Float64Array.from(flavors, (f) => f.cpuReservationMhz ?? 0);
    this.strandedByFlavor = new Float64Array(nf);
    this.admissionStranded = new Float64Array(nf);
    this.totalStranded = new Float64Array(2 * nf);
    this.hostScan = new Float64Array(2 * n);
    this.hostStride = HOST_STRANDED + 2 * nf;
    this.hostTerms = new Float64Array(n * this.hostStride);
    this.hostMark = new Int32Array(HOST_MARK_STRIDE * n);
    for (let h = 0; h < n; h++) {
      this.hostMark[HOST_MARK_STRIDE * h] = this.generation;
      this.hostMark[HOST_MARK_STRIDE * h + HOST_MARK_NODE] = MARK_NONE;
      this.hostMark[HOST_MARK_STRIDE * h + HOST_NODE] = -1;
    }
    this.dirtyList = new Int32Array(n);
    for (let h = 0; h < n; h++) this.dirtyList[h] = h;
    this.dirtyCount = n;
    const m = nodes.length;
    this.nodeTerms = new Float64Array(m * NODE_STRIDE);
    this.nodeMark = new Int32Array(2 * m);
    this.nodeDirtyList = new Int32Array(m);
    for (let i = 0; i < m; i++) this.nodeDirtyList[i] = i;
    this.nodeDirtyCount = m;
    this.nodesTimed = m; // the zeroed arrays say: enabled, heartbeat 0
    this.hostAdmissionFree = new Float64Array(n);
    this.nodeVmware = Uint8Array.from(nodes, (node) => (node.hypervisor === 'vmware' ? 1 : 0));
    this.nodeHostStart = new Int32Array(m + 1);
    for (let i = 0; i < m; i++) this.nodeHostStart[i + 1] = this.nodeHostStart[i] + nodes[i].hosts.length;
    this.nodeHostIds = new Int32Array(this.nodeHostStart[m]);
    this.maxExactTerm = Math.floor(2 ** 53 / (Math.max(n, m) + 1));
    this.vcdriver = nodes.some((node) => node.hypervisor === 'vmware');
    let hostsOk = hosts.every((host, h) => host.id === h && host.onChange === undefined);
    nodes.forEach((node, i) => {
      if (node.id !== i || node.onSampleChange !== undefined) hostsOk = false;
      node.hosts.forEach((host, k) => {
        if (host.id >= n || this.hostMark[HOST_MARK_STRIDE * host.id + HOST_NODE] !== -1) hostsOk = false;
        else this.hostMark[HOST_MARK_STRIDE * host.id + HOST_NODE] = i;
        this.nodeHostIds[this.nodeHostStart[i] + k] = host.id;
      });
    });
    this.tracking = hostsOk;
    for (let i = 0; i < m; i++) {
      const start = this.nodeHostStart[i], end = this.nodeHostStart[i + 1];
      this.nodeMark[2 * i] = this.generation;
      this.nodeMark[2 * i + 1] = this.nodeVmware[i] === 1 ? MARK_NONE : end - start === 1 ? this.nodeHostIds[start] : MARK_LIST;
      if (this.nodeVmware[i] === 1 && hostsOk) {
        for (let k = start; k < end; k++) this.hostMark[HOST_MARK_STRIDE * this.nodeHostIds[k] + HOST_MARK_NODE] = i;
      }
    }
    if (this.tracking) {
      for (const host of hosts) host.onChange = this;
      for (const node of nodes) node.onSampleChange = this;
    }
  }

  /** HostListener: marks the host for the next sample, and the VCDriver node that reports it (its phantom capacity
   *  depends on its hosts; a KVM node's terms do not). */
  hostChanged(host: PhysicalHost): void {
    const h = host.id;
    this.markHost(h);
    const node = this.hostMark[HOST_MARK_STRIDE * h + HOST_MARK_NODE];
    if (node >= 0) this.markNode(node);
  }

  /** NodeListener: marks the node for the next sample, and a KVM node's host (its disabled service withholds it). */
  nodeChanged(node: ComputeNode): void {
    const i = node.id;
    this.markNode(i);
    const host = this.nodeMark[2 * i + 1];
    if (host >= 0) {
      this.markHost(host);
    } else if (host === MARK_LIST) {
      const ids = this.nodeHostIds;
      for (let k = this.nodeHostStart[i], end = this.nodeHostStart[i + 1]; k < end; k++) this.markHost(ids[k]);
    }
  }

  /** DepartureReadAhead: reads the marks a departure from the host (and its node, −1 when none) will set. */
  touchHost(h: number, node: number): number {
    return this.hostMark[HOST_MARK_STRIDE * h] + (node >= 0 ? this.nodeMark[2 * node] : 0);
  }

  private markHost(h: number): void {
    const mark = this.hostMark, generation = this.generation;
    if (mark[HOST_MARK_STRIDE * h] !== generation) {
      mark[HOST_MARK_STRIDE * h] = generation;
      this.dirtyList[this.dirtyCount++] = h;
    }
  }

  private markNode(i: number): void {
    const mark = this.nodeMark, generation = this.generation;
    if (mark[2 * i] !== generation) {
      mark[2 * i] = generation;
      this.nodeDirtyList[this.nodeDirtyCount++] = i;
    }
  }

  /** A node's Nova-visible free RAM, Nova's allocation and capacity, and phantom capacity, as sampleCapacity computes
   *  them; a VCDriver node's hosts are refreshed first. */
  private refreshNode(i: number): void {
    const node = this.nodes[i];
    const novaFree = novaVisibleFreeRamMiB(node, this.config);
    const visible = Math.max(0, novaFree);
    let phantom = 0;
    if (this.nodeVmware[i] === 1) {
      let nodeLargest = 0;
      if (this.tracking) {
        // max(0, limit − used) per up host and 0 per down host, as hostAdmissionFree holds them, have the same
        // maximum as sampleCapacity's running max from 0 over up hosts; a dense read instead of one per host object.
        const admissionFree = this.hostAdmissionFree, ids = this.nodeHostIds;
        for (let k = this.nodeHostStart[i], end = this.nodeHostStart[i + 1]; k < end; k++) {
          nodeLargest = Math.max(nodeLargest, admissionFree[ids[k]]);
        }
      } else {
        // Host ids need not be positions in `hosts` here: read the hosts themselves.
        for (const host of node.hosts) if (host.up) nodeLargest = Math.max(nodeLargest, ramLimit(host) - host.usedRamMiB);
      }
      phantom = Math.max(0, visible - nodeLargest);
    }
    // novaCapacityRamMiB, from the free RAM already computed.
    const used = node.usedRamMiB, capacity = novaFree + used;
    const disabled = node.serviceDisabled ? 1 : 0;
    const heartbeat = node.lastHeartbeat;
    const terms = this.nodeTerms, base = i * NODE_STRIDE;
    if (this.exact) {
      if (!this.exactTerm(visible) || !this.exactTerm(phantom) || !this.exactTerm(used) || !this.exactTerm(capacity)) {
        this.exact = false;
      } else if (disabled === 0 && heartbeat === Infinity && terms[base + NODE_DISABLED] === 0 &&
        terms[base + NODE_HEARTBEAT] === Infinity) {
        // Counted before and after (the usual case): one read-modify-write per term that changed. The terms are exact
        // integers, so s + (new − old) is s − old + new bit for bit, and an unchanged term leaves s as it is.
        const sums = this.sums;
        const oldVisible = terms[base + NODE_VISIBLE], oldPhantom = terms[base + NODE_PHANTOM];
        const oldUsed = terms[base + NODE_USED], oldCapacity = terms[base + NODE_CAPACITY];
        if (visible !== oldVisible) sums[T_VISIBLE] += visible - oldVisible;
        if (phantom !== oldPhantom) sums[T_PHANTOM] += phantom - oldPhantom;
        if (used !== oldUsed) sums[T_NOVA_USED] += used - oldUsed;
        if (capacity !== oldCapacity) sums[T_NOVA_CAPACITY] += capacity - oldCapacity;
      } else {
        if (terms[base + NODE_DISABLED] === 0) {
          if (terms[base + NODE_HEARTBEAT] === Infinity) {
            this.sums[T_VISIBLE] -= terms[base + NODE_VISIBLE];
            this.sums[T_PHANTOM] -= terms[base + NODE_PHANTOM];
            this.sums[T_NOVA_USED] -= terms[base + NODE_USED];
            this.sums[T_NOVA_CAPACITY] -= terms[base + NODE_CAPACITY];
          } else {
            this.nodesTimed--;
          }
        }
        if (disabled === 0) {
          if (heartbeat === Infinity) {
            this.sums[T_VISIBLE] += visible;
            this.sums[T_PHANTOM] += phantom;
            this.sums[T_NOVA_USED] += used;
            this.sums[T_NOVA_CAPACITY] += capacity;
          } else {
            this.nodesTimed++;
          }
        }
      }
    }
    terms[base + NODE_VISIBLE] = visible;
    terms[base + NODE_PHANTOM] = phantom;
    terms[base + NODE_DISABLED] = disabled;
    terms[base + NODE_HEARTBEAT] = heartbeat;
    terms[base + NODE_USED] = used;
    terms[base + NODE_CAPACITY] = capacity;
  }

  private exactTerm(x: number): boolean {
    return Number.isInteger(x) && Math.abs(x) <= this.maxExactTerm;
  }

  /** Whether x is a multiple of 2^−34 small enough that sums of such terms are exact in any order (exactTerm of x ×
   *  2^34): utilisation over a power-of-two physical RAM is one, and so is its square. */
  private exactGridTerm(x: number): boolean {
    return this.exactTerm(x * 17179869184);
  }

  private refreshHost(h: number): void {
    const host = this.hosts[h];
    const usedRam = host.usedRamMiB, usedVcpus = host.usedVcpus, usedDisk = host.usedDiskGiB;
    const capRam = host.capRamMiB, capVcpus = host.capVcpus, capDisk = host.capDiskGiB;
    // Booleans compared with `true` and optional objects with `undefined`: one comparison each, where a bare truth
    // test of a field is V8's generic one (docs/performance.md, "truth tests").
    const up = host.up === true;
    const limit = Number.isFinite(capRam) ? capRam : host.ramMiB;
    const admissionFree = up ? Math.max(0, limit - usedRam) : 0;
    const nodeIndex = this.hostMark[HOST_MARK_STRIDE * h + HOST_NODE];
    const usable = usableRamMiB(host, withheld(host, nodeIndex >= 0 ? this.nodes[nodeIndex] : undefined));
    const free = physicalFreeRamMiB(host, usable);
    const usedTerm = up ? usedRam : 0, limitTerm = up ? host.ramMiB : 0, upTerm = up ? 1 : 0;
    // Overcommit: configured VM memory beyond physical memory, and the VMs that share such a host.
    const count = up && this.residents !== undefined ? this.residents.residentCount(host) : 0;
    const overTerm = up ? Math.max(0, usedRam - host.ramMiB) : 0, overVmsTerm = usedRam > host.ramMiB ? count : 0;
    // Stranded terms are `free`, `admissionFree` or 0, so checking those covers them.
    const exact = this.exact === true && this.exactTerm(usedTerm) && this.exactTerm(limitTerm) &&
      this.exactTerm(free) && this.exactTerm(usable) && this.exactTerm(admissionFree) && this.exactTerm(overTerm) &&
      this.exactTerm(count);
    const terms = this.hostTerms, base = h * this.hostStride, scan = this.hostScan;
    if (exact) {
      const sums = this.sums;
      sums[T_USED] += usedTerm - terms[base + HOST_USED];
      sums[T_ADMISSION_FREE] += admissionFree - terms[base + HOST_ADMISSION_FREE];
      sums[T_FREE] += free - scan[2 * h];
      sums[T_VMS] += count - terms[base + HOST_VMS];
      // These change only with a failure, a repair, a limit or an overcommitted host: no read-modify-write otherwise
      // (adding +0 would leave a total bit for bit as it is, so skipping it changes nothing).
      const oldUp = terms[base + HOST_UP], oldLimit = terms[base + HOST_LIMIT], oldUsable = terms[base + HOST_USABLE];
      const oldOver = terms[base + HOST_OVER], oldOverVms = terms[base + HOST_OVER_VMS];
      if (upTerm !== oldUp) sums[T_UP] += upTerm - oldUp;
      if (limitTerm !== oldLimit) sums[T_LIMIT] += limitTerm - oldLimit;
      if (usable !== oldUsable) sums[T_USABLE] += usable - oldUsable;
      if (overTerm !== oldOver) sums[T_OVER] += overTerm - oldOver;
      if (overVmsTerm !== oldOverVms) sums[T_OVER_VMS] += overVmsTerm - oldOverVms;
    } else {
      this.exact = false;
    }
    terms[base + HOST_UP] = upTerm;
    terms[base + HOST_USED] = usedTerm;
    terms[base + HOST_LIMIT] = limitTerm;
    terms[base + HOST_USABLE] = usable;
    terms[base + HOST_ADMISSION_FREE] = admissionFree;
    terms[base + HOST_OVER] = overTerm;
    terms[base + HOST_VMS] = count;
    terms[base + HOST_OVER_VMS] = overVmsTerm;
    if (this.vcdriver === true) this.hostAdmissionFree[h] = admissionFree;
    // Utilisation sums are kept like the integer totals when every term is an exact multiple of 2^−34 (the sums are
    // then exact, so the same in any order); the largest free RAM is kept as a maximum that only this host's
    // decrease can invalidate.
    const util = up && host.ramMiB > 0 ? usedRam / host.ramMiB : 0;
    const oldFree = scan[2 * h], oldUtil = scan[2 * h + 1];
    if (this.utilExact === true) {
      const utilSq = util * util;
      if (this.exactGridTerm(util) && this.exactGridTerm(utilSq)) {
        this.sums[T_UTIL] += util - oldUtil;
        this.sums[T_UTIL_SQ] += utilSq - oldUtil * oldUtil;
      } else {
        this.utilExact = false;
      }
    }
    // Every other host's free RAM is at most the old maximum (or bound), hence at most `free` when free reaches it;
    // the maximum is lost when this host held it and shrank. Written at every call: a store that first runs when the
    // largest host shrinks, after the equilibrium start's refreshes have optimised this code, deoptimises it
    // (docs/performance.md, "rare paths").
    const largest = this.sums[T_LARGEST_FREE];
    if (free >= largest) this.sums[T_LARGEST_FREE] = free;
    this.largestValid = free >= largest || (oldFree !== largest && this.largestValid);
    scan[2 * h] = free;
    scan[2 * h + 1] = util;
    const nf = this.flavorVcpus.length, fv = this.flavorVcpus, fr = this.flavorRamMiB, fd = this.flavorDiskGiB;
    let anyFits = false;
    const totalStranded = this.totalStranded, stranded = base + HOST_STRANDED;
    // ESXi also admits by reservation (PhysicalHost.fits); KVM hosts skip that check.
    const byReservation = host.admitsByReservation;
    for (let f = 0; f < nf; f++) {
      // Physical view: the flavor's memory fits in the free physical RAM.
      const fits = fr[f] <= free;
      if (fits) anyFits = true;
      const term = fits ? 0 : free;
      const oldTerm = terms[stranded + f];
      // Most refreshes leave most flavors' terms as they were: skip the read-modify-write of the total then.
      if (term !== oldTerm) {
        if (exact) totalStranded[f] += term - oldTerm;
        terms[stranded + f] = term;
      }
      // Admission view: the platform would admit the flavor here (when the host is up).
      const admits = usedVcpus + fv[f] <= capVcpus && usedRam + fr[f] <= capRam && usedDisk + fd[f] <= capDisk &&
        (!byReservation || host.fits(fv[f], fr[f], fd[f], this.flavorMemReservationMiB[f], this.flavorCpuReservationMhz[f]));
      const admissionTerm = admits ? 0 : admissionFree;
      const oldAdmission = terms[stranded + nf + f];
      if (admissionTerm !== oldAdmission) {
        if (exact) totalStranded[nf + f] += admissionTerm - oldAdmission;
        terms[stranded + nf + f] = admissionTerm;
      }
    }
    const strandedAllTerm = anyFits ? 0 : free;
    if (exact) this.sums[T_STRANDED_ALL] += strandedAllTerm - terms[base + HOST_STRANDED_ALL];
    terms[base + HOST_STRANDED_ALL] = strandedAllTerm;
  }

  /**
   * Reads the lines the refreshes will read first of the changed hosts dirtyList[start .. end) (their objects, usage,
   * compute nodes and terms) in one loop of independent loads, so that their cache misses overlap instead of each
   * refresh waiting for its own in turn: at 50,000 hosts most were last touched minutes of simulated time ago and
   * have left the cache.
   */
  private readAhead(start: number, end: number): number {
    const hosts = this.hosts, nodes = this.nodes, marks = this.hostMark, list = this.dirtyList;
    const terms = this.hostTerms, stride = this.hostStride, scan = this.hostScan, residents = this.residents;
    let touched = 0;
    for (let i = start; i < end; i++) {
      const h = list[i], base = h * stride, node = marks[HOST_MARK_STRIDE * h + HOST_NODE], host = hosts[h];
      touched += host.usedRamMiB + host.capRamMiB + host.reservableRamMiB + scan[2 * h] + terms[base] +
        terms[base + stride - 1];
      if (node >= 0) touched += nodes[node].numInstances;
      if (residents !== undefined) touched += residents.residentCount(host);
    }
    return touched;
  }

  /** readAhead for the changed nodes nodeDirtyList[start .. end), as refreshNode reads them: their total and used RAM,
   *  heartbeat and terms. */
  private readAheadNodes(start: number, end: number): number {
    const nodes = this.nodes, list = this.nodeDirtyList, nodeTerms = this.nodeTerms;
    let touched = 0;
    for (let i = start; i < end; i++) {
      const node = list[i], computeNode = nodes[node], nodeBase = node * NODE_STRIDE;
      touched += computeNode.usedRamMiB + computeNode.totalRamMiB + computeNode.lastHeartbeat + nodeTerms[nodeBase] +
        nodeTerms[nodeBase + NODE_STRIDE - 1];
    }
    return touched;
  }

  // The loops over hosts live in methods of their own, apart from sample(), and no field is written after a loop: V8
  // compiles a long-running loop on the stack (on-stack replacement), and at 50,000 hosts (~1,500 changed hosts per
  // sample) code compiled that way gave up at the first field write after the loop at every call, then ran the rest
  // interpreted.

  /** Refreshes the hosts and then the nodes marked since the last sample. */
  private refreshChanged(): void {
    const hosts = this.dirtyCount, nodes = this.nodeDirtyCount;
    this.dirtyCount = 0;
    this.nodeDirtyCount = 0;
    if (this.generation === LAST_GENERATION) this.restartGenerations();
    this.generation++;
    // Few changed hosts mean few events since the last sample, whose lines are still in cache: reading them ahead
    // would only add loads (the 1,000-host rows refresh ~35 hosts a sample).
    if (hosts < READ_AHEAD_HOSTS) {
      this.refreshHosts(0, hosts);
      this.refreshNodes(0, nodes);
      return;
    }
    for (let start = 0; start < hosts; start += READ_AHEAD_CHUNK) {
      const end = Math.min(hosts, start + READ_AHEAD_CHUNK);
      this.touched += this.readAhead(start, end);
      this.refreshHosts(start, end);
    }
    for (let start = 0; start < nodes; start += READ_AHEAD_CHUNK) {
      const end = Math.min(nodes, start + READ_AHEAD_CHUNK);
      this.touched += this.readAheadNodes(start, end);
      this.refreshNodes(start, end);
    }
  }

  /** Unmarks every host and node and counts the generations from 1 again (after 2^31 − 2 samples). */
  private restartGenerations(): void {
    const hostMark = this.hostMark, nodeMark = this.nodeMark;
    for (let at = 0; at < hostMark.length; at += HOST_MARK_STRIDE) hostMark[at] = 0;
    for (let at = 0; at < nodeMark.length; at += 2) nodeMark[at] = 0;
    this.generation = 0;
  }

  private refreshHosts(start: number, end: number): void {
    const list = this.dirtyList;
    for (let i = start; i < end; i++) this.refreshHost(list[i]);
  }

  private refreshNodes(start: number, end: number): void {
    const list = this.nodeDirtyList;
    for (let i = start; i < end; i++) this.refreshNode(list[i]);
  }

  /** The largest free physical RAM over all hosts (after the host that held it shrank). */
  private largestFree(): number {
    const scan = this.hostScan, n = this.hosts.length;
    let largest = 0;
    for (let h = 0; h < n; h++) {
      const hostFree = scan[2 * h];
      if (hostFree > largest) largest = hostFree;
    }
    return largest;
  }

  sample(now: number): CapacitySample {
    const n = this.hosts.length;
    // Hosts before nodes: a VCDriver node's phantom capacity reads its hosts' refreshed terms.
    if (!this.tracking) {
      for (let h = 0; h < n; h++) this.refreshHost(h);
      for (let i = 0; i < this.nodes.length; i++) this.refreshNode(i);
    } else {
      this.refreshChanged();
    }
    const nf = this.flavorVcpus.length;
    const strandedByFlavor = this.strandedByFlavor, admissionStranded = this.admissionStranded;
    const scan = this.hostScan;
    let hostsUp = 0, used = 0, free = 0, cap = 0, usable = 0, admissionFree = 0, largest = 0, strandedAll = 0;
    let utilSum = 0, utilSq = 0;
    if (this.utilExact) {
      utilSum = this.sums[T_UTIL];
      utilSq = this.sums[T_UTIL_SQ];
      if (!this.largestValid) {
        this.sums[T_LARGEST_FREE] = this.largestFree();
        this.largestValid = true;
      }
      largest = this.sums[T_LARGEST_FREE];
    } else {
      for (let h = 0; h < n; h++) {
        const hostFree = scan[2 * h];
        if (hostFree > largest) largest = hostFree;
        const util = scan[2 * h + 1];
        utilSum += util;
        utilSq += util * util;
      }
    }
    if (this.exact) {
      hostsUp = this.sums[T_UP];
      used = this.sums[T_USED];
      free = this.sums[T_FREE];
      cap = this.sums[T_LIMIT];
      usable = this.sums[T_USABLE];
      admissionFree = this.sums[T_ADMISSION_FREE];
      strandedAll = this.sums[T_STRANDED_ALL];
      strandedByFlavor.set(this.totalStranded.subarray(0, nf));
      admissionStranded.set(this.totalStranded.subarray(nf));
    } else {
      // Each sum on its own, in host order: the same additions as sampleCapacity's loop.
      const terms = this.hostTerms, stride = this.hostStride;
      for (let h = 0; h < n; h++) {
        const base = h * stride;
        hostsUp += terms[base + HOST_UP];
        used += terms[base + HOST_USED];
        free += scan[2 * h];
        cap += terms[base + HOST_LIMIT];
        usable += terms[base + HOST_USABLE];
        admissionFree += terms[base + HOST_ADMISSION_FREE];
        strandedAll += terms[base + HOST_STRANDED_ALL];
      }
      for (let f = 0; f < nf; f++) {
        let sum = 0, admissionSum = 0;
        for (let h = 0, at = HOST_STRANDED + f; h < n; h++, at += stride) {
          sum += terms[at];
          admissionSum += terms[at + nf];
        }
        strandedByFlavor[f] = sum;
        admissionStranded[f] = admissionSum;
      }
    }
    const flavors = this.flavors;
    let fragIndex = 0, admissionFragIndex = 0;
    if (free > 0) for (let f = 0; f < nf; f++) fragIndex += flavors[f].share * (strandedByFlavor[f] / free);
    if (admissionFree > 0) {
      for (let f = 0; f < nf; f++) admissionFragIndex += flavors[f].share * (admissionStranded[f] / admissionFree);
    }
    let novaVisible = 0, novaUsed = 0, novaCapacity = 0, phantom = 0;
    const serviceDownTime = this.config.serviceDownTime;
    const nodeTerms = this.nodeTerms;
    if (this.exact && this.nodesTimed === 0) {
      novaVisible = this.sums[T_VISIBLE];
      phantom = this.sums[T_PHANTOM];
      novaUsed = this.sums[T_NOVA_USED];
      novaCapacity = this.sums[T_NOVA_CAPACITY];
    } else for (let i = 0, base = 0; i < this.nodes.length; i++, base += NODE_STRIDE) {
      // ComputeNode.serviceUp, on the cached fields: the one part that depends on `now`.
      if (nodeTerms[base + NODE_DISABLED] === 1 || !(now - nodeTerms[base + NODE_HEARTBEAT] <= serviceDownTime)) continue;
      novaVisible += nodeTerms[base + NODE_VISIBLE];
      novaUsed += nodeTerms[base + NODE_USED];
      novaCapacity += nodeTerms[base + NODE_CAPACITY];
      phantom += nodeTerms[base + NODE_PHANTOM];
    }
    let over = 0, vms = 0, overVms = 0;
    if (this.exact) {
      over = this.sums[T_OVER];
      vms = this.sums[T_VMS];
      overVms = this.sums[T_OVER_VMS];
    } else {
      const terms = this.hostTerms, stride = this.hostStride;
      for (let h = 0, base = 0; h < n; h++, base += stride) {
        over += terms[base + HOST_OVER];
        vms += terms[base + HOST_VMS];
        overVms += terms[base + HOST_OVER_VMS];
      }
    }
    const mean = hostsUp > 0 ? utilSum / hostsUp : 0;
    const r = this.result;
    r.hostsUp = hostsUp;
    r.ramUsedMiB = used;
    r.ramFreeMiB = free;
    r.ramCapMiB = cap;
    r.ramUsableMiB = usable;
    r.largestFreeRamMiB = largest;
    r.admissionRamFreeMiB = admissionFree;
    r.admissionFragIndex = admissionFragIndex;
    r.novaVisibleFreeRamMiB = novaVisible;
    r.novaUsedRamMiB = novaUsed;
    r.novaCapacityRamMiB = novaCapacity;
    r.phantomRamMiB = this.vcdriver ? phantom : NaN;
    r.fragIndex = fragIndex;
    r.strandedRamFrac = free > 0 ? strandedAll / free : 0;
    r.imbalance = hostsUp > 0 ? Math.sqrt(Math.max(0, utilSq / hostsUp - mean * mean)) : 0;
    r.overcommittedRamMiB = over;
    r.vmsOnUpHosts = vms;
    r.vmsOnOvercommittedHosts = overVms;
    return r;
  }
}

/** The sampler's reusable result; a class with NaN-initialised fields (docs/performance.md, "stable shapes"). */
class SampleResult implements CapacitySample {
  hostsUp = NaN;
  ramUsedMiB = NaN;
  ramFreeMiB = NaN;
  ramCapMiB = NaN;
  ramUsableMiB = NaN;
  largestFreeRamMiB = NaN;
  admissionRamFreeMiB = NaN;
  admissionFragIndex = NaN;
  novaVisibleFreeRamMiB = NaN;
  novaUsedRamMiB = NaN;
  novaCapacityRamMiB = NaN;
  phantomRamMiB = NaN;
  fragIndex = NaN;
  strandedRamFrac = NaN;
  imbalance = NaN;
  overcommittedRamMiB = NaN;
  vmsOnUpHosts = NaN;
  vmsOnOvercommittedHosts = NaN;
}
