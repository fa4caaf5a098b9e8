// Reads ahead what the departures about to run will wait for. A departure's VM was placed about a simulated day
// earlier; at tens of thousands of hosts its record, its host, its compute node and the host's residency have left the
// cache by then, and a departure handled alone waits for each in turn (the host's node id is in the host, the node's
// driver in the node). When the event queue moves a bucket of events into its heap, these departures run next: read
// their lines then, so that the misses of many departures overlap and each departure finds its lines in cache when it
// runs. The reads go in stages, one short loop per link of the chain (records, then hosts, then nodes and residency):
// within a stage no load waits for another, so the processor has the misses of many departures in flight at once,
// where one loop over whole chains would hold only the few that fit in its window of instructions.

import type { EventPrefetcher } from '../engine/event-queue.js';
import { grown } from '../engine/typed-arrays.js';
import type { RunContext } from './run-context.js';

/** Someone a departure tells through the host's or node's listeners, reading ahead what it will touch then. */
export interface DepartureReadAhead {
  /** Reads what a change of the host (and of its compute node, −1 when none) will touch; returns what it read. */
  touchHost(hostId: number, nodeId: number): number;
}

export class DeparturePrefetcher implements EventPrefetcher {
  /** What the reads returned, kept so that the compiler keeps the reads; never used otherwise (NaN: a double field
   *  from the first run, docs/performance.md, "stable shapes"). */
  touched = NaN;
  /** The capacity sampler, once it listens: a departure marks its host and node there. */
  listener: DepartureReadAhead | undefined = undefined;
  // The bucket's departures, collected as the queue tells of them: VM id, record slot, then host id and node id.
  private vmIds = new Int32Array(64);
  private slots = new Int32Array(64);
  private hostIds = new Int32Array(64);
  private count = 0;

  constructor(private readonly context: RunContext, private readonly departureKind: number) {}

  prefetch(kind: number, vmId: number, slot: number): void {
    if (kind !== this.departureKind) return;
    const n = this.count;
    if (n === this.slots.length) {
      this.vmIds = grown(this.vmIds, 2 * n);
      this.slots = grown(this.slots, 2 * n);
      this.hostIds = grown(this.hostIds, 2 * n);
    }
    this.vmIds[n] = vmId;
    this.slots[n] = slot;
    this.count = n + 1;
  }

  told(): void {
    const n = this.count;
    if (n === 0) return;
    this.count = 0;
    const world = this.context.world, records = world.records, hosts = world.hosts, nodes = this.context.nodes;
    const vmIds = this.vmIds, slots = this.slots, hostIds = this.hostIds;
    // The records: which host each departure frees (none when the slot moved on or the VM is down and off its host),
    // and each slot's cold part, which the arrival that takes the freed slot next writes.
    let touched = 0;
    for (let i = 0; i < n; i++) {
      const slot = slots[i];
      hostIds[i] = records.id(slot) === vmIds[i] ? records.host(slot) : -1;
      touched += records.touchCold(slot);
    }
    // The hosts: their objects, and the node each one's departure goes to next (kept where the slot was).
    for (let i = 0; i < n; i++) {
      const hostId = hostIds[i];
      if (hostId < 0) continue;
      const host = hosts[hostId];
      touched += host.changes;
      slots[i] = host.computeNode;
    }
    // The nodes, the hosts' usage (doubles live in boxes of their own, apart from the object: the first and last),
    // the residency bookkeeping and the listener's marks.
    const listener = this.listener;
    for (let i = 0; i < n; i++) {
      const hostId = hostIds[i];
      if (hostId < 0) continue;
      const nodeId = slots[i], host = hosts[hostId], node = nodes[nodeId];
      // The limits' line too: a placement on the freed host checks them (PhysicalHost.fits).
      touched += host.usedVcpus + host.usedDiskGiB + host.reservableRamMiB + world.residencyTouch(hostId);
      if (node !== undefined) {
        touched += node.numInstances + node.usedVcpus + node.usedDiskGiB + node.lastHeartbeat;
        if (node.driver === undefined) touched++;
      }
      if (listener !== undefined) touched += listener.touchHost(hostId, node !== undefined ? nodeId : -1);
    }
    this.touched += touched;
  }
}
