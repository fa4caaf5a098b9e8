// One look at capacity at a sample time: free RAM, fragmentation and imbalance on real hosts, and what Nova sees.
// Definitions in DESIGN.md "Metrics definitions"; computed only at sample times, never per event.

import type { PhysicalHost } from '../model/physical-host.js';
import type { ComputeNode } from '../nova/compute-node.js';
import { novaVisibleFreeRamMiB } from '../nova/capacity.js';
import type { NovaConfig } from '../nova/release-profiles.js';

export interface FlavorShape {
  vcpus: number;
  ramMiB: number;
  diskGiB: number;
  /** Share of requests (p_f in the FGD measure). */
  share: number;
}

export interface CapacitySample {
  hostsUp: number;
  ramUsedMiB: number;
  ramFreeMiB: number;
  ramCapMiB: number;
  largestFreeRamMiB: number;
  novaVisibleFreeRamMiB: number;
  phantomRamMiB: number;
  fragIndex: number;
  strandedRamFrac: number;
  imbalance: number;
}

/** A host's RAM limit for metrics: its enforced limit, or its physical RAM when nothing limits it. */
function ramLimit(host: PhysicalHost): number {
  return Number.isFinite(host.capRamMiB) ? host.capRamMiB : host.ramMiB;
}

/** One full scan of hosts and nodes: the reference the incremental CapacitySampler must equal exactly. */
export function sampleCapacity(
  hosts: readonly PhysicalHost[],
  nodes: readonly ComputeNode[],
  config: NovaConfig,
  flavors: readonly FlavorShape[],
  now: number,
): CapacitySample {
  let hostsUp = 0, used = 0, free = 0, cap = 0, largest = 0, strandedAll = 0;
  let utilSum = 0, utilSq = 0;
  const strandedByFlavor = new Float64Array(flavors.length);
  for (const host of hosts) {
    if (!host.up) continue;
    hostsUp++;
    const limit = ramLimit(host);
    const hostFree = Math.max(0, limit - host.usedRamMiB);
    used += host.usedRamMiB;
    free += hostFree;
    cap += limit;
    if (hostFree > largest) largest = hostFree;
    const util = limit > 0 ? host.usedRamMiB / limit : 0;
    utilSum += util;
    utilSq += util * util;
    let anyFits = false;
    for (let f = 0; f < flavors.length; f++) {
      const flavor = flavors[f];
      if (host.fits(flavor.vcpus, flavor.ramMiB, flavor.diskGiB)) anyFits = true;
      else strandedByFlavor[f] += hostFree;
    }
    if (!anyFits) strandedAll += hostFree;
  }
  let fragIndex = 0;
  if (free > 0) for (let f = 0; f < flavors.length; f++) fragIndex += flavors[f].share * (strandedByFlavor[f] / free);
  let novaVisible = 0, phantom = 0;
  for (const node of nodes) {
    if (!node.serviceUp(now, config.serviceDownTime)) continue;
    const visible = Math.max(0, novaVisibleFreeRamMiB(node, config));
    novaVisible += visible;
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
    largestFreeRamMiB: largest,
    novaVisibleFreeRamMiB: novaVisible,
    phantomRamMiB: phantom,
    fragIndex,
    strandedRamFrac: free > 0 ? strandedAll / free : 0,
    imbalance: hostsUp > 0 ? Math.sqrt(Math.max(0, utilSq / hostsUp - mean * mean)) : 0,
  };
}

/**
 * The same computation as a reusable object that keeps each host's contribution (free RAM, limit, utilisation,
 * which flavors do not fit) in typed arrays and recomputes only the hosts that changed since the last sample
 * (PhysicalHost.onChange). The sums still run over every host in host order with the same arithmetic as
 * sampleCapacity, so the values are identical and do not depend on history — but a sample costs a few ns per host.
 *
 * Sums whose terms are all integers (RAM used, free, limit, stranded RAM, hosts up, Nova-visible and phantom RAM in
 * the usual configurations) are exact in any order as long as no partial sum reaches 2^53, so those are kept as
 * running totals updated by each refresh (new − old) and not re-summed per sample. Every refreshed term is checked:
 * the first non-integer or too-large term switches the totals off for the rest of the run and the loops decide, so
 * the values never depend on the shortcut. Only utilisation (a ratio) and the largest free RAM still loop per host.
 */
