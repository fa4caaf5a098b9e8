// Residency answers exactly as the per-host Set<number> it replaced: count, has, delete's result, and iteration in
// insertion order with Set's semantics when a loop adds and deletes ids on the host it is iterating (deleted ids not
// yet reached are skipped, added ids are visited), across tombstone compaction and region moves; copyInto gives the
// same ids in the same order.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Residency } from '../../src/model/residency.js';

const HOSTS = 3;

type Op =
  | { kind: 'add'; host: number; id: number }
  | { kind: 'delete'; host: number; id: number }
  /** Iterate the host; at visit `at`, apply `inner` (adds and deletes on any host, this one included). */
  | { kind: 'loop'; host: number; at: number; inner: Op[]; stopAfter: number };

const host = fc.nat({ max: HOSTS - 1 });
// Ids 0…40 over three hosts: a host holds a dozen or so, so loops reach `at` and regions fill, compact and move.
/** −1 inside a loop: the id the loop is visiting (deleting it and adding others is the delicate case). */
const id = fc.oneof({ weight: 4, arbitrary: fc.nat({ max: 40 }) }, { weight: 1, arbitrary: fc.constant(-1) });
const simple: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('add' as const), host, id }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('delete' as const), host, id }) },
);
const loop: fc.Arbitrary<Op> = fc.record({
  kind: fc.constant('loop' as const), host, at: fc.nat({ max: 12 }), inner: fc.array(simple, { maxLength: 16, size: 'max' }),
  stopAfter: fc.oneof(fc.constant(Infinity), fc.nat({ max: 40 })),
});
const op = fc.oneof({ weight: 9, arbitrary: simple }, { weight: 1, arbitrary: loop });

/** Applies an op to both, recording what each loop visited; add is only called for ids absent from that host. */
function apply(o: Op, sets: Set<number>[], residency: Residency, seenSet: number[], seenResidency: number[],
  current = 0): void {
  if (o.kind === 'add') {
    const v = o.id < 0 ? current : o.id;
    if (sets[o.host].has(v)) return;
    sets[o.host].add(v);
    residency.add(o.host, v);
  } else if (o.kind === 'delete') {
    const v = o.id < 0 ? current : o.id;
    expect(residency.delete(o.host, v)).toBe(sets[o.host].delete(v));
  } else {
    // Two loops side by side would interleave the inner ops differently, so run the Set's loop on copies first.
    const copies = sets.map((s) => new Set(s));
    const run = (visit: (o: Op, current: number) => void, ids: Iterable<number>, seen: number[]) => {
      let n = 0;
      for (const v of ids) {
        seen.push(v);
        if (n === o.at) for (const inner of o.inner) visit(inner, v);
        if (++n > o.stopAfter) break;
      }
    };
    run((inner, v) => applySetOnly(inner, copies, v), copies[o.host], seenSet);
    run((inner, v) => apply(inner, sets, residency, [], [], v), residency.of(o.host), seenResidency);
    copies.forEach((c, h) => expect([...sets[h]]).toEqual([...c]));
  }
}

function applySetOnly(o: Op, sets: Set<number>[], current: number): void {
  const v = o.kind === 'loop' ? 0 : o.id < 0 ? current : o.id;
  if (o.kind === 'add') sets[o.host].add(v);
  else if (o.kind === 'delete') sets[o.host].delete(v);
}

describe('Residency', () => {
  it('behaves as a Set per host, loops that change it included', () => {
    fc.assert(fc.property(fc.array(op, { minLength: 20, maxLength: 200, size: 'max' }), fc.constantFrom(1, 2, 4, 16), (ops, initialSlots) => {
      const sets = Array.from({ length: HOSTS }, () => new Set<number>());
      const residency = new Residency(HOSTS, initialSlots);
      const seenSet: number[] = [], seenResidency: number[] = [];
      for (const o of ops) {
        apply(o, sets, residency, seenSet, seenResidency);
        // Plain comparisons per op (expect() per op would dominate the run time), one expect on failure.
        let same = seenResidency.join() === seenSet.join();
        for (let h = 0; h < HOSTS && same; h++) {
          same = residency.count(h) === sets[h].size && [...residency.of(h)].join() === [...sets[h]].join();
          // copyInto: the same ids in the same order, as many as count().
          const copied = new Int32Array(residency.count(h));
          same &&= residency.copyInto(h, copied) === copied.length && copied.join() === [...sets[h]].join();
          for (let v = 0; v <= 40 && same; v += 7) same = residency.has(h, v) === sets[h].has(v);
        }
        if (!same) {
          expect(seenResidency).toEqual(seenSet);
          expect(sets.map((_, h) => [...residency.of(h)])).toEqual(sets.map((s) => [...s]));
          expect(sets.map((s, h) => residency.count(h) - s.size)).toEqual(sets.map(() => 0));
          throw new Error('has() differs from the Set');
        }
      }
    }), { numRuns: 1000 });
  });

  it('keeps memory bounded by the peak number of residents under churn', () => {
    const residency = new Residency(2);
    let next = 0;
    const live: number[] = [];
    for (let step = 0; step < 200_000; step++) {
      if (live.length < 20 && (live.length === 0 || step % 3 !== 0)) {
        residency.add(next % 2, next);
        live.push(next++);
      } else {
        const k = (step * 7919) % live.length;
        const [gone] = live.splice(k, 1);
        expect(residency.delete(gone % 2 === 0 ? 0 : 1, gone)).toBe(true);
      }
    }
    expect(residency.count(0) + residency.count(1)).toBe(live.length);
    // 20 live ids over two hosts: each region ends at most 64 slots; the arena never holds more than a few regions.
    expect((residency as unknown as { arena: Int32Array }).arena.length).toBeLessThanOrEqual(256);
  });
});
