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
