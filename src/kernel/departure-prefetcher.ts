// Reads ahead what the departures about to run will wait for. A departure's VM was placed about a simulated day
// earlier; at tens of thousands of hosts its record, its host, its compute node and the host's residency have left the
// cache by then, and a departure handled alone waits for each in turn (the host's node id is in the host, the node's
// driver in the node). When the event queue moves a bucket of events into its heap, these departures run next: read
// their lines then, all in one loop, so that the misses of many departures overlap and each departure finds its
// lines in cache when it runs.

import type { EventPrefetcher } from '../engine/event-queue.js';
import type { RunContext } from './run-context.js';

export class DeparturePrefetcher implements EventPrefetcher {
  /** What the reads returned, kept so that the compiler keeps the reads; never used otherwise. */
  touched = 0;

  constructor(private readonly context: RunContext, private readonly departureKind: number) {}

  prefetch(kind: number, vmId: number, slot: number): void {
    if (kind !== this.departureKind) return;
    const world = this.context.world, records = world.records;
    if (records.id(slot) !== vmId) return;
    const hostId = records.host(slot);
    if (hostId < 0) return; // down and off its host: the departure frees no host
    const host = world.hosts[hostId];
    const node = this.context.nodes[host.computeNode];
    // Usage fields that hold doubles live in boxes of their own, apart from the object: read the first and last.
    let touched = records.vcpus(slot) + host.changes + host.usedVcpus + host.reservedMhz + world.residencyTouch(hostId);
    if (node !== undefined) {
      touched += node.numInstances + node.usedVcpus + node.usedDiskGiB;
      if (node.driver === undefined) touched++;
    }
    this.touched += touched;
  }
}
