// A map from VM id to a non-negative number, for the evacuation bookkeeping that adds and removes an entry per VM in
// bursts (a rack outage adds hundreds, their rebuilds remove them minutes later). A long-lived Map reallocates its
// table in the old generation each time such a burst grows or shrinks it; this one keeps two typed arrays (open
// addressing, linear probing, deletion by shifting back the entries after the hole) and only ever grows. It has no
// iteration: none of its users needs an order.

/** Returned by get() for a key that is absent. */
export const ABSENT = -1;

const EMPTY = -1;

export class IdMap {
  private keys: Int32Array;
  private values: Float64Array;
  private mask: number;
  /** 32 − log2(slots): hash() keeps the product's top bits. */
  private shift: number;
  private count = 0;

  /** `capacity`: how many entries fit before the first growth (rounded up to a power of two, doubled). */
  constructor(capacity = 64) {
    let slots = 16;
    while (slots < 2 * capacity) slots *= 2;
    this.keys = new Int32Array(slots).fill(EMPTY);
    this.values = new Float64Array(slots);
    this.mask = slots - 1;
    this.shift = 32 - Math.log2(slots);
  }

  get size(): number {
    return this.count;
  }

  has(id: number): boolean {
    return this.keys[this.slotOf(id)] === id;
  }

  /** The id's value, or ABSENT. */
  get(id: number): number {
    const slot = this.slotOf(id);
    return this.keys[slot] === id ? this.values[slot] : ABSENT;
  }

  /** Sets the id's value (a VM id ≥ 0; a value ≥ 0). */
  set(id: number, value: number): void {
    if (!(id >= 0 && id <= 0x7fffffff && Number.isInteger(id))) throw new Error(`IdMap: key ${id} is not a VM id`);
    if (!(value >= 0)) throw new Error(`IdMap: value ${value} for ${id} is not ≥ 0`);
    let slot = this.slotOf(id);
    if (this.keys[slot] !== id) {
      if (2 * (this.count + 1) > this.keys.length) {
        this.grow();
        slot = this.slotOf(id);
      }
      this.keys[slot] = id;
      this.count++;
    }
    this.values[slot] = value;
  }

  /** Removes the id; returns whether it was there. */
  delete(id: number): boolean {
    const keys = this.keys, values = this.values, mask = this.mask, shift = this.shift;
    let hole = this.slotOf(id);
    if (keys[hole] !== id) return false;
    this.count--;
    // Entries after the hole whose home slot is not cyclically within (hole, slot] move back into it, so that every
    // entry stays reachable from its home slot without tombstones.
    for (let slot = (hole + 1) & mask; keys[slot] !== EMPTY; slot = (slot + 1) & mask) {
      const home = hash(keys[slot], shift);
      if (((slot - home) & mask) >= ((slot - hole) & mask)) {
        keys[hole] = keys[slot];
        values[hole] = values[slot];
        hole = slot;
      }
    }
    keys[hole] = EMPTY;
    return true;
  }

  /** The slot holding the id, or the empty slot where it would go. */
  private slotOf(id: number): number {
    const keys = this.keys, mask = this.mask;
    let slot = hash(id, this.shift);
    for (;;) {
      const key = keys[slot];
      if (key === id || key === EMPTY) return slot;
      slot = (slot + 1) & mask;
    }
  }

  private grow(): void {
    const oldKeys = this.keys, oldValues = this.values;
    const slots = oldKeys.length * 2;
    this.keys = new Int32Array(slots).fill(EMPTY);
    this.values = new Float64Array(slots);
    this.mask = slots - 1;
    this.shift = 32 - Math.log2(slots);
    for (let i = 0; i < oldKeys.length; i++) {
      const id = oldKeys[i];
      if (id === EMPTY) continue;
      const slot = this.slotOf(id);
      this.keys[slot] = id;
      this.values[slot] = oldValues[i];
    }
  }
}

/** Fibonacci hashing (the product's top bits): sequential ids spread over the table. */
function hash(id: number, shift: number): number {
  return Math.imul(id, 0x9e3779b1) >>> shift;
}