export class CapacitySampler {
  private readonly flavorVcpus: Float64Array;
  private readonly flavorRamMiB: Float64Array;
  private readonly flavorDiskGiB: Float64Array;
  private readonly strandedByFlavor: Float64Array;
  // Each host's contribution to each sum, 0 when the host is down, so sample() adds without branching: adding +0
  // to a sum that starts at +0 leaves it unchanged bit for bit, hence the same values as sampleCapacity.
  private readonly hostUp: Uint8Array;
  private readonly hostUsed: Float64Array;
  private readonly hostFree: Float64Array;
  private readonly hostLimit: Float64Array;
  private readonly hostUtil: Float64Array;
  /** Free RAM of the host when no flavor fits on it, else 0. */
  private readonly hostStrandedAll: Float64Array;
  /** hostStranded[f × hosts + h]: free RAM of host h when flavor f does not fit on it, else 0; rows padded to a
   *  multiple of four flavors with zeros. */
  private readonly hostStranded: Float64Array;
  private readonly nodeVisible: Float64Array;
  private readonly nodePhantom: Float64Array;
  private readonly nodeDisabled: Uint8Array;
  private readonly nodeHeartbeat: Float64Array;
  private readonly nodeDirty: Uint8Array;
  private readonly nodeDirtyList: Int32Array;
  private nodeDirtyCount = 0;
  /** Compute node of each host (from the nodes' host lists), −1 when none. */
  private readonly nodeOfHost: Int32Array;
  private readonly dirty: Uint8Array;
  private readonly dirtyList: Int32Array;
  private dirtyCount = 0;
  /** False when another listener owns the hosts' onChange: every host is recomputed at every sample. */
  private readonly tracking: boolean;
  // Running totals (see the class comment), valid while `exact`.
  private exact = true;
  /** Largest term allowed in a running total: n terms of at most this never reach 2^53. */
  private readonly maxExactTerm: number;
  private totalUp = 0;
  private totalUsed = 0;
  private totalFree = 0;
  private totalLimit = 0;
  private totalStrandedAll = 0;
  private readonly totalStranded: Float64Array;
  /** Visible and phantom RAM summed over nodes that pass serviceUp at any time (enabled, never lost a heartbeat). */
  private totalVisible = 0;
  private totalPhantom = 0;
  /** Nodes enabled but with a finite heartbeat: whether they count depends on `now`, so the node loop decides. */
  private nodesTimed = 0;
  /** Returned by sample(); overwritten by the next call. */
  private readonly result: CapacitySample = {
    hostsUp: 0, ramUsedMiB: 0, ramFreeMiB: 0, ramCapMiB: 0, largestFreeRamMiB: 0, novaVisibleFreeRamMiB: 0,
    phantomRamMiB: 0, fragIndex: 0, strandedRamFrac: 0, imbalance: 0,
  };

  constructor(
    private readonly hosts: readonly PhysicalHost[],
    private readonly nodes: readonly ComputeNode[],
    private readonly config: NovaConfig,
    private readonly flavors: readonly FlavorShape[],
  ) {
    const n = hosts.length;
    this.flavorVcpus = Float64Array.from(flavors, (f) => f.vcpus);
    this.flavorRamMiB = Float64Array.from(flavors, (f) => f.ramMiB);
    this.flavorDiskGiB = Float64Array.from(flavors, (f) => f.diskGiB);
    this.strandedByFlavor = new Float64Array(flavors.length);
    this.totalStranded = new Float64Array(flavors.length);
    this.hostUp = new Uint8Array(n);
    this.hostUsed = new Float64Array(n);
    this.hostFree = new Float64Array(n);
    this.hostLimit = new Float64Array(n);
    this.hostUtil = new Float64Array(n);
    this.hostStrandedAll = new Float64Array(n);
    this.hostStranded = new Float64Array(n * Math.ceil(flavors.length / 4) * 4);
    this.dirty = new Uint8Array(n).fill(1);
    this.dirtyList = new Int32Array(n);
    for (let h = 0; h < n; h++) this.dirtyList[h] = h;
    this.dirtyCount = n;
    const m = nodes.length;
    this.nodeVisible = new Float64Array(m);
    this.nodePhantom = new Float64Array(m);
    this.nodeDisabled = new Uint8Array(m);
    this.nodeHeartbeat = new Float64Array(m);
    this.nodeDirty = new Uint8Array(m).fill(1);
    this.nodeDirtyList = new Int32Array(m);
    for (let i = 0; i < m; i++) this.nodeDirtyList[i] = i;
    this.nodeDirtyCount = m;
    this.nodesTimed = m; // the zeroed arrays say: enabled, heartbeat 0
    this.maxExactTerm = Math.floor(2 ** 53 / (Math.max(n, m) + 1));
    this.nodeOfHost = new Int32Array(n).fill(-1);
    let hostsOk = hosts.every((host, h) => host.id === h && host.onChange === undefined);
    nodes.forEach((node, i) => {
      if (node.id !== i || node.onSampleChange !== undefined) hostsOk = false;
      for (const host of node.hosts) {
        if (host.id >= n || this.nodeOfHost[host.id] !== -1) hostsOk = false;
        else this.nodeOfHost[host.id] = i;
      }
    });
    this.tracking = hostsOk;
    if (this.tracking) {
      const markHost = (host: PhysicalHost) => {
        if (this.dirty[host.id] === 0) {
          this.dirty[host.id] = 1;
          this.dirtyList[this.dirtyCount++] = host.id;
        }
        const node = this.nodeOfHost[host.id];
        if (node >= 0) this.markNode(node);
      };
      for (const host of hosts) host.onChange = markHost;
      const markNode = (node: ComputeNode) => this.markNode(node.id);
      for (const node of nodes) node.onSampleChange = markNode;
    }
  }

