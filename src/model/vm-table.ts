// The world's live VMs by id, with the part of Map's interface the model uses (get, has, set, delete, size,
// values() in insertion order). Each live VM sits in its record's slot (VmRecords): the Vm object in a dense array
// indexed by that slot, its insertion sequence in the record itself, so that adding a VM writes the cache line its
// record already brought in rather than lines of arrays of its own. VM ids, handed out in arrival order, find their
// slot through pages of PAGE int32s: a lookup is three array reads instead of a hash, and a page is dropped once none
// of its VMs is live. A page lives as long as the longest-lived VM among its PAGE ids, several times a typical
// lifetime, so a page entry is 4 bytes rather than a pointer and a sequence number.
// values() (and valuesOnce(), the horizon's) sorts the live entries by insertion order, exactly as a Map iterates.
// An entry may also be kept without its Vm (dropObject): the id stays live, and the first get() rebuilds the object
// from the VM's record and keeps it from then on, so every caller sees one object per VM. A departure's deletion
// leaves the id's page entry as it is (deleteAt): an entry counts only while its slot still holds that id's VM.

import type { Vm } from './vm.js';
import type { VmRecords } from './vm-records.js';

const PAGE_BITS = 10;
const PAGE = 1 << PAGE_BITS;

export class VmTable {
  /** Per page of ids: each id's record slot + 1, 0 when the id is not live. One placeholder entry, not none
   *  (docs/performance.md, "stable shapes"). */
  private readonly pages: (Int32Array | undefined)[] = [undefined];
  /** Live ids per page. */
  private readonly pageLive: number[] = [0];
  /** The Vm in each record slot: undefined when no live entry is there, null when its object was dropped. One
   *  placeholder entry, not none (docs/performance.md, "stable shapes"). */
  private readonly slots: (Vm | null | undefined)[] = [undefined];
  private count = 0;
  private sequence = 0;

  /** `records` holds each entry's record (its slot is the entry's) and rebuilds dropped objects from it. */
  constructor(private readonly records: VmRecords) {}

  get size(): number {
    return this.count;
  }

  get(id: number): Vm | undefined {
    const page = this.pages[id >>> PAGE_BITS];
    if (page === undefined) return undefined;
    const slot = page[id & (PAGE - 1)] - 1;
    if (slot < 0) return undefined;
    const vm = this.slots[slot];
    if (vm === undefined) return undefined;
    if (vm !== null) return vm.id === id ? vm : undefined;
    return this.records.id(slot) === id ? this.rebuilt(slot) : undefined;
  }

  /**
   * Forgets the live VM's object but keeps its entry (and place in the order): get() rebuilds the object from its
   * record when someone asks for it. The caller has made that record complete (VmRecords.keepObjectFields).
   */
  dropObject(id: number): void {
    const slot = this.liveSlot(id);
    if (slot < 0) throw new Error(`VmTable.dropObject: vm ${id} is not live`);
    this.slots[slot] = null;
  }

  /**
   * The live id's record slot, −1 when the id is not live; objectAt(slot) then gives its Vm, or null when the world
   * keeps it as its record only, and runningAt / memReservationAt / cpuReservationAt read it either way. For loops that
   * read a few fields of many VMs and should not rebuild their objects.
   */
  slotOf(id: number): number {
    return this.liveSlot(id);
  }

  /** Whether the id is live (without rebuilding a dropped object). */
  has(id: number): boolean {
    return this.liveSlot(id) >= 0;
  }

  /**
   * The id's slot when it is live, else −1. A page entry may be stale (deleteAt leaves it): it is live while its slot
   * holds the id's object, or a dropped object (null) and the id's record.
   */
  private liveSlot(id: number): number {
    const page = this.pages[id >>> PAGE_BITS];
    if (page === undefined) return -1;
    const slot = page[id & (PAGE - 1)] - 1;
    if (slot < 0) return -1;
    const vm = this.slots[slot];
    if (vm === undefined) return -1;
    return (vm !== null ? vm.id === id : this.records.id(slot) === id) ? slot : -1;
  }

