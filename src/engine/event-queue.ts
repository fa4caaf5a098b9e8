// Future event list ordered by (time, priority, insertion sequence), over typed arrays. Payloads live in reusable
// slots; cancellation marks a slot dead and the queue drops it lazily on pop.
//
// Layout: a small binary heap holds the events due soonest; the others wait, unsorted, in time buckets (a ladder
// queue with one rung: Tang, Goh and Thng, "Ladder Queue: An O(1) Priority Queue Structure for Large-Scale Discrete
// Event Simulation", ACM TOMACS 15(3), 2005). A bucket is a linked list of chunks, each a cache line holding the slots
// of up to CHUNK_ENTRIES events; when the heap runs empty, the next non-empty bucket moves into it. Chunks rather than
// a list through the slots: walking a bucket then waits for one line per chunk instead of one per event (a slot was
// last touched when its event was pushed, long ago when hundreds of thousands of events are pending), and the slots
// it then reads are known at once, so their misses overlap. Events beyond the last bucket wait in one unsorted list (the top), from which a new
// rung of buckets is cut, sized to hold a few dozen events each, when the rung is used up. With hundreds of thousands
// of pending events a pop then sifts through a heap of a few hundred entries that stays in cache, instead of ~19
// levels of a heap much larger than the cache. Since (time, order) is unique per event, any exact priority queue pops
// in the same order: the bucket of a time is floor((time − rungStart) / width), non-decreasing in time, so every event
// in the heap precedes every event in a bucket, and every bucket's events precede the next bucket's and the top's.
//
// Lanes: a stream of events with at most one pending at a time (the next arrival, the next sample) can live in a
// lane beside the queue instead. The next arrival is nearly always among the earliest events; in a lane it costs a
// comparison per pop. Lane events draw their sequence numbers from the same counter as queued events, so events come
// out in exactly the order a single queue would give.

import { grown } from './typed-arrays.js';

const SLOT_BITS = 2 ** 24; // handle = generation * SLOT_BITS + slot; keeps handles unique across slot reuse
/** Events per bucket a new rung aims at (fewer in the buckets far ahead, more in the first for front-heavy times). */
const BUCKET_TARGET = 32;
// A slot (32 bytes, two per cache line): its payload and state as ints, then its key (time, order) as doubles, over one
// buffer, so that what a refill reads of an event (payload for the prefetcher, key for the heap) and what a push
// writes is one line, where keys in an array of their own were a second line per event, cold at hundreds of thousands
// of pending events. STATE is generation × 2 + live.
const KIND = 0, A = 1, B = 2, STATE = 3, SLOT_STRIDE = 8;
const KEY_TIME = 2, KEY_ORDER = 3, KEY_STRIDE = SLOT_STRIDE / 2;
/** Generations wrap here (a handle is generation × SLOT_BITS + slot); STATE wraps at twice this. */
const GENERATIONS = 1048576;
// A chunk (16 ints, one cache line): the next chunk of its list, then the slots of its events. Only a list's first
// chunk can be short; how many it holds is kept beside the list's head (a push then reads no chunk, it only writes).
const CHUNK_NEXT = 0, CHUNK_SLOTS = 1, CHUNK_STRIDE = 16, CHUNK_ENTRIES = CHUNK_STRIDE - CHUNK_SLOTS;
const NONE = -1;

/** Told of each event a refill moves into the heap, shortly before it pops (Simulator.prefetchWith), then once that
 *  the bucket's events are all told (a prefetcher may collect them first and read in stages). */
export interface EventPrefetcher {
  prefetch(kind: number, a: number, b: number): void;
  told(): void;
}

export class EventQueue {
  /** Told of the events of each bucket moved into the heap, before they move (see refill). */
  prefetcher: EventPrefetcher | undefined = undefined;
  // The heap of the earliest events.
  private heapTime: Float64Array;
  private heapOrder: Float64Array; // priority * 2^40 + sequence: one comparison for both tie-breakers
  private heapSlot: Int32Array;
  private size = 0;

