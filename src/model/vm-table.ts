// The world's live VMs by id, with the part of Map's interface the model uses (get, has, set, delete, size,
// values() in insertion order). Each live VM takes a slot in dense arrays (its Vm, its insertion sequence) that a free
// list reuses, and VM ids, handed out in arrival order, find their slot through pages of PAGE int32s: a lookup is
// three array reads instead of a hash, and a page is dropped once none of its VMs is live. A page lives as long as
// the longest-lived VM among its PAGE ids, several times a typical lifetime, so a page entry is 4 bytes rather than
// a pointer and a sequence number: the table's memory is mostly the dense slots, which follow the live VMs.
// values() (and valuesOnce(), the horizon's) sorts the live entries by insertion order, exactly as a Map iterates.
// An entry may also be kept without its Vm (dropObject): the id stays live, and the first get() rebuilds the object
// from the VM's record and keeps it from then on, so every caller sees one object per VM.

import { grown } from '../engine/typed-arrays.js';
import type { Vm } from './vm.js';

const PAGE_BITS = 10;
const PAGE = 1 << PAGE_BITS;
const INITIAL_SLOTS = 1024;

export class VmTable {
  /** Per page of ids: each id's slot + 1, 0 when the id is not live. One placeholder entry, not none
   *  (docs/performance.md, "stable shapes"). */
  private readonly pages: (Int32Array | undefined)[] = [undefined];
  /** Live ids per page. */
  private readonly pageLive: number[] = [0];
  /** The Vm in each slot (undefined when free, or when dropped: then recordSlots says where to rebuild it from). */
  private readonly slots: (Vm | undefined)[] = [];
  /** Per slot whose Vm was dropped, the VM's record slot (World.records). */
  private recordSlots = new Int32Array(INITIAL_SLOTS);
  /** Insertion sequence of each slot's entry (Map order: a set on a present id keeps its place). */
  private order = new Float64Array(INITIAL_SLOTS);
  private free = new Int32Array(INITIAL_SLOTS);
  private freeCount = 0;
  private count = 0;
  private sequence = 0;

  /** `rebuild` makes a dropped entry's Vm from its record slot (needed only by tables that drop objects). */
  constructor(private readonly rebuild?: (recordSlot: number) => Vm) {}

  get size(): number {
    return this.count;
  }

  get(id: number): Vm | undefined {
    const page = this.pages[id >>> PAGE_BITS];
    if (page === undefined) return undefined;
    const slot = page[id & (PAGE - 1)];
    if (slot === 0) return undefined;
    const vm = this.slots[slot - 1];
    return vm === undefined ? this.rebuilt(slot - 1) : vm;
  }

  /**
   * Forgets the live VM's object but keeps its entry (and place in the order): get() rebuilds the object from record
   * slot `recordSlot` when someone asks for it. The caller has made that record complete (VmRecords.keepObjectFields).
   */
  dropObject(id: number, recordSlot: number): void {
    if (this.rebuild === undefined) throw new Error('VmTable.dropObject: this table cannot rebuild objects');
    const page = this.pages[id >>> PAGE_BITS];
    const slot = page === undefined ? 0 : page[id & (PAGE - 1)];
    if (slot === 0) throw new Error(`VmTable.dropObject: vm ${id} is not live`);
    this.slots[slot - 1] = undefined;
    this.recordSlots[slot - 1] = recordSlot;
  }

  /** Whether the id is live (without rebuilding a dropped object). */
  has(id: number): boolean {
    const page = this.pages[id >>> PAGE_BITS];
    return page !== undefined && page[id & (PAGE - 1)] !== 0;
  }

  set(id: number, vm: Vm): this {
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
    if (page[i] === 0) {
      const slot = this.takeSlot();
      page[i] = slot + 1;
      this.order[slot] = this.sequence++;
      this.slots[slot] = vm;
      this.pageLive[p]++;
      this.count++;
    } else {
      this.slots[page[i] - 1] = vm;
    }
    return this;
  }

  delete(id: number): boolean {
    const p = id >>> PAGE_BITS;
    const page = this.pages[p];
    if (page === undefined) return false;
    const i = id & (PAGE - 1);
    const slot = page[i] - 1;
    if (slot < 0) return false;
    page[i] = 0;
    this.slots[slot] = undefined;
    this.free[this.freeCount++] = slot;
    this.count--;
    if (--this.pageLive[p] === 0) this.pages[p] = undefined;
    return true;
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
    for (const slot of this.liveSlotsInOrder()) {
      yield this.slots[slot] ?? (this.rebuild as (recordSlot: number) => Vm)(this.recordSlots[slot]);
    }
  }

  /** The live entries' slots in insertion order. */
  private liveSlotsInOrder(): number[] {
    const live: number[] = [];
    for (const page of this.pages) {
      if (page === undefined) continue;
      for (let i = 0; i < PAGE; i++) if (page[i] !== 0) live.push(page[i] - 1);
    }
    const order = this.order;
    live.sort((a, b) => order[a] - order[b]);
    return live;
  }

  /** The dropped Vm of a live slot, rebuilt and kept. */
  private rebuilt(slot: number): Vm {
    const vm = (this.rebuild as (recordSlot: number) => Vm)(this.recordSlots[slot]);
    this.slots[slot] = vm;
    return vm;
  }

  /** A free slot, or a new one at the end (the typed arrays double when full). */
  private takeSlot(): number {
    if (this.freeCount > 0) return this.free[--this.freeCount];
    const slot = this.slots.length;
    if (slot === this.order.length) {
      this.order = grown(this.order, 2 * slot);
      this.free = grown(this.free, 2 * slot);
      this.recordSlots = grown(this.recordSlots, 2 * slot);
    }
    this.slots.push(undefined);
    return slot;
  }
}