  /** Adds the VM with its record slot, or replaces the object of a live id (which keeps its slot and place). */
  set(id: number, vm: Vm, slot: number): this {
    if (!(Number.isInteger(id) && id >= 0 && id < 2 ** 31)) throw new RangeError(`VmTable: id ${id} is not a non-negative int32`);
    const p = id >>> PAGE_BITS;
    while (this.pages.length <= p) {
      this.pages.push(undefined);
      this.pageLive.push(0);
    }
    let page = this.pages[p];
    if (page === undefined) {
      page = new Int32Array(PAGE);
      this.pages[p] = page;
    }
    const i = id & (PAGE - 1);
    if (this.liveSlot(id) < 0) {
      if (this.sequence === 2 ** 31 - 1) throw new RangeError('VmTable: more than 2^31 − 1 VMs added');
      page[i] = slot + 1;
      this.records.setOrder(slot, this.sequence++);
      const slots = this.slots;
      while (slots.length <= slot) slots.push(undefined);
      slots[slot] = vm;
      this.pageLive[p]++;
      this.count++;
    } else {
      if (page[i] !== slot + 1) throw new Error(`VmTable.set: vm ${id} is live in slot ${page[i] - 1}, not ${slot}`);
      this.slots[slot] = vm;
    }
    return this;
  }

  delete(id: number): boolean {
    const slot = this.liveSlot(id);
    if (slot < 0) return false;
    (this.pages[id >>> PAGE_BITS] as Int32Array)[id & (PAGE - 1)] = 0;
    this.deleteAt(id, slot);
    return true;
  }

  /**
   * Deletes the live id whose slot is known (a departure's) without touching its page entry, which a departure would
   * wait for: the entry stays, stale (its slot empty or another VM's), until its page holds no live id.
   */
  deleteAt(id: number, slot: number): void {
    const p = id >>> PAGE_BITS;
    this.slots[slot] = undefined;
    this.count--;
    if (--this.pageLive[p] === 0) this.pages[p] = undefined;
  }

  /** Live VMs in insertion order (as Map.prototype.values). Collected in id order, which is nearly insertion order
   *  (ids are handed out in arrival order), so the sort has little to do; slots, reused, are in no order. */
  values(): IterableIterator<Vm> {
    return this.liveSlotsInOrder().map((slot) => this.slots[slot] ?? this.rebuilt(slot))[Symbol.iterator]();
  }

  /**
   * values() for a last pass over the live VMs (the horizon's): a dropped entry's Vm is rebuilt for the pass but not
   * kept, so each dies young instead of all of them living until the pass ends; get() afterwards would rebuild
   * another object.
   */
  *valuesOnce(): Generator<Vm, void, undefined> {
    for (const slot of this.liveSlotsInOrder()) yield this.slots[slot] ?? this.records.vm(slot);
  }

  /** The Vm of a live slot, null when its object was dropped (the record holds the VM). */
  objectAt(slot: number): Vm | null {
    return this.slots[slot] as Vm | null;
  }

  // What a live slot's VM holds outside its record, without rebuilding a dropped object: a VM kept as its record only
  // is running and has every side field at its default, reservations included (World.keepAsRecord takes only such).

  /** Whether the live slot's VM is running. */
  runningAt(slot: number): boolean {
    const vm = this.slots[slot] as Vm | null;
    return vm === null || vm.state === 'running';
  }

  /** The live slot's VM's memory reservation (MiB). */
  memReservationAt(slot: number): number {
    const vm = this.slots[slot] as Vm | null;
    return vm === null ? 0 : vm.memReservationMiB;
  }

  /** The live slot's VM's CPU reservation (MHz). */
  cpuReservationAt(slot: number): number {
    const vm = this.slots[slot] as Vm | null;
    return vm === null ? 0 : vm.cpuReservationMhz;
  }

  /** The live entries' slots in insertion order. */
  liveSlotsInOrder(): number[] {
    const live: number[] = [];
    for (let p = 0; p < this.pages.length; p++) {
      const page = this.pages[p];
      if (page === undefined) continue;
      for (let i = 0; i < PAGE; i++) {
        if (page[i] === 0) continue;
        const slot = this.liveSlot((p << PAGE_BITS) | i);
        if (slot >= 0) live.push(slot);
      }
    }
    const records = this.records;
    live.sort((a, b) => records.order(a) - records.order(b));
    return live;
  }

  /** The dropped Vm of a live slot, rebuilt and kept. */
  private rebuilt(slot: number): Vm {
    const vm = this.records.vm(slot);
    this.slots[slot] = vm;
    return vm;
  }
}