  private markNode(i: number): void {
    if (this.nodeDirty[i] === 0) {
      this.nodeDirty[i] = 1;
      this.nodeDirtyList[this.nodeDirtyCount++] = i;
    }
  }

  /** A node's Nova-visible free RAM and phantom capacity (DESIGN.md), as sampleCapacity computes them. */
  private refreshNode(i: number): void {
    const node = this.nodes[i];
    const visible = Math.max(0, novaVisibleFreeRamMiB(node, this.config));
    let nodeLargest = 0;
    const nodeHosts = node.hosts;
    for (let k = 0; k < nodeHosts.length; k++) {
      const host = nodeHosts[k];
      if (host.up) nodeLargest = Math.max(nodeLargest, ramLimit(host) - host.usedRamMiB);
    }
    const phantom = Math.max(0, visible - nodeLargest);
    const disabled = node.serviceDisabled ? 1 : 0;
    const heartbeat = node.lastHeartbeat;
    if (this.exact) {
      if (!this.exactTerm(visible) || !this.exactTerm(phantom)) {
        this.exact = false;
      } else {
        if (this.nodeDisabled[i] === 0) {
          if (this.nodeHeartbeat[i] === Infinity) {
            this.totalVisible -= this.nodeVisible[i];
            this.totalPhantom -= this.nodePhantom[i];
          } else {
            this.nodesTimed--;
          }
        }
        if (disabled === 0) {
          if (heartbeat === Infinity) {
            this.totalVisible += visible;
            this.totalPhantom += phantom;
          } else {
            this.nodesTimed++;
          }
        }
      }
    }
    this.nodeVisible[i] = visible;
    this.nodePhantom[i] = phantom;
    this.nodeDisabled[i] = disabled;
    this.nodeHeartbeat[i] = heartbeat;
  }

  private exactTerm(x: number): boolean {
    return Number.isInteger(x) && Math.abs(x) <= this.maxExactTerm;
  }

  private refreshHost(h: number): void {
    const host = this.hosts[h];
    const usedRam = host.usedRamMiB, usedVcpus = host.usedVcpus, usedDisk = host.usedDiskGiB;
    const capRam = host.capRamMiB, capVcpus = host.capVcpus, capDisk = host.capDiskGiB;
    const up = host.up;
    const limit = Number.isFinite(capRam) ? capRam : host.ramMiB;
    const free = up ? Math.max(0, limit - usedRam) : 0;
    const usedTerm = up ? usedRam : 0, limitTerm = up ? limit : 0, upTerm = up ? 1 : 0;
    // Stranded terms are `free` or 0, so checking `free` covers them.
    let exact = this.exact && this.exactTerm(usedTerm) && this.exactTerm(limitTerm) && this.exactTerm(free);
    if (exact) {
      this.totalUp += upTerm - this.hostUp[h];
      this.totalUsed += usedTerm - this.hostUsed[h];
      this.totalLimit += limitTerm - this.hostLimit[h];
      this.totalFree += free - this.hostFree[h];
    } else {
      this.exact = false;
    }
    this.hostUp[h] = upTerm;
    this.hostUsed[h] = usedTerm;
    this.hostLimit[h] = limitTerm;
    this.hostFree[h] = free;
    this.hostUtil[h] = up && limit > 0 ? usedRam / limit : 0;
    const nf = this.flavorVcpus.length, fv = this.flavorVcpus, fr = this.flavorRamMiB, fd = this.flavorDiskGiB;
    let anyFits = false;
    const stranded = this.hostStranded, totalStranded = this.totalStranded, n = this.hosts.length;
    for (let f = 0; f < nf; f++) {
      const fits = usedVcpus + fv[f] <= capVcpus && usedRam + fr[f] <= capRam && usedDisk + fd[f] <= capDisk;
      if (fits) anyFits = true;
      const term = fits ? 0 : free;
      if (exact) totalStranded[f] += term - stranded[f * n + h];
      stranded[f * n + h] = term;
    }
    const strandedAllTerm = anyFits ? 0 : free;
    if (exact) this.totalStrandedAll += strandedAllTerm - this.hostStrandedAll[h];
    this.hostStrandedAll[h] = strandedAllTerm;
  }

