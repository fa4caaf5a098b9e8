// The outages covering each host: a host fails when its first outage starts and is repaired when its last one ends,
// whichever failure processes (failures/*-process.ts) they come from.

import type { RunContext } from '../kernel/run-context.js';
import type { GuestStart } from '../nova/guest-start.js';
import { failHost, isolateHost, reconnectHost, repairHost } from './fail-host.js';

export class Outages {
  private readonly count: Int32Array;
  /** Management-network isolations covering each host, counted apart from outages (the host stays up). */
  private readonly isolations: Int32Array;

  constructor(private readonly context: RunContext, private readonly guests: GuestStart) {
    this.count = new Int32Array(context.world.hosts.length);
    this.isolations = new Int32Array(context.world.hosts.length);
  }

  isolationStarts(hostId: number): void {
    if (this.isolations[hostId]++ === 0) isolateHost(this.context, this.context.world.hosts[hostId]);
  }

  isolationEnds(hostId: number): void {
    if (--this.isolations[hostId] === 0) reconnectHost(this.context, this.context.world.hosts[hostId]);
  }

  starts(hostId: number): void {
    if (this.count[hostId]++ === 0) failHost(this.context, this.context.world.hosts[hostId]);
  }

  ends(hostId: number): void {
    if (--this.count[hostId] === 0) repairHost(this.context, this.context.world.hosts[hostId], this.guests);
  }

  /** Schedules an event of a failure process if it falls within the horizon. */
  at(time: number, kind: number, a: number, b = 0): void {
    if (time <= this.context.scenario.horizon) this.context.sim.at(time, kind, a, b);
  }
}

