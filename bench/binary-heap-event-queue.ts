// The event queue as it was before the bucketed layout: one binary heap over every pending event. Kept as the
// reference that test/engine/event-queue.test.ts compares the current queue against, event for event, and as the
// textbook event list of the bench's second limit (bench/hold-model.ts).

import { grown } from '../src/engine/typed-arrays.js';

const SLOT_BITS = 2 ** 24; // handle = generation * SLOT_BITS + slot; keeps handles unique across slot reuse

export class BinaryHeapEventQueue {
  private heapTime: Float64Array;
  private heapOrder: Float64Array; // priority * 2^40 + sequence: one comparison for both tie-breakers
  private heapSlot: Int32Array;
  private size = 0;

  private slotKind: Int32Array;
  private slotA: Int32Array;
  private slotB: Int32Array;
  private slotGeneration: Uint32Array;
  private slotLive: Uint8Array;
  private freeSlots: Int32Array;
  private freeCount = 0;
  private slotsUsed = 0;
  private sequence = 0;
  private liveCount = 0;

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
    const n = Math.max(16, initialCapacity);
    this.heapTime = new Float64Array(n);
    this.heapOrder = new Float64Array(n);
    this.heapSlot = new Int32Array(n);
    this.slotKind = new Int32Array(n);
    this.slotA = new Int32Array(n);
    this.slotB = new Int32Array(n);
    this.slotGeneration = new Uint32Array(n);
    this.slotLive = new Uint8Array(n);
    this.freeSlots = new Int32Array(n);
  }

  /** Number of live (not cancelled) pending events. */
  get length(): number {
    return this.liveCount;
  }

  /** Schedules an event; returns a handle for cancel(). Priority 0..255, lower runs first at equal times. */
  push(time: number, priority: number, kind: number, a: number, b: number): number {
    const slot = this.allocSlot();
    this.slotKind[slot] = kind;
    this.slotA[slot] = a;
    this.slotB[slot] = b;
    this.slotLive[slot] = 1;
    this.liveCount++;
    if (this.size === this.heapTime.length) this.growHeap();
    const order = priority * 1099511627776 + this.sequence++;
    this.siftUp(this.size++, time, order, slot);
    return this.slotGeneration[slot] * SLOT_BITS + slot;
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
    if (slot < this.slotsUsed && this.slotGeneration[slot] === generation && this.slotLive[slot] === 1) {
      this.slotLive[slot] = 0;
      this.liveCount--;
    }
  }

  /** Time of the next live event, or Infinity. */
  peekTime(): number {
    this.dropDead();
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
    this.dropDead();
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
    this.time = this.heapTime[0];
    this.kind = this.slotKind[slot];
    this.a = this.slotA[slot];
    this.b = this.slotB[slot];
    this.slotLive[slot] = 0;
    this.liveCount--;
    this.removeTop();
    this.releaseSlot(slot);
    return true;
  }

  private dropDead(): void {
    while (this.size > 0 && this.slotLive[this.heapSlot[0]] === 0) {
      const slot = this.heapSlot[0];
      this.removeTop();
      this.releaseSlot(slot);
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
    if (this.slotsUsed === this.slotKind.length) this.growSlots();
    if (this.slotsUsed >= SLOT_BITS) throw new Error(`event queue: more than ${SLOT_BITS} pending events`);
    return this.slotsUsed++;
  }

  private releaseSlot(slot: number): void {
    this.slotGeneration[slot] = (this.slotGeneration[slot] + 1) % 1048576;
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
    const n = this.slotKind.length * 2;
    this.slotKind = grown(this.slotKind, n);
    this.slotA = grown(this.slotA, n);
    this.slotB = grown(this.slotB, n);
    this.slotGeneration = grown(this.slotGeneration, n);
    this.slotLive = grown(this.slotLive, n);
  }
}