  sample(now: number): CapacitySample {
    const n = this.hosts.length;
    if (!this.tracking) {
      for (let h = 0; h < n; h++) this.refreshHost(h);
      for (let i = 0; i < this.nodes.length; i++) this.refreshNode(i);
    } else {
      for (let i = 0; i < this.nodeDirtyCount; i++) {
        const node = this.nodeDirtyList[i];
        this.nodeDirty[node] = 0;
        this.refreshNode(node);
      }
      this.nodeDirtyCount = 0;
      for (let i = 0; i < this.dirtyCount; i++) {
        const h = this.dirtyList[i];
        this.dirty[h] = 0;
        this.refreshHost(h);
      }
      this.dirtyCount = 0;
    }
    const nf = this.flavorVcpus.length;
    const strandedByFlavor = this.strandedByFlavor;
    strandedByFlavor.fill(0);
    const up = this.hostUp, usedA = this.hostUsed, freeA = this.hostFree, limitA = this.hostLimit, utilA = this.hostUtil;
    const strandedAllA = this.hostStrandedAll;
    let hostsUp = 0, used = 0, free = 0, cap = 0, largest = 0, strandedAll = 0;
    let utilSum = 0, utilSq = 0;
    if (this.exact) {
      hostsUp = this.totalUp;
      used = this.totalUsed;
      free = this.totalFree;
      cap = this.totalLimit;
      strandedAll = this.totalStrandedAll;
      strandedByFlavor.set(this.totalStranded);
      for (let h = 0; h < n; h++) {
        const hostFree = freeA[h];
        if (hostFree > largest) largest = hostFree;
        const util = utilA[h];
        utilSum += util;
        utilSq += util * util;
      }
    } else for (let h = 0; h < n; h++) {
      hostsUp += up[h];
      const hostFree = freeA[h];
      used += usedA[h];
      free += hostFree;
      cap += limitA[h];
      if (hostFree > largest) largest = hostFree;
      const util = utilA[h];
      utilSum += util;
      utilSq += util * util;
      strandedAll += strandedAllA[h];
    }
    // Four flavors per pass (rows past the last flavor are zeros): four independent sums keep the adder busy.
    const stranded = this.hostStranded;
    for (let g = 0; g < nf && !this.exact; g += 4) {
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      const b0 = g * n, b1 = b0 + n, b2 = b1 + n, b3 = b2 + n;
      for (let h = 0; h < n; h++) {
        s0 += stranded[b0 + h];
        s1 += stranded[b1 + h];
        s2 += stranded[b2 + h];
        s3 += stranded[b3 + h];
      }
      strandedByFlavor[g] = s0;
      if (g + 1 < nf) strandedByFlavor[g + 1] = s1;
      if (g + 2 < nf) strandedByFlavor[g + 2] = s2;
      if (g + 3 < nf) strandedByFlavor[g + 3] = s3;
    }
    const flavors = this.flavors;
    let fragIndex = 0;
    if (free > 0) for (let f = 0; f < nf; f++) fragIndex += flavors[f].share * (strandedByFlavor[f] / free);
    let novaVisible = 0, phantom = 0;
    const serviceDownTime = this.config.serviceDownTime;
    const disabled = this.nodeDisabled, heartbeat = this.nodeHeartbeat, visibleA = this.nodeVisible, phantomA = this.nodePhantom;
    if (this.exact && this.nodesTimed === 0) {
      novaVisible = this.totalVisible;
      phantom = this.totalPhantom;
    } else for (let i = 0; i < this.nodes.length; i++) {
      // ComputeNode.serviceUp, on the cached fields: the one part that depends on `now`.
      if (disabled[i] === 1 || !(now - heartbeat[i] <= serviceDownTime)) continue;
      novaVisible += visibleA[i];
      phantom += phantomA[i];
    }
    const mean = hostsUp > 0 ? utilSum / hostsUp : 0;
    const r = this.result;
    r.hostsUp = hostsUp;
    r.ramUsedMiB = used;
    r.ramFreeMiB = free;
    r.ramCapMiB = cap;
    r.largestFreeRamMiB = largest;
    r.novaVisibleFreeRamMiB = novaVisible;
    r.phantomRamMiB = phantom;
    r.fragIndex = fragIndex;
    r.strandedRamFrac = free > 0 ? strandedAll / free : 0;
    r.imbalance = hostsUp > 0 ? Math.sqrt(Math.max(0, utilSq / hostsUp - mean * mean)) : 0;
    return r;
  }
}
