// The columns of a MaxForest when every key is 0 or −Infinity (no weigher: first fit), as hierarchical bitsets: bit i
// of a column's level-0 words says leaf i holds 0, and bit j of a level-k word says word j of level k − 1 is not 0.
// The leftmost largest key is then the lowest set bit, found with one count of trailing zeros per level (two levels at
// 1,000 leaves, four at 50,000), and a key's change flips one bit and climbs only while a word turns zero or non-zero;
// a max tree reads two children per level on both paths. Same answers as MaxForest for such keys, bit for bit.

const NEG_INF = -Infinity;

/** Index of the lowest set bit of a non-zero 32-bit word. */
export function lowestBit(word: number): number {
  return 31 - Math.clz32(word & -word);
}

/** Word offsets of each level of one set of `length` leaves (level 0 first, the last one word), and its word count. */
export function bitLevels(length: number): { starts: number[]; words: number } {
  const starts: number[] = [];
  let words = Math.max(1, Math.ceil(length / 32)), start = 0;
  for (;;) {
    starts.push(start);
    start += words;
    if (words === 1) return { starts, words: start };
    words = Math.ceil(words / 32);
  }
}

/** Sets a leaf's bit in the set at w[base ..]; a word that was zero sets its own bit one level up. */
export function markLeaf(w: Int32Array, base: number, starts: readonly number[], leaf: number): void {
  let index = leaf;
  for (let k = 0; k < starts.length; k++) {
    const at = base + starts[k] + (index >> 5);
    const old = w[at];
    w[at] = old | (1 << (index & 31));
    if (old !== 0) return;
    index >>= 5;
  }
}

/** Clears a leaf's bit in the set at w[base ..]; a word that became zero clears its own bit one level up. */
export function clearLeaf(w: Int32Array, base: number, starts: readonly number[], leaf: number): void {
  let index = leaf;
  for (let k = 0; k < starts.length; k++) {
    const at = base + starts[k] + (index >> 5);
    const old = w[at], now = old & ~(1 << (index & 31));
    if (now === old) return;
    w[at] = now;
    if (now !== 0) return;
    index >>= 5;
  }
}

/** The lowest leaf in the set at w[base ..], or −1 when it is empty. */
export function lowestLeaf(w: Int32Array, base: number, starts: readonly number[]): number {
  let k = starts.length - 1;
  let word = w[base + starts[k]];
  if (word === 0) return -1;
  let index = lowestBit(word);
  while (k > 0) {
    k--;
    word = w[base + starts[k] + index];
    index = index * 32 + lowestBit(word);
  }
  return index;
}

export class LeftmostSets {
  /** Offset of each level in a column's words, level 0 (the leaves) first; the last level is one word. */
  private readonly levelStart: number[];
  /** Words per column (every level). */
  private readonly stride: number;
  private columns = 0;
  /** Bit c set for each column c. */
  private allColumns = 0;
  /** words[column × stride + levelStart[k] + j]: word j of level k of the column. */
  private words = new Int32Array(0);
  /** Per leaf, bit c: the leaf is in column c's set (what setRow compares with, so an unchanged column costs nothing). */
  private readonly held: Int32Array;

  constructor(readonly length: number) {
    const levels = bitLevels(length);
    this.levelStart = levels.starts;
    this.stride = levels.words;
    this.held = new Int32Array(length);
  }

  get columnCount(): number {
    return this.columns;
  }

  /** Adds a column holding `keys` (each 0 or −Infinity, keys[i] for leaf i) and returns its index. */
  addColumn(keys: Float64Array): number {
    const c = this.columns++;
    this.allColumns |= 1 << c;
    const next = new Int32Array(this.columns * this.stride);
    next.set(this.words);
    this.words = next;
    for (let i = 0; i < this.length; i++) this.set(c, i, keys[i]);
    return c;
  }

  get(column: number, leaf: number): number {
    return ((this.held[leaf] >>> column) & 1) !== 0 ? 0 : NEG_INF;
  }

  /** Sets one column's key for a leaf: 0 or −Infinity (anything else throws: this structure cannot order it). */
  set(column: number, leaf: number, key: number): void {
    if (key === NEG_INF) {
      clearLeaf(this.words, column * this.stride, this.levelStart, leaf);
      this.held[leaf] &= ~(1 << column);
    } else if (Object.is(key, 0)) {
      markLeaf(this.words, column * this.stride, this.levelStart, leaf);
      this.held[leaf] |= 1 << column;
    } else throw new RangeError(`LeftmostSets: key ${key} is neither 0 nor -Infinity`);
  }

  /**
   * Sets a leaf's key to `key` (0 or −Infinity) in the columns whose bit is set in `mask`, to −Infinity in the
   * others. Only the columns whose membership changes are touched.
   */
  setRow(leaf: number, key: number, mask: number): void {
    const on = key === NEG_INF ? 0 : mask & this.allColumns, was = this.held[leaf];
    if (on !== 0 && !(key === 0 && 1 / key > 0)) throw new RangeError(`LeftmostSets: key ${key} is neither 0 nor -Infinity`);
    if (on === was) return;
    this.held[leaf] = on;
    const words = this.words, stride = this.stride, starts = this.levelStart;
    for (let changed = on ^ was; changed !== 0; changed &= changed - 1) {
      const c = lowestBit(changed);
      if (((on >>> c) & 1) !== 0) markLeaf(words, c * stride, starts, leaf);
      else clearLeaf(words, c * stride, starts, leaf);
    }
  }

  /** The leftmost leaf holding 0 in the column, or −1 when every key is −Infinity. */
  argmaxLeftmost(column: number): number {
    return lowestLeaf(this.words, column * this.stride, this.levelStart);
  }
}
