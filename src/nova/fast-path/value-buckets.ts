// The columns of a MaxForest as value buckets: a weigher's key takes few distinct values at once (free RAM moves in
// steps of a flavor's size), so each column keeps, per distinct key, the set of leaves holding it as a hierarchical
// bitset (leftmost-sets.ts), and per column one bit per key, in descending key order, saying which keys some leaf
// holds. The leftmost largest key is then the lowest bit of that word and the lowest leaf of its set; a key's change
// moves one bit between two sets. A max tree climbs and compares on every change and walks every level on a query.
// Keys equal under === share a bucket (±0 included: MaxForest compares with >=, for which they tie). While more
// than 48 of MAX_BUCKETS distinct keys are held at once, or a key is NaN, the columns move to a MaxForest for good, so
// the answers are MaxForest's in every case.

import { grown } from '../../engine/typed-arrays.js';
import { bitLevels, clearLeaf, lowestBit, lowestLeaf, markLeaf } from './leftmost-sets.js';
import { MaxForest } from './max-forest.js';

/** Distinct keys held at once before the columns move to a MaxForest: two words of bits per column. */
const MAX_BUCKETS = 64;
const MAX_COLUMNS = 32;
/** bucketFor's cache: 2^6 slots, indexed by the top bits of a multiplicative hash of the key's integer part. */
const CACHE_SLOTS = 64;
const CACHE_SHIFT = 26;
const NEG_INF = -Infinity;
/** A bucket index meaning −Infinity: the leaf is in no set. */
const NONE = -1;

export class ValueBuckets {
  private columns = 0;
  /** Bit c set for each column c. */
  private allColumns = 0;
  /** Leaf-major: keys[leaf × stride + c] is the key last set, bit for bit; bucketOf the same layout. */
  private stride = 4;
  private keys: Float64Array;
  private bucketOf: Int8Array;
  /** Per leaf, bit c: the leaf is in one of column c's sets (what setRow compares with, so that a column holding
   *  −Infinity before and after costs nothing). */
  private readonly held: Int32Array;
  /** Word offsets of one set's levels, and words per set. */
  private readonly levelStart: number[];
  private readonly setWords: number;
  /** The levels above level 0 as a set of their own over level 0's words: its offset in a set, and its levels'
   *  offsets. move() edits the level-0 word itself and climbs only when that word turns zero or non-zero; with two
   *  levels (33 to 1,024 leaves) the climb is one bit of the top word, edited in place. */
  private readonly upper: number;
  private readonly upperStart: number[];
  /** 1 with two levels, else 0: a number, tested in one comparison twice per move (docs/performance.md, "truth
   *  tests"). */
  private readonly twoLevels: number;
  /** The sets: column c's for bucket b at words[(c × MAX_BUCKETS + b) × setWords ..]; counts[c × MAX_BUCKETS + b]
   *  leaves in it. */
  private words = new Int32Array(0);
  private counts = new Int32Array(0);
  /** Per bucket: its key and its position in descending key order. */
  private readonly value = new Float64Array(MAX_BUCKETS);
  private readonly position = new Int32Array(MAX_BUCKETS);
  /** The buckets in descending key order: order[0 .. bucketCount). */
  private readonly order = new Int32Array(MAX_BUCKETS);
  private bucketCount = 0;
  /** present[c × 2 + w], bit p: the bucket at position 32w + p holds a leaf in column c. */
  private present = new Int32Array(2 * MAX_COLUMNS);
  /** Set once more distinct keys are held than MAX_BUCKETS (or a NaN): every call goes there from then on. */
  private fallback: MaxForest | undefined;
  /** bucketFor's recent answers, one per slot of a hash of the key (NaN: none; bucket numbers change only in reorder,
   *  which clears them). */
  private readonly cachedKey = new Float64Array(CACHE_SLOTS).fill(NaN);
  private readonly cachedBucket = new Int8Array(CACHE_SLOTS);

  constructor(readonly length: number) {
    const levels = bitLevels(length);
    this.levelStart = levels.starts;
    this.setWords = levels.words;
    this.upper = levels.starts.length > 1 ? levels.starts[1] : levels.words;
    this.upperStart = levels.starts.slice(1).map((start) => start - this.upper);
    this.twoLevels = levels.starts.length === 2 ? 1 : 0;
    this.keys = new Float64Array(length * this.stride).fill(NEG_INF);
    this.bucketOf = new Int8Array(length * this.stride).fill(NONE);
    this.held = new Int32Array(length);
  }

  get columnCount(): number {
    return this.fallback ? this.fallback.columnCount : this.columns;
  }

  /** Whether the columns moved to a MaxForest (too many distinct keys, or a NaN). */
  get overflowed(): boolean {
    return this.fallback !== undefined;
  }

