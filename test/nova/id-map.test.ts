import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ABSENT, IdMap } from '../../src/nova/id-map.js';

type Op = { kind: 'set'; id: number; value: number } | { kind: 'delete'; id: number };

describe('IdMap', () => {
  it('agrees with a Map after any sequence of sets and deletes, through growth and collisions', () => {
    // Ids from a narrow range collide and reuse slots; a wide one grows the table from its smallest size.
    const op = (maxId: number) => fc.oneof(
      fc.record({ kind: fc.constant('set' as const), id: fc.integer({ min: 0, max: maxId }), value: fc.integer({ min: 0, max: 1e6 }) }),
      fc.record({ kind: fc.constant('delete' as const), id: fc.integer({ min: 0, max: maxId }) }),
    );
    const ops = fc.oneof(fc.array(op(40), { maxLength: 400 }), fc.array(op(2_000_000), { maxLength: 400 }));
    fc.assert(fc.property(ops, (list: Op[]) => {
      const map = new IdMap(1);
      const reference = new Map<number, number>();
      for (const o of list) {
        if (o.kind === 'set') {
          map.set(o.id, o.value);
          reference.set(o.id, o.value);
        } else {
          expect(map.delete(o.id)).toBe(reference.delete(o.id));
        }
        expect(map.size).toBe(reference.size);
      }
      for (let id = 0; id <= 40; id++) {
        expect(map.has(id)).toBe(reference.has(id));
        expect(map.get(id)).toBe(reference.get(id) ?? ABSENT);
      }
      for (const [id, value] of reference) expect(map.get(id)).toBe(value);
    }), { numRuns: 300 });
  });

  it('keeps every entry reachable when a burst of sequential ids is added and removed in another order', () => {
    const map = new IdMap(4);
    const ids = Array.from({ length: 5000 }, (_, i) => 1_000_000 + 3 * i);
    ids.forEach((id, i) => map.set(id, i));
    for (let i = 0; i < ids.length; i += 2) expect(map.delete(ids[i])).toBe(true);
    expect(map.size).toBe(2500);
    ids.forEach((id, i) => expect(map.get(id)).toBe(i % 2 === 0 ? ABSENT : i));
    for (let i = 1; i < ids.length; i += 2) expect(map.delete(ids[i])).toBe(true);
    expect(map.size).toBe(0);
    expect(map.delete(ids[1])).toBe(false);
  });

  it('rejects keys that are not VM ids and negative values', () => {
    const map = new IdMap();
    expect(() => map.set(-1, 0)).toThrow(/not a VM id/);
    expect(() => map.set(1.5, 0)).toThrow(/not a VM id/);
    expect(() => map.set(2 ** 31, 0)).toThrow(/not a VM id/);
    expect(() => map.set(3, -1)).toThrow(/not ≥ 0/);
    expect(() => map.set(3, Number.NaN)).toThrow(/not ≥ 0/);
  });
});
