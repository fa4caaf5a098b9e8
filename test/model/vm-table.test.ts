// VmTable answers exactly as the Map<number, Vm> it replaced: get, has, delete, size and values() in insertion
// order (a set on a present id keeps its place; delete then set moves it to the end), across page boundaries.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Vm } from '../../src/model/vm.js';
import { VmTable } from '../../src/model/vm-table.js';

type Op = { kind: 'set'; id: number } | { kind: 'delete'; id: number } | { kind: 'values' };

// Ids cluster in a few pages (0…3071) plus a far one, so pages fill, empty, are dropped and come back.
const id = fc.oneof(fc.nat({ max: 3071 }), fc.constantFrom(1023, 1024, 2047, 2048, 1_000_000));
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('set' as const), id }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('delete' as const), id }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('values' as const) }) },
);

const vmOf = (id: number, version: number) => new Vm(id, version, 1, 1, 1, 0, 1, 0, true);

describe('VmTable', () => {
  it('behaves like Map<number, Vm> for get, has, set, delete, size and values() order', () => {
    fc.assert(fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
      const ref = new Map<number, Vm>();
      const table = new VmTable();
      ops.forEach((o, step) => {
        if (o.kind === 'set') {
          const vm = vmOf(o.id, step);
          ref.set(o.id, vm);
          table.set(o.id, vm);
        } else if (o.kind === 'delete') {
          expect(table.delete(o.id)).toBe(ref.delete(o.id));
        } else {
          expect([...table.values()]).toEqual([...ref.values()]);
        }
        expect(table.size).toBe(ref.size);
        if (o.kind !== 'values') {
          expect(table.get(o.id)).toBe(ref.get(o.id));
          expect(table.has(o.id)).toBe(ref.has(o.id));
        }
      });
      expect([...table.values()].map((v) => v.id)).toEqual([...ref.keys()]);
      expect(table.get(5_000_000)).toBeUndefined();
    }));
  });

  it('rejects ids it cannot index', () => {
    const table = new VmTable();
    for (const bad of [-1, 0.5, 2 ** 31]) expect(() => table.set(bad, vmOf(0, 0))).toThrow(RangeError);
  });
});