  /** Adds a column holding `keys` (keys[i] for leaf i) and returns its index. */
  addColumn(keys: Float64Array): number {
    if (this.fallback !== undefined) return this.fallback.addColumn(keys);
    if (this.columns === MAX_COLUMNS) throw new RangeError(`ValueBuckets: more than ${MAX_COLUMNS} columns`);
    if (this.columns === this.stride) this.widen();
    const c = this.columns++;
    this.allColumns |= 1 << c;
    this.words = grown(this.words, this.columns * MAX_BUCKETS * this.setWords);
    this.counts = grown(this.counts, this.columns * MAX_BUCKETS);
    // set() moves every column to the fallback if a key overflows; it then takes this column's remaining keys.
    for (let i = 0; i < this.length; i++) this.set(c, i, keys[i]);
    return c;
  }

  get(column: number, leaf: number): number {
    if (this.fallback !== undefined) return this.fallback.get(column, leaf);
    return this.keys[leaf * this.stride + column];
  }

  /** Sets one column's key for a leaf. */
  set(column: number, leaf: number, key: number): void {
    if (this.fallback !== undefined) {
      this.fallback.set(column, leaf, key);
      return;
    }
    const at = leaf * this.stride + column;
    if (Object.is(this.keys[at], key)) return;
    const bucket = key === NEG_INF ? NONE : this.bucketFor(key);
    if (this.fallback !== undefined) {
      (this.fallback as MaxForest).set(column, leaf, key);
      return;
    }
    this.keys[at] = key;
    const from = this.bucketOf[at];
    if (from === bucket) return;
    this.move(column, leaf, at, from, bucket);
    if (bucket === NONE) this.held[leaf] &= ~(1 << column);
    else this.held[leaf] |= 1 << column;
  }

  /**
   * Sets a leaf's key to `key` in the columns whose bit is set in `mask`, to −Infinity in the others (a node's key is
   * its weight where it passes): one bucket lookup, and only the columns that hold the leaf before or after.
   */
  setRow(leaf: number, key: number, mask: number): void {
    if (this.fallback !== undefined) {
      this.fallback.setRow(leaf, key, mask);
      return;
    }
    const on = key === NEG_INF ? 0 : mask & this.allColumns, was = this.held[leaf];
    if ((on | was) === 0) return;
    const bucket = on === 0 ? NONE : this.bucketFor(key);
    if (this.fallback !== undefined) {
      (this.fallback as MaxForest).setRow(leaf, key, mask);
      return;
    }
    const keys = this.keys, bucketOf = this.bucketOf, base = leaf * this.stride;
    this.held[leaf] = on;
    for (let columns = on | was; columns !== 0; columns &= columns - 1) {
      const c = lowestBit(columns), at = base + c, from = bucketOf[at];
      const to = ((on >>> c) & 1) !== 0 ? bucket : NONE;
      keys[at] = to === NONE ? NEG_INF : key;
      if (from !== to) this.move(c, leaf, at, from, to);
    }
  }

  /** The leftmost leaf with the largest key in the column, or −1 when every key is −Infinity. */
  argmaxLeftmost(column: number): number {
    if (this.fallback !== undefined) return this.fallback.argmaxLeftmost(column);
    const low = this.present[2 * column], high = this.present[2 * column + 1];
    // One comparison: `high === 0` alone never ran before a column first emptied, and then deoptimised its caller.
    if ((low | high) === 0) return -1;
    const bucket = this.order[low !== 0 ? lowestBit(low) : 32 + lowestBit(high)];
    return lowestLeaf(this.words, (column * MAX_BUCKETS + bucket) * this.setWords, this.levelStart);
  }

  /** Moves a leaf of a column from bucket `from` to `bucket`, another (NONE: no set). */
  private move(column: number, leaf: number, at: number, from: number, bucket: number): void {
    this.bucketOf[at] = bucket;
    const words = this.words, counts = this.counts, present = this.present, first = column * MAX_BUCKETS;
    const setWords = this.setWords, word = leaf >> 5, bit = 1 << (leaf & 31);
    if (from !== NONE) {
      const set = (first + from) * setWords, now = words[set + word] & ~bit;
      words[set + word] = now;
      if (now === 0) {
        if (this.twoLevels === 1) words[set + this.upper] &= ~(1 << word);
        else clearLeaf(words, set + this.upper, this.upperStart, word);
      }
      if (--counts[first + from] === 0) {
        // flip(), written out: setRow, with move inlined, leaves it out as a call (docs/performance.md, "inlining
        // budget"), and spread empties or fills a bucket on most moves.
        const p = this.position[from];
        present[2 * column + (p >> 5)] ^= 1 << (p & 31);
      }
    }
    if (bucket !== NONE) {
      const set = (first + bucket) * setWords, old = words[set + word];
      words[set + word] = old | bit;
      if (old === 0) {
        if (this.twoLevels === 1) words[set + this.upper] |= 1 << word;
        else markLeaf(words, set + this.upper, this.upperStart, word);
      }
      if (counts[first + bucket]++ === 0) {
        const p = this.position[bucket];
        present[2 * column + (p >> 5)] ^= 1 << (p & 31);
      }
    }
  }

  private flip(column: number, position: number): void {
    this.present[2 * column + (position >> 5)] ^= 1 << (position & 31);
  }

