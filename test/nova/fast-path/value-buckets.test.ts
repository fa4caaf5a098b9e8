// ValueBuckets against the rule it stands for (MaxForest's): after any sequence of set, setRow and addColumn, each
// column's argmaxLeftmost is the lowest leaf holding the column's largest key (±0 equal, −1 when every key is
// −Infinity), and get returns the key last set, bit for bit. Keys come from a small pool (ties, ±0) or a wide one
// (more distinct keys than the buckets hold, so the move to a MaxForest happens mid-run); a walk through many keys
// with few held at once checks that freed buckets are reused without that move.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ValueBuckets } from '../../../src/nova/fast-path/value-buckets.js';

const LENGTHS = [1, 5, 32, 33, 100, 1025];
const SMALL_POOL = [-Infinity, -Infinity, -0, 0, 8192, 16384, -8192, 131072, 1.5, -Infinity];

/** The rule: lowest leaf whose key is ≥ every key of the column, −1 when all are −Infinity. */
function leftmostMax(column: number[]): number {
  let best = -1;
  for (let i = 0; i < column.length; i++) {
    if (column[i] === -Infinity) continue;
    if (best < 0 || column[i] > column[best]) best = i;
  }
  return best;
}

describe('ValueBuckets', () => {
  it('argmaxLeftmost is the leftmost largest key and get the key last set, after any mix of updates', () => {
    fc.assert(fc.property(fc.constantFrom(...LENGTHS), fc.boolean(), fc.array(fc.record({ a: fc.nat(), b: fc.nat(),
      kind: fc.nat({ max: 9 }), picks: fc.array(fc.nat(), { minLength: 5, maxLength: 5 }) }), { maxLength: 150 }),
    (length, wide, raw) => {
      const buckets = new ValueBuckets(length);
      const model: number[][] = [];
      const keyOf = (x: number): number => (wide ? (x % 7 === 0 ? -Infinity : (x % 97) * 1024 - 4096) : SMALL_POOL[x % SMALL_POOL.length]);
      const leafOf = (x: number): number => (x % 2 === 0 ? x % length : [0, 31, 32, 1023, 1024, length - 1][x % 6] % length);
      for (const { a, b, kind, picks } of raw) {
        if (kind === 0 || model.length === 0) {
          if (model.length === 5) continue;
          const column = Array.from({ length }, (_, i) => keyOf(a + i * (b % 13 + 1)));
          expect(buckets.addColumn(Float64Array.from(column))).toBe(model.length);
          model.push(column);
        } else if (kind < 5) {
          const column = b % model.length, leaf = leafOf(a), key = keyOf(picks[0]);
          buckets.set(column, leaf, key);
          model[column][leaf] = key;
        } else {
          // A node's row: one key where its mask's bit is set, −Infinity elsewhere (the key may be −Infinity too).
          const leaf = leafOf(a), key = keyOf(picks[0]), mask = picks[1] & 31;
          buckets.setRow(leaf, key, mask);
          model.forEach((column, c) => (column[leaf] = ((mask >> c) & 1) !== 0 ? key : -Infinity));
        }
        for (let c = 0; c < model.length; c++) {
          expect(buckets.argmaxLeftmost(c)).toBe(leftmostMax(model[c]));
          for (const leaf of [leafOf(a), 0, length - 1]) expect(Object.is(buckets.get(c, leaf), model[c][leaf])).toBe(true);
        }
      }
      expect(buckets.columnCount).toBe(model.length);
      if (!wide) expect(buckets.overflowed).toBe(false);
    }), { numRuns: 80 });
  });

  it('keeps the summary levels exact while sparse buckets empty and refill their words', () => {
    // Few leaves hold a key at all, so a bucket's level-0 words keep turning zero and non-zero and the levels above
    // are edited on most moves (two levels at 1,000 leaves, three past 1,024).
    fc.assert(fc.property(fc.constantFrom(100, 1000, 1100), fc.array(fc.record({ leaf: fc.nat(), key: fc.nat({ max: 11 }),
      mask: fc.nat({ max: 7 }) }), { minLength: 50, maxLength: 300 }), (length, ops) => {
      const buckets = new ValueBuckets(length);
      const model = [0, 1, 2].map(() => new Array<number>(length).fill(-Infinity));
      for (const column of model) buckets.addColumn(Float64Array.from(column));
      for (const { leaf: raw, key: k, mask } of ops) {
        // Three leaves in each of a few words, among them the words on both sides of a level-1 word's boundary.
        const word = [0, 1, 2, 31, 32, 33][raw % 6], leaf = (word * 32 + ((raw >> 3) % 3)) % length;
        const key = k < 6 ? -Infinity : [-0, 0, 4096, -4096, 8192, 1][k - 6];
        buckets.setRow(leaf, key, mask);
        model.forEach((column, c) => (column[leaf] = ((mask >> c) & 1) !== 0 ? key : -Infinity));
        for (let c = 0; c < model.length; c++) expect(buckets.argmaxLeftmost(c)).toBe(leftmostMax(model[c]));
      }
      expect(buckets.overflowed).toBe(false);
    }), { numRuns: 60 });
  });

  it('finds a column whose keys all rank below the 32 largest held (its present bits only in the second word)', () => {
    // Column 0 holds 40 distinct keys, column 1 only the smallest ones: column 1's first present word is then empty.
    const length = 40;
    const buckets = new ValueBuckets(length);
    const first = Array.from({ length }, (_, i) => 1000 - i);
    const second = Array.from({ length }, (_, i) => (i >= 35 ? first[i] : -Infinity));
    buckets.addColumn(Float64Array.from(first));
    buckets.addColumn(Float64Array.from(second));
    expect(buckets.argmaxLeftmost(1)).toBe(35);
    for (const leaf of [35, 36, 37, 38]) {
      buckets.set(1, leaf, -Infinity);
      second[leaf] = -Infinity;
      expect(buckets.argmaxLeftmost(1)).toBe(leftmostMax(second));
    }
    buckets.set(1, 39, -Infinity);
    expect(buckets.argmaxLeftmost(1)).toBe(-1);
    expect(buckets.argmaxLeftmost(0)).toBe(0);
  });

  it('reuses the buckets of keys no leaf holds any more, and moves to a MaxForest only when too many are held at once', () => {
    const length = 40;
    const buckets = new ValueBuckets(length);
    const keys = Array.from({ length }, (_, i) => (i % 4) * 10000 + i);
    buckets.addColumn(Float64Array.from(keys));
    // 2,000 updates walk each leaf's key upwards: ~2,000 distinct keys over the run, never more than 40 at once.
    for (let step = 0; step < 2000; step++) {
      const leaf = (step * 7) % length;
      keys[leaf] += 1 + (step % 3);
      buckets.set(0, leaf, keys[leaf]);
      expect(buckets.argmaxLeftmost(0)).toBe(leftmostMax(keys));
    }
    expect(buckets.overflowed).toBe(false);
    // Now 40 leaves in each of two columns with keys of their own: 80 distinct keys held at once.
    const second = Array.from({ length }, (_, i) => -1000 - i);
    buckets.addColumn(Float64Array.from(second));
    expect(buckets.overflowed).toBe(true);
    for (let leaf = 0; leaf < length; leaf += 3) {
      second[leaf] = 5000 - leaf;
      buckets.set(0, leaf, keys[leaf]);
      buckets.set(1, leaf, second[leaf]);
      expect(buckets.argmaxLeftmost(1)).toBe(leftmostMax(second));
      expect(buckets.argmaxLeftmost(0)).toBe(leftmostMax(keys));
    }
  });
});