  /** slotInt[slot × SLOT_STRIDE + KIND | A | B | STATE]. */
  private slotInt: Int32Array;
  /** slotKey[slot × KEY_STRIDE + KEY_TIME | KEY_ORDER], over slotInt's buffer: the key of an event waiting in a bucket
   *  or the top. */
  private slotKey: Float64Array;
  private slotCapacity: number;
  /** chunkInt[chunk × CHUNK_STRIDE + CHUNK_NEXT | CHUNK_SLOTS + entry]: see CHUNK_STRIDE. */
  private chunkInt: Int32Array;
  private chunkCapacity: number;
  private chunksUsed = 0;
  /** Free chunks, linked through CHUNK_NEXT. */
  private freeChunk = NONE;
  private freeSlots: Int32Array;
  private freeCount = 0;
  private slotsUsed = 0;
  private sequence = 0;
  private liveCount = 0;

  // The rung: bucket k holds the events whose bucketOf(time) is k, for current ≤ k < buckets; events below `current`
  // go into the heap, events at or beyond `buckets` into the top.
  private rungStart = -Infinity; // with no rung yet, every time falls in the top
  /** 1 from the constructor; NaN here, a double field from the first queue (docs/performance.md, "stable shapes"). */
  private rungWidth = NaN;
  private buckets = 0;
  private current = 0;
  /** Each bucket's first chunk (the one being filled), NONE when empty; the top's likewise. */
  private bucketHead = new Int32Array(16);
  /** Events in each bucket's first chunk. */
  private bucketFill = new Int32Array(16);
  private topHead = NONE;
  private topFill = 0;
  private topCount = 0;
  /** Set when the top held no finite time to cut a rung from: the heap then takes every event until it runs empty. */
  private heapOnly = false;

  private laneTime = new Float64Array(0); // Infinity when the lane is empty
  private laneOrder = new Float64Array(0); // Infinity when the lane is empty
  private laneKind = new Int32Array(0);
  private laneA = new Int32Array(0);
  private laneB = new Int32Array(0);
  private lanes = 0;

  /** Payload of the event most recently returned by pop(). */
  kind = -1;
  a = 0;
  b = 0;
  /** NaN until the first pop (docs/performance.md, "stable shapes"). */
  time = NaN;

  constructor(initialCapacity = 1024) {
    this.rungWidth = 1;
    const n = Math.max(16, initialCapacity);
    this.heapTime = new Float64Array(n);
    this.heapOrder = new Float64Array(n);
    this.heapSlot = new Int32Array(n);
    this.slotCapacity = n;
    this.slotInt = new Int32Array(n * SLOT_STRIDE);
    this.slotKey = new Float64Array(this.slotInt.buffer);
    this.freeSlots = new Int32Array(n);
    this.chunkCapacity = Math.max(4, Math.ceil(n / CHUNK_ENTRIES));
    this.chunkInt = new Int32Array(this.chunkCapacity * CHUNK_STRIDE);
  }

  /** Number of live (not cancelled) pending events. */
  get length(): number {
    return this.liveCount;
  }

  /** Schedules an event; returns a handle for cancel(). Priority 0..255, lower runs first at equal times. */
  push(time: number, priority: number, kind: number, a: number, b: number): number {
    const slot = this.allocSlot();
    const si = this.slotInt, base = slot * SLOT_STRIDE;
    si[base + KIND] = kind;
    si[base + A] = a;
    si[base + B] = b;
    const state = si[base + STATE] | 1;
    si[base + STATE] = state;
    this.liveCount++;
    const order = priority * 1099511627776 + this.sequence++;
    const bucket = Math.floor((time - this.rungStart) / this.rungWidth);
    if (bucket < this.current || this.heapOnly) {
      if (this.size === this.heapTime.length) this.growHeap();
      this.siftUp(this.size++, time, order, slot);
    } else {
      const key = this.slotKey, at = slot * KEY_STRIDE;
      key[at + KEY_TIME] = time;
      key[at + KEY_ORDER] = order;
      if (bucket < this.buckets) {
        this.append(bucket, slot);
      } else {
        this.append(-1, slot);
        this.topCount++;
      }
    }
    return (state >> 1) * SLOT_BITS + slot;
  }

  /** Adds a lane (see the file comment) and returns its index. */
  addLane(): number {
    const n = this.lanes + 1;
    this.laneTime = grown(this.laneTime, n);
    this.laneTime[n - 1] = Infinity;
    this.laneOrder = grown(this.laneOrder, n);
    this.laneOrder[n - 1] = Infinity;
    this.laneKind = grown(this.laneKind, n);
    this.laneA = grown(this.laneA, n);
    this.laneB = grown(this.laneB, n);
    return this.lanes++;
  }

