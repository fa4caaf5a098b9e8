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
  /** words[column × stride + levelStart[k] + j]: word j of level k of the column. */
  private words = new Int32Array(0);

  constructor(readonly length: number) {
    const levels = bitLevels(length);
    this.levelStart = levels.starts;
    this.stride = levels.words;
  }

  get columnCount(): number {
    return this.columns;
  }

  /** Adds a column holding `keys` (each 0 or −Infinity, keys[i] for leaf i) and returns its index. */
  addColumn(keys: Float64Array): number {
    const c = this.columns++;
    const next = new Int32Array(this.columns * this.stride);
    next.set(this.words);
    this.words = next;
    for (let i = 0; i < this.length; i++) this.set(c, i, keys[i]);
    return c;
  }

  get(column: number, leaf: number): number {
    return (this.words[column * this.stride + (leaf >> 5)] & (1 << (leaf & 31))) !== 0 ? 0 : NEG_INF;
  }

  /** Sets one column's key for a leaf: 0 or −Infinity (anything else throws: this structure cannot order it). */
  set(column: number, leaf: number, key: number): void {
    if (key === NEG_INF) clearLeaf(this.words, column * this.stride, this.levelStart, leaf);
    else if (Object.is(key, 0)) markLeaf(this.words, column * this.stride, this.levelStart, leaf);
    else throw new RangeError(`LeftmostSets: key ${key} is neither 0 nor -Infinity`);
  }

  /** Sets every column's key for a leaf (keys[c] for column c). */
  setAll(leaf: number, keys: Float64Array): void {
    for (let c = 0; c < this.columns; c++) this.set(c, leaf, keys[c]);
  }

  /** The leftmost leaf holding 0 in the column, or −1 when every key is −Infinity. */
  argmaxLeftmost(column: number): number {
    return lowestLeaf(this.words, column * this.stride, this.levelStart);
  }
}
