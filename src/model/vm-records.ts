// A compact record of each VM the world holds: the host it was first placed on while it stays there, its flavor,
// server group, counted flag and arrival. Records sit in dense typed arrays whose slots are reused through a free
// list, so their memory follows the live VMs and they stay in the processor's caches, unlike Vm objects: a VM lives
// about a day of simulated time, and a departure that loads its object waits for memory (World.plainHost).

import { grown } from '../engine/typed-arrays.js';

const INITIAL_SLOTS = 1024;

export class VmRecords {
  /** VM id of each slot, −1 when the slot is free (a departure event checks that its slot still holds its VM). */
  id: Int32Array;
  /** See World.plainHost: the host, or −1. */
  plainHost: Int32Array;
  flavor: Int32Array;
  serverGroup: Int32Array;
  counted: Uint8Array;
  arrival: Float64Array;
  private free: Int32Array;
  private freeCount = 0;
  private used = 0;

  constructor() {
    const n = INITIAL_SLOTS;
    this.id = new Int32Array(n).fill(-1);
    this.plainHost = new Int32Array(n);
    this.flavor = new Int32Array(n);
    this.serverGroup = new Int32Array(n);
    this.counted = new Uint8Array(n);
    this.arrival = new Float64Array(n);
    this.free = new Int32Array(n);
  }

  /** Takes a slot for a VM; its fields are the caller's to fill. */
  add(id: number): number {
    let slot: number;
    if (this.freeCount > 0) {
      slot = this.free[--this.freeCount];
    } else {
      if (this.used === this.id.length) this.grow();
      slot = this.used++;
    }
    this.id[slot] = id;
    return slot;
  }

  /** Frees a VM's slot. */
  remove(slot: number): void {
    this.id[slot] = -1;
    this.free[this.freeCount++] = slot;
  }

  private grow(): void {
    const old = this.id.length, n = 2 * old;
    this.id = grown(this.id, n).fill(-1, old);
    this.plainHost = grown(this.plainHost, n);
    this.flavor = grown(this.flavor, n);
    this.serverGroup = grown(this.serverGroup, n);
    this.counted = grown(this.counted, n);
    this.arrival = grown(this.arrival, n);
    this.free = grown(this.free, n);
  }
}
