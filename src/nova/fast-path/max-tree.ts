// A max segment tree over compute nodes in host-list order: one key per node (−Infinity = not a candidate), and
// the leftmost node holding the largest key in O(log n). Updates stop climbing as soon as an ancestor is unchanged.

export class MaxTree {
  readonly size: number;
  readonly values: Float64Array;

  constructor(readonly length: number) {
    let size = 1;
    while (size < length) size *= 2;
    this.size = size;
    this.values = new Float64Array(2 * size).fill(-Infinity);
  }

  get(leaf: number): number {
    return this.values[this.size + leaf];
  }

  /** Sets every leaf at once (keys[i] for leaf i), then the internal nodes bottom-up. */
  build(keys: Float64Array): void {
    const v = this.values, size = this.size;
    v.fill(-Infinity);
    v.set(keys.subarray(0, this.length), size);
    for (let i = size - 1; i >= 1; i--) v[i] = Math.max(v[2 * i], v[2 * i + 1]);
  }

  set(leaf: number, key: number): void {
    const v = this.values;
    let i = this.size + leaf;
    if (v[i] === key && Object.is(v[i], key)) return;
    v[i] = key;
    // Climbing, the child on the path holds `child`, so only its sibling is read.
    let child = key;
    while (i > 1) {
      const sibling = v[i ^ 1];
      const next = (i & 1) === 0 ? (child >= sibling ? child : sibling) : (sibling >= child ? sibling : child);
      i >>= 1;
      if (Object.is(v[i], next)) return;
      v[i] = next;
      child = next;
    }
  }

  /** The leftmost leaf with the largest key, or −1 when every key is −Infinity. */
  argmaxLeftmost(): number {
    const v = this.values;
    if (v[1] === -Infinity) return -1;
    let i = 1;
    const size = this.size;
    while (i < size) {
      const l = 2 * i;
      i = v[l] >= v[l + 1] ? l : l + 1;
    }
    return i - size;
  }
}
