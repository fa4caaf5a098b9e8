// A compact record of each VM the world holds: the host it is placed on, its resources, server group, counted flag,
// arrival, since when it is down, whether its recovery was given up, and its place in the world's VmTable. Records
// sit in one dense buffer whose slots are reused through a free list, so their memory follows the live VMs, unlike
// Vm objects: a VM lives about a day of simulated time, and a departure that loads its object waits for memory. A
// slot's fields share one 64-byte stretch of that buffer (a float64 view and an int32 view of it), so a departure,
// which reads them all, waits for one or two adjacent cache lines (JavaScript cannot ask for a 64-byte-aligned
// buffer) rather than one per field. The world and the VM lifecycle keep each record equal to its Vm's fields, so a
// departure needs the record alone (see docs/performance.md). A second, colder buffer holds what else it takes to
// rebuild a running VM's Vm object (flavor, lifetime, HA priority, attempts, compute node), for a world that keeps
// such VMs as records only (World.keepAsRecord).

import { Vm } from './vm.js';

const INITIAL_SLOTS = 1024;
/** One record: 8 float64 = 16 int32 = 64 bytes. */
const F64_STRIDE = 8;
const I32_STRIDE = 16;
// float64 fields (index within the slot's 8)
const VCPUS = 0;
const RAM_MIB = 1;
const DISK_GIB = 2;
const ARRIVAL = 3;
const DOWN_SINCE = 4;
// int32 fields (index within the slot's 16; 10.. lie past the five float64 fields)
const ID = 10;
const HOST = 11;
const SERVER_GROUP = 12;
const COUNTED = 13;
const GAVE_UP = 14;
/** The VM's insertion sequence in the world's VmTable (which keeps its entries in the records' slots). */
const ORDER = 15;
/** The cold part of a record: 4 float64 = 8 int32 = 32 bytes. */
const COLD_F64_STRIDE = 4;
const COLD_I32_STRIDE = 8;
// cold float64 fields
const LIFETIME = 0;
// cold int32 fields (2.. lie past the lifetime)
const FLAVOR = 2;
const HA_PRIORITY = 3;
const ATTEMPTS = 4;
const COMPUTE_NODE = 5;

export class VmRecords {
  /** The records' float64 fields, F64_STRIDE per slot (arrivalIndex gives the arrival's position). */
  f64: Float64Array;
  private i32: Int32Array;
  /** The cold fields, COLD_F64_STRIDE float64 per slot; written only by keepObjectFields. */
  private coldF64: Float64Array;
  private coldI32: Int32Array;
  private free: Int32Array;
  private freeCount = 0;
  private used = 0;

  /** `expectedSlots`: the VMs the run is expected to hold at once, so that the buffers are not grown (and copied, and
   *  their memory touched anew) by doubling while the fleet fills; more are taken by doubling as before. */
  constructor(expectedSlots = 0) {
    const slots = expectedSlots > INITIAL_SLOTS ? Math.ceil(expectedSlots) : INITIAL_SLOTS;
    this.f64 = new Float64Array(slots * F64_STRIDE);
    this.i32 = new Int32Array(this.f64.buffer);
    this.coldF64 = new Float64Array(slots * COLD_F64_STRIDE);
    this.coldI32 = new Int32Array(this.coldF64.buffer);
    this.free = new Int32Array(slots);
    for (let slot = 0; slot < slots; slot++) this.i32[slot * I32_STRIDE + ID] = -1;
  }

  /** Takes a slot for a VM; its fields are the caller's to fill. */
  add(id: number): number {
    let slot: number;
    if (this.freeCount > 0) {
      slot = this.free[--this.freeCount];
    } else {
      if (this.used === this.free.length) this.grow();
      slot = this.used++;
    }
    this.i32[slot * I32_STRIDE + ID] = id;
    return slot;
  }

  /** Frees a VM's slot. */
  remove(slot: number): void {
    this.i32[slot * I32_STRIDE + ID] = -1;
    this.free[this.freeCount++] = slot;
  }

  /** Fills a slot just taken with add(): the VM's resources, server group, counted flag, down-since and given-up flag
   *  (the arrival goes in with Vm.arrivalInto(f64, arrivalIndex(slot)), and the host with setHost). */
  fill(slot: number, vcpus: number, ramMiB: number, diskGiB: number, serverGroup: number, counted: boolean,
    downSince: number, gaveUp: boolean): void {
    const f = slot * F64_STRIDE, i = slot * I32_STRIDE, f64 = this.f64, i32 = this.i32;
    f64[f + VCPUS] = vcpus;
    f64[f + RAM_MIB] = ramMiB;
    f64[f + DISK_GIB] = diskGiB;
    f64[f + DOWN_SINCE] = downSince;
    i32[i + SERVER_GROUP] = serverGroup;
    i32[i + COUNTED] = counted ? 1 : 0;
    i32[i + GAVE_UP] = gaveUp ? 1 : 0;
  }

