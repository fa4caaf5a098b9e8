// Hosts grouped by identical value vectors (a weighed shape's weigher values): every host of a group has the same
// score under any normalisation, so only the group's first host in host-list order can win, and a search over groups
// never has to tell tied hosts apart. A group lives in a slot (reused after the group empties); an open-addressing
// table finds a vector's slot and a binary min-heap per slot keeps its hosts, so the first one is read in O(1).

import { grown } from '../../engine/typed-arrays.js';

/** Bits of a double, for hashing (module scratch: one call at a time). */
const BITS = new Float64Array(1);
const WORDS = new Uint32Array(BITS.buffer);

export class ValueGroups {
  /** Slots available; grows by doubling (the caller resizes what it keeps per slot when `capacity` changes). */
  capacity = 16;
  /** Slot of each host, −1 when the host is in no group. */
  private readonly slotOf: Int32Array;
  /** A host's index in its slot's heap. */
  private readonly heapIndex: Int32Array;
  /** Per slot: its vector at values[slot × width + k], its heap of hosts, how many hosts it has (0: free). */
  values: Float64Array;
  private heaps: Int32Array[] = [];
  private counts: Int32Array;
  private freeSlots: Int32Array;
  private freeCount = 0;
  private used = 0;
  /** Whether the last find() created its slot. */
  created = false;
  /** Open addressing, linear probing: slot + 1, 0 when empty; its length a power of two ≥ 2 × capacity. */
  private table: Int32Array;

  constructor(hostCount: number, private readonly width: number) {
    this.slotOf = new Int32Array(hostCount).fill(-1);
    this.heapIndex = new Int32Array(hostCount);
    this.values = new Float64Array(this.capacity * width);
    this.counts = new Int32Array(this.capacity);
    this.freeSlots = new Int32Array(this.capacity);
    this.table = new Int32Array(this.capacity * 4);
  }

  slot(host: number): number {
    return this.slotOf[host];
  }

  /** The first host (smallest index) of a slot in use. */
  first(slot: number): number {
    return this.heaps[slot][0];
  }

  /** Whether the slot's vector is values[offset + k], bit for bit up to the sign of zero. */
  holds(slot: number, values: Float64Array, offset: number): boolean {
    const mine = this.values, base = slot * this.width;
    for (let k = 0; k < this.width; k++) if (mine[base + k] !== values[offset + k]) return false;
    return true;
  }

  /**
   * The slot holding this vector, created empty (count 0) when none does; `created` tells which. The caller then
   * adds hosts with add(). May grow `capacity`.
   */
  find(values: Float64Array, offset: number): number {
    const table = this.table, mask = table.length - 1;
    for (let i = this.hash(values, offset) & mask; ; i = (i + 1) & mask) {
      const entry = table[i];
      if (entry === 0) break;
      if (this.holds(entry - 1, values, offset)) {
        this.created = false;
        return entry - 1;
      }
    }
    if (this.used === this.capacity) this.grow();
    const slot = this.freeCount > 0 ? this.freeSlots[--this.freeCount] : this.used;
    this.used++;
    const base = slot * this.width;
    for (let k = 0; k < this.width; k++) this.values[base + k] = values[offset + k];
    this.insertEntry(slot);
    this.created = true;
    return slot;
  }

  /** Adds a host (in no group) to a slot; true when it became the slot's first host. */
  add(slot: number, host: number): boolean {
    let heap = this.heaps[slot];
    const n = this.counts[slot]++;
    if (heap === undefined || n === heap.length) heap = this.heaps[slot] = heap === undefined ? new Int32Array(4) : grown(heap, n * 2);
    this.slotOf[host] = slot;
    return this.siftUp(heap, n, host) === 0;
  }

  /**
   * Takes a host out of its group; returns 0 when the group still has its first host, 1 when its first host changed,
   * 2 when the group is now empty (its slot freed).
   */
  remove(host: number): 0 | 1 | 2 {
    const slot = this.slotOf[host];
    this.slotOf[host] = -1;
    const heap = this.heaps[slot];
    const n = --this.counts[slot];
    if (n === 0) {
      this.deleteEntry(slot);
      this.freeSlots[this.freeCount++] = slot;
      this.used--;
      return 2;
    }
    const index = this.heapIndex[host];
    const last = heap[n];
    if (index === n) return 0;
    // Put the last host where the removed one was, then restore the heap order in whichever direction it is broken.
    if (index > 0 && last < heap[(index - 1) >> 1]) this.siftUp(heap, index, last);
    else this.siftDown(heap, index, last, n);
    return index === 0 ? 1 : 0;
  }

  private siftUp(heap: Int32Array, index: number, host: number): number {
    while (index > 0) {
      const parent = (index - 1) >> 1;
      const above = heap[parent];
      if (above <= host) break;
      heap[index] = above;
      this.heapIndex[above] = index;
      index = parent;
    }
    heap[index] = host;
    this.heapIndex[host] = index;
    return index;
  }

  private siftDown(heap: Int32Array, index: number, host: number, n: number): void {
    for (;;) {
      let child = 2 * index + 1;
      if (child >= n) break;
      if (child + 1 < n && heap[child + 1] < heap[child]) child++;
      const below = heap[child];
      if (below >= host) break;
      heap[index] = below;
      this.heapIndex[below] = index;
      index = child;
    }
    heap[index] = host;
    this.heapIndex[host] = index;
  }

  private hash(values: Float64Array, offset: number): number {
    let h = 0x9e3779b9 | 0;
    for (let k = 0; k < this.width; k++) {
      const v = values[offset + k];
      BITS[0] = v === 0 ? 0 : v; // ±0 are one group (holds() says so): a score starts at +0, so a ±0 term changes no bit
      h = Math.imul(h ^ WORDS[0], 0x85ebca6b);
      h = Math.imul(h ^ WORDS[1], 0xc2b2ae35);
      h ^= h >>> 15;
    }
    return h;
  }

  private insertEntry(slot: number): void {
    const table = this.table, mask = table.length - 1;
    let i = this.hash(this.values, slot * this.width) & mask;
    while (table[i] !== 0) i = (i + 1) & mask;
    table[i] = slot + 1;
  }

  /** Removes a slot's entry, shifting later entries of its probe run back (no tombstones). */
  private deleteEntry(slot: number): void {
    const table = this.table, mask = table.length - 1, width = this.width;
    let i = this.hash(this.values, slot * width) & mask;
    while (table[i] !== slot + 1) i = (i + 1) & mask;
    for (let j = (i + 1) & mask; table[j] !== 0; j = (j + 1) & mask) {
      const home = this.hash(this.values, (table[j] - 1) * width) & mask;
      // Entry j may move to the hole at i when its home does not lie cyclically in (i, j].
      if (((j - home) & mask) >= ((j - i) & mask)) {
        table[i] = table[j];
        i = j;
      }
    }
    table[i] = 0;
  }

  private grow(): void {
    const capacity = this.capacity * 2;
    this.values = grown(this.values, capacity * this.width);
    this.counts = grown(this.counts, capacity);
    this.freeSlots = grown(this.freeSlots, capacity);
    this.table = new Int32Array(capacity * 4);
    this.capacity = capacity;
    for (let slot = 0; slot < capacity / 2; slot++) if (this.counts[slot] > 0) this.insertEntry(slot);
  }
}