  /** Whether the lane holds its pending event. */
  laneBusy(lane: number): boolean {
    return this.laneTime[lane] !== Infinity;
  }

  /** Schedules the lane's one pending event. Throws if the lane already holds one. Lane events cannot be cancelled. */
  pushLane(lane: number, time: number, priority: number, kind: number, a: number, b: number): void {
    if (!(lane >= 0 && lane < this.lanes)) throw new RangeError(`event queue: no lane ${lane}`);
    if (this.laneTime[lane] !== Infinity) throw new Error(`event queue: lane ${lane} already holds an event`);
    if (!(time < Infinity)) throw new RangeError(`event queue: lane event at ${time}`);
    this.laneTime[lane] = time;
    this.laneOrder[lane] = priority * 1099511627776 + this.sequence++;
    this.laneKind[lane] = kind;
    this.laneA[lane] = a;
    this.laneB[lane] = b;
    this.liveCount++;
  }

  /** Cancels a pending event. Cancelling a handle that already fired or was cancelled is a no-op. */
  cancel(handle: number): void {
    const slot = handle % SLOT_BITS;
    const generation = (handle - slot) / SLOT_BITS;
    const base = slot * SLOT_STRIDE;
    if (slot < this.slotsUsed && this.slotInt[base + STATE] === 2 * generation + 1) {
      this.slotInt[base + STATE] = 2 * generation;
      this.liveCount--;
    }
  }

  /** Time of the next live event, or Infinity. */
  peekTime(): number {
    this.settle();
    let time = this.size > 0 ? this.heapTime[0] : Infinity;
    for (let l = 0; l < this.lanes; l++) if (this.laneTime[l] < time) time = this.laneTime[l];
    return time;
  }

  /** Removes the next live event and exposes it in kind/a/b/time. Returns false when empty. */
  pop(): boolean {
    return this.popUntil(Infinity);
  }

  /** pop() if the next live event is at or before `horizon`; otherwise leaves the queue as it is and returns false. */
  popUntil(horizon: number): boolean {
    this.settle();
    if (this.lanes > 0) {
      // The earliest lane event, if it comes before the heap's top in (time, order).
      let lane = -1;
      let time = this.size > 0 ? this.heapTime[0] : Infinity;
      let order = this.size > 0 ? this.heapOrder[0] : Infinity;
      const lt = this.laneTime, lo = this.laneOrder;
      for (let l = 0; l < this.lanes; l++) {
        if (lt[l] < time || (lt[l] === time && lo[l] < order)) {
          lane = l;
          time = lt[l];
          order = lo[l];
        }
      }
      if (lane >= 0) {
        if (!(time <= horizon)) return false;
        this.time = time;
        this.kind = this.laneKind[lane];
        this.a = this.laneA[lane];
        this.b = this.laneB[lane];
        lt[lane] = Infinity;
        lo[lane] = Infinity;
        this.liveCount--;
        return true;
      }
    }
    if (this.size === 0 || !(this.heapTime[0] <= horizon)) return false;
    const slot = this.heapSlot[0];
    const si = this.slotInt, base = slot * SLOT_STRIDE;
    this.time = this.heapTime[0];
    this.kind = si[base + KIND];
    this.a = si[base + A];
    this.b = si[base + B];
    this.liveCount--;
    this.removeTop();
    this.releaseSlot(slot);
    return true;
  }

  /** Leaves the earliest live queued event at the heap's top (the heap empty only when no queued event is live). */
  private settle(): void {
    for (;;) {
      while (this.size > 0 && (this.slotInt[this.heapSlot[0] * SLOT_STRIDE + STATE] & 1) === 0) {
        const slot = this.heapSlot[0];
        this.removeTop();
        this.releaseSlot(slot);
      }
      if (this.size > 0 || !this.refill()) return;
    }
  }

