// Several max segment trees over the same leaves (one per request shape), stored interleaved: tree position p of
// column c is values[p × stride + c]. A compute node's change updates its key in every column, and those updates
// climb the same path, so interleaving lets them share cache lines and one loop instead of one walk per tree
// (measured: a few per cent at 1,000 nodes, nothing measurable at 10,000).
// Leaves hold exactly the keys set (bit for bit, ±0 included). Internal nodes are compared with ===, so a climb may
// stop at a parent holding +0 where the new maximum is −0 (or the reverse); every query compares keys with >=, for
// which ±0 are equal, so the answers are those of exact trees.

const MAX_STRIDE = 32;
/** −Infinity as a constant (see NEG_INF in fast-path-index.ts). */
const NEG_INF = -Infinity;

export class MaxForest {
  readonly size: number;
  private stride = 4;
  private columns = 0;
  private values: Float64Array;
  /** setRow's keys, one per column. */
  private readonly row = new Float64Array(MAX_STRIDE);

  constructor(readonly length: number) {
    let size = 1;
    while (size < length) size *= 2;
    this.size = size;
    this.values = new Float64Array(2 * size * this.stride).fill(-Infinity);
  }

  get columnCount(): number {
    return this.columns;
  }

  /** Adds a column holding `keys` (keys[i] for leaf i) and returns its index. */
  addColumn(keys: Float64Array): number {
    if (this.columns === MAX_STRIDE) throw new RangeError(`MaxForest: more than ${MAX_STRIDE} columns`);
    if (this.columns === this.stride) this.widen();
    const c = this.columns++;
    const v = this.values, size = this.size, stride = this.stride;
    for (let i = 0; i < this.length; i++) v[(size + i) * stride + c] = keys[i];
    for (let p = size - 1; p >= 1; p--) {
      const left = v[2 * p * stride + c], right = v[(2 * p + 1) * stride + c];
      v[p * stride + c] = left >= right ? left : right;
    }
    return c;
  }

  /** The value at tree position p (1 = root, leaves from `size`) of a column: the maximum over that subtree. */
  at(position: number, column: number): number {
    return this.values[position * this.stride + column];
  }

  get(column: number, leaf: number): number {
    return this.values[(this.size + leaf) * this.stride + column];
  }

  /** Sets one column's key for a leaf; stops climbing as soon as an ancestor is unchanged. */
  set(column: number, leaf: number, key: number): void {
    const v = this.values, stride = this.stride;
    let i = this.size + leaf;
    if (Object.is(v[i * stride + column], key)) return;
    v[i * stride + column] = key;
    while (i > 1) {
      i >>= 1;
      const left = v[2 * i * stride + column], right = v[(2 * i + 1) * stride + column];
      const next = left >= right ? left : right;
      if (v[i * stride + column] === next) return;
      v[i * stride + column] = next;
    }
  }

  /**
   * Sets every column's key for a leaf (keys[c] for column c) in one climb. A column drops out of the climb as soon as
   * its ancestor is unchanged, exactly where a separate tree's update would stop. A column whose key rose needs no
   * sibling: its ancestors' new maximum is max(old maximum, new key), so each level is one read.
   */
  setAll(leaf: number, keys: Float64Array): void {
    const v = this.values, stride = this.stride, columns = this.columns;
    let i = this.size + leaf;
    let climbing = 0; // bit c: column c changed at the current level
    let rising = 0; // bit c: column c's key rose (its ancestors become max(ancestor, key))
    for (let c = 0; c < columns; c++) {
      const old = v[i * stride + c], key = keys[c];
      if (!Object.is(old, key)) {
        v[i * stride + c] = key;
        climbing |= 1 << c;
        if (key > old) rising |= 1 << c;
      }
    }
    while (climbing !== 0 && i > 1) {
      i >>= 1;
      const p = i * stride, l = 2 * i * stride, r = l + stride;
      for (let c = 0; c < columns; c++) {
        const bit = 1 << c;
        if ((climbing & bit) === 0) continue;
        if ((rising & bit) !== 0) {
          if (v[p + c] >= keys[c]) climbing &= ~bit;
          else v[p + c] = keys[c];
          continue;
        }
        const left = v[l + c], right = v[r + c];
        const next = left >= right ? left : right;
        if (v[p + c] !== next) v[p + c] = next;
        else climbing &= ~bit;
      }
    }
  }

  /** Sets a leaf's key to `key` in the columns whose bit is set in `mask`, to −Infinity in the others. */
  setRow(leaf: number, key: number, mask: number): void {
    const row = this.row;
    for (let c = 0; c < this.columns; c++) row[c] = ((mask >>> c) & 1) !== 0 ? key : NEG_INF;
    this.setAll(leaf, row);
  }

  /** The leftmost leaf with the largest key in the column, or −1 when every key is −Infinity. */
  argmaxLeftmost(column: number): number {
    const v = this.values, stride = this.stride, size = this.size;
    if (v[stride + column] === NEG_INF) return -1;
    let i = 1;
    while (i < size) {
      const l = 2 * i;
      i = v[l * stride + column] >= v[(l + 1) * stride + column] ? l : l + 1;
    }
    return i - size;
  }

  /** Doubles the stride, keeping every column's values. */
  private widen(): void {
    const stride = this.stride * 2;
    const next = new Float64Array(2 * this.size * stride).fill(-Infinity);
    for (let p = 1; p < 2 * this.size; p++) {
      for (let c = 0; c < this.columns; c++) next[p * stride + c] = this.values[p * this.stride + c];
    }
    this.values = next;
    this.stride = stride;
  }
}