  /** VM id of the slot, −1 when the slot is free (a departure event checks that its slot still holds its VM). */
  id(slot: number): number { return this.i32[slot * I32_STRIDE + ID]; }
  /** The host the VM is placed on (Vm.host), −1 when none. */
  host(slot: number): number { return this.i32[slot * I32_STRIDE + HOST]; }
  setHost(slot: number, host: number): void { this.i32[slot * I32_STRIDE + HOST] = host; }
  vcpus(slot: number): number { return this.f64[slot * F64_STRIDE + VCPUS]; }
  ramMiB(slot: number): number { return this.f64[slot * F64_STRIDE + RAM_MIB]; }
  diskGiB(slot: number): number { return this.f64[slot * F64_STRIDE + DISK_GIB]; }
  serverGroup(slot: number): number { return this.i32[slot * I32_STRIDE + SERVER_GROUP]; }
  counted(slot: number): boolean { return this.i32[slot * I32_STRIDE + COUNTED] === 1; }
  arrival(slot: number): number { return this.f64[slot * F64_STRIDE + ARRIVAL]; }
  /** Where the slot's arrival sits in `f64`. */
  arrivalIndex(slot: number): number { return slot * F64_STRIDE + ARRIVAL; }
  /** When the VM went down (Vm.downSince), −1 while it runs. */
  downSince(slot: number): number { return this.f64[slot * F64_STRIDE + DOWN_SINCE]; }
  setDownSince(slot: number, time: number): void { this.f64[slot * F64_STRIDE + DOWN_SINCE] = time; }
  /** True while a recovery policy has given up on the VM's current outage (Vm.gaveUp). */
  gaveUp(slot: number): boolean { return this.i32[slot * I32_STRIDE + GAVE_UP] === 1; }
  setGaveUp(slot: number, gaveUp: boolean): void { this.i32[slot * I32_STRIDE + GAVE_UP] = gaveUp ? 1 : 0; }
  /** The VmTable's insertion sequence of the slot's VM (an int32). */
  order(slot: number): number { return this.i32[slot * I32_STRIDE + ORDER]; }
  setOrder(slot: number, order: number): void { this.i32[slot * I32_STRIDE + ORDER] = order; }

  /**
   * Writes the fields of a running VM's object that the record lacks, so that vm() can rebuild it; the VM's side
   * record (Vm.plain) must hold only defaults, and its record's other fields must be current.
   */
  keepObjectFields(vm: Vm): void {
    const c = vm.record * COLD_F64_STRIDE, i = vm.record * COLD_I32_STRIDE, coldI32 = this.coldI32;
    vm.lifetimeInto(this.coldF64, c + LIFETIME);
    coldI32[i + FLAVOR] = vm.flavor;
    coldI32[i + HA_PRIORITY] = vm.haPriority;
    coldI32[i + ATTEMPTS] = vm.attempts;
    coldI32[i + COMPUTE_NODE] = vm.computeNode;
  }

  /** Reads the slot's cold part and returns what it read (for read-ahead only: a freed slot is the next one taken, and
   *  keepObjectFields then writes there). */
  touchCold(slot: number): number {
    return this.coldI32[slot * COLD_I32_STRIDE + FLAVOR];
  }

  /** A running VM's object, rebuilt from the slot (after keepObjectFields): equal, field by field, to the one kept. */
  vm(slot: number): Vm {
    const f = slot * F64_STRIDE, i = slot * I32_STRIDE, c = slot * COLD_F64_STRIDE, ci = slot * COLD_I32_STRIDE;
    const f64 = this.f64, i32 = this.i32, coldI32 = this.coldI32;
    const vm = new Vm(i32[i + ID], coldI32[ci + FLAVOR], f64[f + VCPUS], f64[f + RAM_MIB], f64[f + DISK_GIB],
      f64[f + ARRIVAL], this.coldF64[c + LIFETIME], coldI32[ci + HA_PRIORITY], i32[i + COUNTED] === 1);
    vm.host = i32[i + HOST];
    vm.computeNode = coldI32[ci + COMPUTE_NODE];
    vm.attempts = coldI32[ci + ATTEMPTS];
    vm.record = slot;
    vm.serverGroup = i32[i + SERVER_GROUP];
    return vm;
  }

  private grow(): void {
    const old = this.free.length, n = 2 * old;
    const f64 = new Float64Array(n * F64_STRIDE);
    f64.set(this.f64);
    this.f64 = f64;
    this.i32 = new Int32Array(f64.buffer);
    for (let slot = old; slot < n; slot++) this.i32[slot * I32_STRIDE + ID] = -1;
    const coldF64 = new Float64Array(n * COLD_F64_STRIDE);
    coldF64.set(this.coldF64);
    this.coldF64 = coldF64;
    this.coldI32 = new Int32Array(coldF64.buffer);
    const free = new Int32Array(n);
    free.set(this.free);
    this.free = free;
  }
}