  /** Moves the next non-empty bucket into the empty heap, cutting a new rung from the top when the rung is used up.
   *  Returns false when nothing is left to move. */
  private refill(): boolean {
    this.heapOnly = false;
    let heads = this.bucketHead;
    for (;;) {
      while (this.current < this.buckets && heads[this.current] === NONE) this.current++;
      if (this.current < this.buckets) break;
      if (this.topCount === 0) return this.size > 0;
      this.cutRung();
      if (this.heapOnly) return true;
      heads = this.bucketHead; // cutRung may have replaced it with a longer one
    }
    const first = heads[this.current], fill = this.bucketFill[this.current];
    heads[this.current] = NONE;
    this.current++;
    const si = this.slotInt, ci = this.chunkInt;
    // The bucket's events pop next, each after the few before it: a prefetcher can read what they will need now, in
    // one loop of independent loads whose cache misses overlap, rather than each handler waiting for its own in turn.
    const prefetcher = this.prefetcher;
    if (prefetcher !== undefined) {
      for (let c = first, n = fill; c !== NONE; c = ci[c * CHUNK_STRIDE + CHUNK_NEXT], n = CHUNK_ENTRIES) {
        const at = c * CHUNK_STRIDE + CHUNK_SLOTS;
        for (let e = 0; e < n; e++) {
          const base = ci[at + e] * SLOT_STRIDE;
          prefetcher.prefetch(si[base + KIND], si[base + A], si[base + B]);
        }
      }
      prefetcher.told();
    }
    this.listToHeap(first, fill);
    return true;
  }

  /** Moves every event of a chunk list (its first chunk holding `fill`) into the heap, freeing the chunks. */
  private listToHeap(first: number, fill: number): void {
    const ci = this.chunkInt;
    let c = first, n = fill;
    while (c !== NONE) {
      const at = c * CHUNK_STRIDE, next = ci[at + CHUNK_NEXT];
      for (let e = 0; e < n; e++) this.toHeap(ci[at + CHUNK_SLOTS + e]);
      this.releaseChunk(c);
      c = next;
      n = CHUNK_ENTRIES;
    }
  }

  private toHeap(slot: number): void {
    if (this.size === this.heapTime.length) this.growHeap();
    const key = this.slotKey, at = slot * KEY_STRIDE;
    this.siftUp(this.size++, key[at + KEY_TIME], key[at + KEY_ORDER], slot);
  }

  /** Adds an event's slot to a bucket's list (bucket −1: the top's). */
  private append(bucket: number, slot: number): void {
    let head: number, fill: number;
    if (bucket >= 0) {
      head = this.bucketHead[bucket];
      fill = this.bucketFill[bucket];
    } else {
      head = this.topHead;
      fill = this.topFill;
    }
    if (head === NONE || fill === CHUNK_ENTRIES) {
      const c = this.allocChunk();
      this.chunkInt[c * CHUNK_STRIDE + CHUNK_NEXT] = head;
      head = c;
      fill = 0;
    }
    this.chunkInt[head * CHUNK_STRIDE + CHUNK_SLOTS + fill] = slot;
    if (bucket >= 0) {
      this.bucketHead[bucket] = head;
      this.bucketFill[bucket] = fill + 1;
    } else {
      this.topHead = head;
      this.topFill = fill + 1;
    }
  }

  private allocChunk(): number {
    let c = this.freeChunk;
    if (c !== NONE) {
      this.freeChunk = this.chunkInt[c * CHUNK_STRIDE + CHUNK_NEXT];
    } else {
      if (this.chunksUsed === this.chunkCapacity) this.growChunks();
      c = this.chunksUsed++;
    }
    return c;
  }

  private releaseChunk(c: number): void {
    this.chunkInt[c * CHUNK_STRIDE + CHUNK_NEXT] = this.freeChunk;
    this.freeChunk = c;
  }

