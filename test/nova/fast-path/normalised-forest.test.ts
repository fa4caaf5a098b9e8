// NormalisedForest against Nova's normalised weighing written out per candidate (nova/weights.py normalize and
// BaseWeigher.weigh_objects): after any sequence of set and remove, best() is the first host in host order among
// those with the largest score. Values come from a small pool so that hosts with identical vectors (ties), vectors
// that differ only in the sign of zero, and more distinct vectors than the groups' first capacity all occur.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { NormalisedForest, type WeighTerm } from '../../../src/nova/fast-path/normalised-forest.js';

type Op = { kind: 'set'; host: number; values: number[] } | { kind: 'remove'; host: number } | { kind: 'best' };

/** The reference's choice: scores in weigher order, the first host among equal largest scores; −1 when none. */
function referenceBest(terms: WeighTerm[], present: (number[] | undefined)[]): number {
  const hosts = present.flatMap((v, host) => (v ? [host] : []));
  if (hosts.length === 0) return -1;
  const scores = new Map<number, number>(hosts.map((h) => [h, 0]));
  terms.forEach((term, k) => {
    const values = hosts.map((h) => (present[h] as number[])[k]);
    const max = Math.max(...values);
    const low = term.floor ?? Math.min(...values);
    if (low === max) return;
    for (const h of hosts) scores.set(h, (scores.get(h) as number) + term.multiplier * (((present[h] as number[])[k] - low) / (max - low)));
  });
  let best = hosts[0];
  for (const h of hosts) if ((scores.get(h) as number) > (scores.get(best) as number)) best = h;
  return best;
}

describe('NormalisedForest', () => {
  it('best() is the reference choice after any mix of set and remove, ties and ±0 included', () => {
    const term = fc.record({
      multiplier: fc.constantFrom(1, -1, 2.5, -0.3, 1e6, -1e6, 1e-3),
      floor: fc.constantFrom(undefined, 0),
    });
    const pool = [-0, 0, 1, 2, 3, 5, 8, 1024, 4096, 1e6, -2, -7];
    fc.assert(fc.property(
      fc.array(term, { minLength: 1, maxLength: 5 }), fc.integer({ min: 1, max: 60 }),
      fc.array(fc.oneof(
        { weight: 6, arbitrary: fc.record({ kind: fc.constant('set' as const), host: fc.nat({ max: 59 }),
          values: fc.array(fc.constantFrom(...pool), { minLength: 5, maxLength: 5 }) }) },
        { weight: 2, arbitrary: fc.record({ kind: fc.constant('remove' as const), host: fc.nat({ max: 59 }) }) },
        { weight: 2, arbitrary: fc.constant({ kind: 'best' as const }) },
      ), { maxLength: 200 }),
      fc.nat({ max: 3 }),
      (terms, n, ops, narrow) => {
        const forest = new NormalisedForest(n, terms, Float64Array.from(terms, () => 1000));
        const present: (number[] | undefined)[] = new Array<number[] | undefined>(n).fill(undefined);
        for (const op of ops) {
          const host = op.kind === 'best' ? 0 : op.host % n;
          if (op.kind === 'set') {
            // Clamped at the floor, as the index passes them; `narrow` draws from fewer values for more ties.
            const values = terms.map((t, k) => {
              const v = narrow === 0 ? op.values[k] % 2 : op.values[k];
              return t.floor !== undefined && v < t.floor ? t.floor : v;
            });
            forest.set(host, Float64Array.from(values), 0);
            present[host] = values;
          } else if (op.kind === 'remove') {
            forest.remove(host);
            present[host] = undefined;
          } else {
            const expected = referenceBest(terms, present);
            expect(forest.prepare() ? forest.best() : -1).toBe(expected);
          }
          expect(forest.has(host)).toBe(present[host] !== undefined);
        }
        const out = new Float64Array(terms.length);
        present.forEach((values, host) => {
          if (!values) return;
          forest.valuesOf(host, out, 0);
          // The group's vector: equal to the host's up to the sign of zero (which changes no score).
          expect(Array.from(out).every((v, k) => v === values[k])).toBe(true);
        });
        expect(forest.prepare() ? forest.best() : -1).toBe(referenceBest(terms, present));
      }), { numRuns: 400 });
  });

  it('keeps the first host of a tied group as hosts join and leave it, across slot reuse and growth', () => {
    // 40 hosts over 20 distinct vectors (more than the first 16 slots), all tied on a single term with floor 0.
    const terms: WeighTerm[] = [{ multiplier: 1, floor: 0 }, { multiplier: -1, floor: undefined }];
    const forest = new NormalisedForest(40, terms, Float64Array.of(1, 1));
    for (let h = 0; h < 40; h++) forest.set(h, Float64Array.of(7, h % 20), 0);
    // Score = 1 − (h mod 20)/19: hosts 0 and 20 share the best vector; the first of them wins.
    forest.prepare();
    expect(forest.best()).toBe(0);
    forest.remove(0);
    forest.prepare();
    expect(forest.best()).toBe(20);
    forest.set(0, Float64Array.of(7, 0), 0);
    forest.prepare();
    expect(forest.best()).toBe(0);
    for (let h = 0; h < 40; h += 20) forest.remove(h);
    forest.prepare();
    // Vector (7, 1) is now the best; hosts 1 and 21 hold it.
    expect(forest.best()).toBe(1);
  });
});
