// A compact record of each VM the world holds: the host it is placed on, its resources, server group, counted flag,
// arrival, since when it is down and whether its recovery was given up. Records sit in dense typed arrays whose slots are reused through a free list, so
// their memory follows the live VMs and they stay in the processor's caches, unlike Vm objects: a VM lives about a
// day of simulated time, and a departure that loads its object waits for memory. The world and the VM lifecycle keep
// each record equal to its Vm's fields, so a departure needs the record alone (see docs/performance.md).

import { grown } from '../engine/typed-arrays.js';

const INITIAL_SLOTS = 1024;

export class VmRecords {
  /** VM id of each slot, −1 when the slot is free (a departure event checks that its slot still holds its VM). */
  id: Int32Array;
  /** The host the VM is placed on (Vm.host), −1 when none. */
  host: Int32Array;
  vcpus: Float64Array;
  ramMiB: Float64Array;
  diskGiB: Float64Array;
  serverGroup: Int32Array;
  counted: Uint8Array;
  arrival: Float64Array;
  /** When the VM went down (Vm.downSince), −1 while it runs. */
  downSince: Float64Array;
  /** 1 while a recovery policy has given up on the VM's current outage (Vm.gaveUp). */
  gaveUp: Uint8Array;
  private free: Int32Array;
  private freeCount = 0;
  private used = 0;

  constructor() {
    const n = INITIAL_SLOTS;
    this.id = new Int32Array(n).fill(-1);
    this.host = new Int32Array(n);
    this.vcpus = new Float64Array(n);
    this.ramMiB = new Float64Array(n);
    this.diskGiB = new Float64Array(n);
    this.serverGroup = new Int32Array(n);
    this.counted = new Uint8Array(n);
    this.arrival = new Float64Array(n);
    this.downSince = new Float64Array(n);
    this.gaveUp = new Uint8Array(n);
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
    this.host = grown(this.host, n);
    this.vcpus = grown(this.vcpus, n);
    this.ramMiB = grown(this.ramMiB, n);
    this.diskGiB = grown(this.diskGiB, n);
    this.serverGroup = grown(this.serverGroup, n);
    this.counted = grown(this.counted, n);
    this.arrival = grown(this.arrival, n);
    this.downSince = grown(this.downSince, n);
    this.gaveUp = grown(this.gaveUp, n);
    this.free = grown(this.free, n);
  }
}
