// LeftmostSets against the rule it stands for: after any sequence of set and setRow, each column's argmaxLeftmost is
// the lowest leaf whose key is 0 (−1 when none) and get returns the key last set. Leaf counts straddle the word and
// level boundaries (32 and 1,024 leaves: one, two and three levels), so climbs through every level and columns added
// late both occur; a four-level case is walked leaf by leaf.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LeftmostSets } from '../../../src/nova/fast-path/leftmost-sets.js';

type Op = { kind: 'set'; column: number; leaf: number; on: boolean } | { kind: 'setRow'; leaf: number; off: boolean; on: boolean[] }
  | { kind: 'addColumn'; on: number[] };

const LENGTHS = [1, 5, 31, 32, 33, 64, 1000, 1024, 1025, 1100];

describe('LeftmostSets', () => {
  it('argmaxLeftmost is the lowest leaf holding 0 and get the key last set, after any mix of updates', () => {
    fc.assert(fc.property(fc.constantFrom(...LENGTHS), fc.array(fc.record({ a: fc.nat(), b: fc.nat(), on: fc.boolean(),
      kind: fc.nat({ max: 9 }), flags: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }) }), { maxLength: 120 }),
    (length, raw) => {
      const sets = new LeftmostSets(length);
      const model: boolean[][] = [];
      // Leaves near the ends and the word boundaries are the interesting ones: half the picks land there.
      const leafOf = (x: number): number => (x % 2 === 0 ? x % length : [0, 31, 32, 1023, 1024, length - 1][x % 6] % length);
      const ops: Op[] = raw.map(({ a, b, on, kind, flags }) => {
        // Decided here, before any op runs: `model` is still empty, so it cannot choose the kind. Half the columns start
        // empty, so that the few leaves the ops set decide their answers.
        if (kind === 0) {
          return { kind: 'addColumn', on: Array.from({ length: Math.min(length, 8) }, (_, i) => (b % 2 === 0 ? 0 : (a >> i) & 1)) };
        }
        if (kind < 5) return { kind: 'set', column: b % 4, leaf: leafOf(a), on };
        // A row with key −Infinity holds no column whatever its mask says.
        return { kind: 'setRow', leaf: leafOf(a), off: on && b % 3 === 0, on: flags };
      });
      for (const op of ops) {
        if (op.kind === 'addColumn') {
          if (model.length === 4) continue;
          // Columns start with keys on a scattered pattern, so addColumn's own sets are checked too.
          const keys = new Float64Array(length).fill(-Infinity);
          const column = Array.from({ length }, (_, i) => op.on[i % op.on.length] === 1 && i % 3 !== 1);
          column.forEach((on, i) => (keys[i] = on ? 0 : -Infinity));
          expect(sets.addColumn(keys)).toBe(model.length);
          model.push(column);
        } else if (op.kind === 'set') {
          if (op.column >= model.length) continue;
          sets.set(op.column, op.leaf, op.on ? 0 : -Infinity);
          model[op.column][op.leaf] = op.on;
        } else {
          let mask = 0;
          for (let c = 0; c < model.length; c++) if (op.on[c]) mask |= 1 << c;
          sets.setRow(op.leaf, op.off ? -Infinity : 0, mask);
          for (let c = 0; c < model.length; c++) model[c][op.leaf] = op.on[c] && !op.off;
        }
        for (let c = 0; c < model.length; c++) {
          expect(sets.argmaxLeftmost(c)).toBe(model[c].indexOf(true));
          if (op.kind !== 'addColumn') expect(Object.is(sets.get(c, op.leaf), model[c][op.leaf] ? 0 : -Infinity)).toBe(true);
        }
      }
      expect(sets.columnCount).toBe(model.length);
    }), { numRuns: 60 });
  });

  it('finds the lowest set leaf through four levels as leaves are set and cleared from the top down', () => {
    const length = 33000; // 1,032 words, then 33, 2 and 1
    const sets = new LeftmostSets(length);
    sets.addColumn(new Float64Array(length).fill(-Infinity));
    expect(sets.argmaxLeftmost(0)).toBe(-1);
    const leaves = [32999, 32768, 31744, 1024, 1023, 32, 31, 0];
    for (const leaf of leaves) {
      sets.set(0, leaf, 0);
      expect(sets.argmaxLeftmost(0)).toBe(leaf);
    }
    for (let i = leaves.length - 1; i > 0; i--) {
      sets.set(0, leaves[i], -Infinity);
      expect(sets.argmaxLeftmost(0)).toBe(leaves[i - 1]);
    }
    sets.set(0, leaves[0], -Infinity);
    expect(sets.argmaxLeftmost(0)).toBe(-1);
  });

  it('refuses a key it cannot order (anything but 0 and −Infinity)', () => {
    const sets = new LeftmostSets(10);
    sets.addColumn(new Float64Array(10));
    for (const key of [1, -0, -1, Infinity, NaN]) {
      expect(() => sets.set(0, 3, key)).toThrow(RangeError);
      expect(() => sets.setRow(4, key, 1)).toThrow(RangeError);
    }
  });
});
