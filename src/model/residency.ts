// Which VMs are resident on which host: per host, the VM ids in insertion order, iterated with Set's semantics (an id
// deleted before the loop reaches it is skipped; an id added during the loop is visited).
//
// Why not a Set per host: each Set is a hash table of its own that grows and shrinks (allocating) as VMs come and go,
// and reaching it costs two or three dependent loads that miss the cache once the fleet has 10,000+ hosts — a
// quarter of all run time at that size. Here every host's ids live in one shared Int32Array (the arena), each host
// owning a region of it, and the per-host bookkeeping is a few ints side by side: adding or deleting touches one line
// of bookkeeping and one region. Deleting overwrites the id with a tombstone; tombstones are squeezed out when the
// region is full and no loop is running on that host (a running loop's position must stay valid), otherwise the
// region moves to a fresh one of twice the size at the end of the arena, keeping every slot's position.

const TOMBSTONE = -1;
/** Slots a host starts with: one 64-byte cache line. */
const INITIAL_SLOTS = 16;
// Per-host bookkeeping, eight ints per host; what a deletion reads and writes is the first four, 16 bytes that lie
// in one cache line of a 16-byte-aligned buffer (rather than a line of the bookkeeping and one of a separate array).
const META = 8;
const BASE = 0;
const ITERATING = 1; // loops currently iterating the host (compaction waits for them)
const USED = 2; // slots in use, tombstones included
const LIVE = 3;
const CAPACITY = 4;

export class Residency {
  private meta: Int32Array;
  private arena: Int32Array;
  /** First arena slot no region owns. */
  private top: number;

  /** `initialSlots` is for tests: small regions make compaction and moves frequent. */
  constructor(hosts: number, initialSlots = INITIAL_SLOTS) {
    this.meta = new Int32Array(META * hosts);
    this.arena = new Int32Array(Math.max(initialSlots, hosts * initialSlots));
    for (let h = 0; h < hosts; h++) {
      this.meta[META * h + BASE] = h * initialSlots;
      this.meta[META * h + CAPACITY] = initialSlots;
    }
    this.top = hosts * initialSlots;
  }

  /** VMs resident on the host. */
  count(host: number): number {
    return this.meta[META * host + LIVE];
  }

  /** Reads the host's bookkeeping and the first and last used slots of its region, and returns their sum (for
   *  read-ahead: a deletion scans the region up to the id). */
  touch(host: number): number {
    const meta = this.meta, m = META * host, base = meta[m + BASE];
    return this.arena[base] + this.arena[base + Math.max(0, meta[m + USED] - 1)];
  }

  has(host: number, id: number): boolean {
    return this.indexOf(host, id) >= 0;
  }

  /** Adds an id that is not resident on the host (the World checks: a VM is placed on one host at most once). */
  add(host: number, id: number): void {
    const m = META * host;
    if (this.meta[m + USED] === this.meta[m + CAPACITY]) this.makeRoom(host);
    const meta = this.meta;
    this.arena[meta[m + BASE] + meta[m + USED]] = id;
    meta[m + USED]++;
    meta[m + LIVE]++;
  }

  delete(host: number, id: number): boolean {
    const i = this.indexOf(host, id);
    if (i < 0) return false;
    const meta = this.meta, arena = this.arena, m = META * host, base = meta[m + BASE];
    meta[m + LIVE]--;
    arena[i] = TOMBSTONE;
    // Trailing tombstones go at once unless a loop runs (an id added next would land behind the loop's position).
    if (meta[m + ITERATING] === 0) {
      let used = meta[m + USED];
      while (used > 0 && arena[base + used - 1] === TOMBSTONE) used--;
      meta[m + USED] = used;
    }
    return true;
  }

  /** The host's resident VM ids in insertion order. */
  *of(host: number): Generator<number, void, undefined> {
    const m = META * host;
    this.meta[m + ITERATING]++;
    try {
      // Base, used and the arena are re-read each step: the region may move, and ids added during the loop count.
      for (let i = 0; i < this.meta[m + USED]; i++) {
        const id = this.arena[this.meta[m + BASE] + i];
        if (id !== TOMBSTONE) yield id;
      }
    } finally {
      this.meta[m + ITERATING]--;
    }
  }

  /**
   * Copies the host's resident VM ids, in insertion order, into `out` from index 0 (it must hold count(host)) and
   * returns how many: for loops that change nothing, without a generator.
   */
  copyInto(host: number, out: Int32Array): number {
    const meta = this.meta, arena = this.arena, m = META * host;
    const base = meta[m + BASE], end = base + meta[m + USED];
    let n = 0;
    for (let i = base; i < end; i++) if (arena[i] !== TOMBSTONE) out[n++] = arena[i];
    return n;
  }

  /** Arena index of the id in the host's region, or −1. */
  private indexOf(host: number, id: number): number {
    const meta = this.meta, arena = this.arena, m = META * host;
    const base = meta[m + BASE], end = base + meta[m + USED];
    for (let i = base; i < end; i++) if (arena[i] === id) return i;
    return -1;
  }

  /** Squeezes out tombstones when they are at least half the region and no loop runs; otherwise moves and doubles it. */
  private makeRoom(host: number): void {
    const meta = this.meta, m = META * host;
    const base = meta[m + BASE], used = meta[m + USED], capacity = meta[m + CAPACITY];
    if (meta[m + ITERATING] === 0 && meta[m + LIVE] <= used >> 1) {
      const arena = this.arena;
      let kept = 0;
      for (let i = 0; i < used; i++) if (arena[base + i] !== TOMBSTONE) arena[base + kept++] = arena[base + i];
      meta[m + USED] = kept;
      return;
    }
    const next = this.top;
    const size = capacity * 2;
    if (next + size > this.arena.length) {
      const grown = new Int32Array(Math.max(2 * this.arena.length, next + size));
      grown.set(this.arena.subarray(0, this.top));
      this.arena = grown;
    }
    this.arena.copyWithin(next, base, base + used);
    meta[m + BASE] = next;
    meta[m + CAPACITY] = size;
    this.top = next + size;
  }
}
