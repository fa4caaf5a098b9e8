// One look at capacity at a sample time: free RAM, fragmentation and imbalance on real hosts, and what Nova sees.
// Definitions in DESIGN.md "Metrics definitions"; computed only at sample times, never per event.

import type { PhysicalHost } from '../model/physical-host.js';
import type { ComputeNode } from '../nova/compute-node.js';
import { ramFilterFree } from '../nova/capacity.js';
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

export function sampleCapacity(
  hosts: readonly PhysicalHost[],
  nodes: readonly ComputeNode[],
  config: NovaConfig,
  flavors: readonly FlavorShape[],
  now: number,
): CapacitySample {
  return { ...new CapacitySampler(hosts, nodes, config, flavors).sample(now) };
}

/**
 * The same computation as a reusable object: flavor sizes in typed arrays, one scan of the hosts and one of the
 * compute nodes per sample, no allocation. The sums run in host order, so the values do not depend on history.
 */
export class CapacitySampler {
  private readonly flavorVcpus: Float64Array;
  private readonly flavorRamMiB: Float64Array;
  private readonly flavorDiskGiB: Float64Array;
  private readonly strandedByFlavor: Float64Array;
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
    this.flavorVcpus = Float64Array.from(flavors, (f) => f.vcpus);
    this.flavorRamMiB = Float64Array.from(flavors, (f) => f.ramMiB);
    this.flavorDiskGiB = Float64Array.from(flavors, (f) => f.diskGiB);
    this.strandedByFlavor = new Float64Array(flavors.length);
  }

  sample(now: number): CapacitySample {
    const hosts = this.hosts;
    const nf = this.flavorVcpus.length;
    const fv = this.flavorVcpus, fr = this.flavorRamMiB, fd = this.flavorDiskGiB;
    const strandedByFlavor = this.strandedByFlavor;
    strandedByFlavor.fill(0);
    let hostsUp = 0, used = 0, free = 0, cap = 0, largest = 0, strandedAll = 0;
    let utilSum = 0, utilSq = 0;
    for (let h = 0; h < hosts.length; h++) {
      const host = hosts[h];
      if (!host.up) continue;
      hostsUp++;
      const usedRam = host.usedRamMiB, usedVcpus = host.usedVcpus, usedDisk = host.usedDiskGiB;
      const capRam = host.capRamMiB, capVcpus = host.capVcpus, capDisk = host.capDiskGiB;
      const limit = Number.isFinite(capRam) ? capRam : host.ramMiB;
      const hostFree = Math.max(0, limit - usedRam);
      used += usedRam;
      free += hostFree;
      cap += limit;
      if (hostFree > largest) largest = hostFree;
      const util = limit > 0 ? usedRam / limit : 0;
      utilSum += util;
      utilSq += util * util;
      let anyFits = false;
      for (let f = 0; f < nf; f++) {
        if (usedVcpus + fv[f] <= capVcpus && usedRam + fr[f] <= capRam && usedDisk + fd[f] <= capDisk) anyFits = true;
        else strandedByFlavor[f] += hostFree;
      }
      if (!anyFits) strandedAll += hostFree;
    }
    const flavors = this.flavors;
    let fragIndex = 0;
    if (free > 0) for (let f = 0; f < nf; f++) fragIndex += flavors[f].share * (strandedByFlavor[f] / free);
    let novaVisible = 0, phantom = 0;
    const nodes = this.nodes, config = this.config, serviceDownTime = config.serviceDownTime;
    for (let n = 0; n < nodes.length; n++) {
      const node = nodes[n];
      if (!node.serviceUp(now, serviceDownTime)) continue;
      const visible = Math.max(0, ramFilterFree(node, config));
      novaVisible += visible;
      let nodeLargest = 0;
      const nodeHosts = node.hosts;
      for (let h = 0; h < nodeHosts.length; h++) {
        const host = nodeHosts[h];
        if (host.up) nodeLargest = Math.max(nodeLargest, ramLimit(host) - host.usedRamMiB);
      }
      phantom += Math.max(0, visible - nodeLargest);
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