  /** Spreads the top over a new rung of buckets from its earliest to its latest finite time, routing each event as
   *  push() would. When the top holds no finite time, moves it into the heap, which then takes every event until it
   *  runs empty (heapOnly). */
  private cutRung(): void {
    const ci = this.chunkInt, key = this.slotKey;
    let min = Infinity, max = -Infinity;
    for (let c = this.topHead, n = this.topFill; c !== NONE; c = ci[c * CHUNK_STRIDE + CHUNK_NEXT], n = CHUNK_ENTRIES) {
      const at = c * CHUNK_STRIDE + CHUNK_SLOTS;
      for (let e = 0; e < n; e++) {
        const t = key[ci[at + e] * KEY_STRIDE + KEY_TIME];
        if (t - t === 0) { // finite
          if (t < min) min = t;
          if (t > max) max = t;
        }
      }
    }
    let c = this.topHead, n = this.topFill;
    const count = this.topCount;
    this.topHead = NONE;
    this.topFill = 0;
    this.topCount = 0;
    this.current = 0;
    if (min === Infinity) {
      this.buckets = 0;
      this.rungStart = -Infinity;
      this.heapOnly = true;
      this.listToHeap(c, n);
      return;
    }
    const buckets = Math.max(1, Math.ceil(count / BUCKET_TARGET));
    let width = (max - min) / buckets;
    if (!(width > 0)) width = 1;
    else if (width === Infinity) width = Number.MAX_VALUE;
    if (this.bucketHead.length < buckets) {
      this.bucketHead = new Int32Array(Math.max(buckets, 2 * this.bucketHead.length));
      this.bucketFill = new Int32Array(this.bucketHead.length);
    }
    this.bucketHead.fill(NONE, 0, buckets);
    this.rungStart = min;
    this.rungWidth = width;
    this.buckets = buckets;
    while (c !== NONE) {
      // Read through this.chunkInt: append may grow (replace) it.
      const at = c * CHUNK_STRIDE, next = this.chunkInt[at + CHUNK_NEXT];
      for (let e = 0; e < n; e++) {
        const slot = this.chunkInt[at + CHUNK_SLOTS + e];
        const bucket = Math.floor((key[slot * KEY_STRIDE + KEY_TIME] - min) / width);
        if (bucket < 0) { // −Infinity
          this.toHeap(slot);
        } else if (bucket < buckets) {
          this.append(bucket, slot);
        } else {
          this.append(-1, slot);
          this.topCount++;
        }
      }
      this.releaseChunk(c);
      c = next;
      n = CHUNK_ENTRIES;
    }
  }

  private removeTop(): void {
    const last = --this.size;
    if (last > 0) this.siftDown(0, this.heapTime[last], this.heapOrder[last], this.heapSlot[last]);
  }

  private siftUp(index: number, time: number, order: number, slot: number): void {
    const ht = this.heapTime, ho = this.heapOrder, hs = this.heapSlot;
    let i = index;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = ht[parent];
      if (pt < time || (pt === time && ho[parent] < order)) break;
      ht[i] = pt;
      ho[i] = ho[parent];
      hs[i] = hs[parent];
      i = parent;
    }
    ht[i] = time;
    ho[i] = order;
    hs[i] = slot;
  }

  private siftDown(index: number, time: number, order: number, slot: number): void {
    const ht = this.heapTime, ho = this.heapOrder, hs = this.heapSlot;
    const n = this.size;
    let i = index;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      const right = child + 1;
      if (right < n && (ht[right] < ht[child] || (ht[right] === ht[child] && ho[right] < ho[child]))) child = right;
      const ct = ht[child];
      if (time < ct || (time === ct && order < ho[child])) break;
      ht[i] = ct;
      ho[i] = ho[child];
      hs[i] = hs[child];
      i = child;
    }
    ht[i] = time;
    ho[i] = order;
    hs[i] = slot;
  }

  private allocSlot(): number {
    if (this.freeCount > 0) return this.freeSlots[--this.freeCount];
    if (this.slotsUsed === this.slotCapacity) this.growSlots();
    if (this.slotsUsed >= SLOT_BITS) throw new Error(`event queue: more than ${SLOT_BITS} pending events`);
    return this.slotsUsed++;
  }

  /** Frees a slot whose event popped (live) or was dropped (cancelled): the next generation, not live. */
  private releaseSlot(slot: number): void {
    const at = slot * SLOT_STRIDE + STATE;
    this.slotInt[at] = ((this.slotInt[at] | 1) + 1) % (2 * GENERATIONS);
    if (this.freeCount === this.freeSlots.length) this.freeSlots = grown(this.freeSlots, this.freeSlots.length * 2);
    this.freeSlots[this.freeCount++] = slot;
  }

  private growHeap(): void {
    const n = this.heapTime.length * 2;
    this.heapTime = grown(this.heapTime, n);
    this.heapOrder = grown(this.heapOrder, n);
    this.heapSlot = grown(this.heapSlot, n);
  }

  private growSlots(): void {
    const n = this.slotCapacity * 2;
    this.slotInt = grown(this.slotInt, n * SLOT_STRIDE);
    this.slotKey = new Float64Array(this.slotInt.buffer);
    this.slotCapacity = n;
  }

  private growChunks(): void {
    const n = this.chunkCapacity * 2;
    this.chunkInt = grown(this.chunkInt, n * CHUNK_STRIDE);
    this.chunkCapacity = n;
  }
}