  /** The bucket of a key (not −Infinity), created when new; sets `fallback` instead when no bucket can hold it. */
  private bucketFor(key: number): number {
    // Few keys are held at once, so a key has usually been looked up before: the cache spares the binary search.
    const slot = Math.imul(key | 0, 0x9e3779b1) >>> CACHE_SHIFT;
    return this.cachedKey[slot] === key ? this.cachedBucket[slot] : this.searchBucket(key, slot);
  }

  /** bucketFor() past its cache, which it fills: a binary search of the held keys. Kept out of bucketFor so that the
   *  cache's test is small enough to be inlined where setRow is (docs/performance.md, "inlining budget"). */
  private searchBucket(key: number, slot: number): number {
    const order = this.order, value = this.value;
    // Descending order: the first position whose key is not above `key`.
    let lo = 0, hi = this.bucketCount;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (value[order[mid]] > key) lo = mid + 1;
      else hi = mid;
    }
    const bucket = lo < this.bucketCount && value[order[lo]] === key ? order[lo] : this.newBucket(key, lo);
    if (bucket !== NONE) {
      this.cachedKey[slot] = key;
      this.cachedBucket[slot] = bucket;
    }
    return bucket;
  }

  private newBucket(key: number, at: number): number {
    if (key !== key) {
      this.overflow();
      return NONE;
    }
    if (this.bucketCount === MAX_BUCKETS) {
      this.dropEmpty();
      // A quarter kept free, so that each drop (a pass over every leaf) buys at least 16 new keys.
      if (this.bucketCount > (MAX_BUCKETS * 3) / 4) {
        this.overflow();
        return NONE;
      }
      return this.bucketFor(key);
    }
    // Bucket numbers are 0 .. bucketCount − 1 at all times (dropEmpty renumbers), so the new one is bucketCount.
    const bucket = this.bucketCount;
    this.value[bucket] = key === 0 ? 0 : key;
    this.order.copyWithin(at + 1, at, this.bucketCount);
    this.order[at] = bucket;
    this.bucketCount++;
    this.reorder();
    return bucket;
  }

  /** Positions and present bits from `order` and the counts (after the order changed). */
  private reorder(): void {
    this.cachedKey.fill(NaN);
    for (let p = 0; p < this.bucketCount; p++) this.position[this.order[p]] = p;
    this.present.fill(0);
    for (let c = 0; c < this.columns; c++) {
      for (let b = 0; b < this.bucketCount; b++) if (this.counts[c * MAX_BUCKETS + b] > 0) this.flip(c, this.position[b]);
    }
  }

  /** Frees the buckets no leaf holds, renumbering the others in descending key order. */
  private dropEmpty(): void {
    const renumber = new Int8Array(MAX_BUCKETS).fill(NONE);
    let kept = 0;
    for (let p = 0; p < this.bucketCount; p++) {
      const b = this.order[p];
      let held = 0;
      for (let c = 0; c < this.columns; c++) held += this.counts[c * MAX_BUCKETS + b];
      if (held > 0) renumber[b] = kept++;
    }
    const setWords = this.setWords;
    const words = new Int32Array(this.words.length), counts = new Int32Array(this.counts.length);
    const value = Float64Array.from(this.value);
    for (let b = 0; b < this.bucketCount; b++) {
      const to = renumber[b];
      if (to === NONE) continue;
      this.value[to] = value[b];
      this.order[to] = to;
      for (let c = 0; c < this.columns; c++) {
        const from = c * MAX_BUCKETS + b, at = c * MAX_BUCKETS + to;
        words.set(this.words.subarray(from * setWords, (from + 1) * setWords), at * setWords);
        counts[at] = this.counts[from];
      }
    }
    this.words = words;
    this.counts = counts;
    for (let i = 0; i < this.bucketOf.length; i++) if (this.bucketOf[i] !== NONE) this.bucketOf[i] = renumber[this.bucketOf[i]];
    this.bucketCount = kept;
    this.reorder();
  }

  /** Moves every column to a MaxForest holding the keys set so far. */
  private overflow(): void {
    const forest = new MaxForest(this.length);
    const column = new Float64Array(this.length);
    for (let c = 0; c < this.columns; c++) {
      for (let i = 0; i < this.length; i++) column[i] = this.keys[i * this.stride + c];
      forest.addColumn(column);
    }
    this.fallback = forest;
    this.words = new Int32Array(0);
    this.counts = new Int32Array(0);
  }

  /** Doubles the keys' stride, keeping every column's keys and buckets. */
  private widen(): void {
    const stride = this.stride * 2;
    const keys = new Float64Array(this.length * stride).fill(NEG_INF);
    const bucketOf = new Int8Array(this.length * stride).fill(NONE);
    for (let i = 0; i < this.length; i++) {
      for (let c = 0; c < this.columns; c++) {
        keys[i * stride + c] = this.keys[i * this.stride + c];
        bucketOf[i * stride + c] = this.bucketOf[i * this.stride + c];
      }
    }
    this.keys = keys;
    this.bucketOf = bucketOf;
    this.stride = stride;
  }
}
