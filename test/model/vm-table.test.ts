// VmTable answers exactly as the Map<number, Vm> it replaced: get, has, delete, size and values() in insertion
// order (a set on a present id keeps its place; delete then set moves it to the end), across page boundaries. Its
// entries sit in VmRecords slots, taken and freed here as World.place and World.forget do; a departure's deletion
// (deleteAt) leaves a stale page entry behind and a dropped object is rebuilt from its record, and neither shows.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Vm } from '../../src/model/vm.js';
import { VmTable } from '../../src/model/vm-table.js';
import { VmRecords } from '../../src/model/vm-records.js';

type Op = { kind: 'set' | 'delete' | 'deleteAt' | 'drop'; id: number } | { kind: 'values' };

// Ids cluster in a few pages (0…3071) plus a far one, so pages fill, empty, are dropped and come back.
const id = fc.oneof(fc.nat({ max: 3071 }), fc.constantFrom(1023, 1024, 2047, 2048, 1_000_000));
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('set' as const), id }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), id }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('deleteAt' as const), id }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('drop' as const), id }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('values' as const) }) },
);

const vmOf = (id: number, version: number) => new Vm(id, version, 1, 1, 1, 0, 1, 0, true);

describe('VmTable', () => {
  it('behaves like Map<number, Vm> for get, has, set, delete, size and values() order', () => {
    fc.assert(fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
      const ref = new Map<number, Vm>();
      const records = new VmRecords();
      const table = new VmTable(records);
      const slotOf = new Map<number, number>();
      const dropped = new Set<number>();
      // The same VM: the very object unless it was dropped, then an equal one rebuilt from its record (which the
      // table keeps from then on).
      const same = (got: Vm | undefined, vmId: number) => {
        const want = ref.get(vmId);
        if (want === undefined || !dropped.has(vmId)) {
          expect(got).toBe(want);
        } else {
          expect([got?.id, got?.flavor, got?.record]).toEqual([want.id, want.flavor, want.record]);
          ref.set(vmId, got as Vm);
          dropped.delete(vmId);
        }
      };
      const forget = (vmId: number) => {
        records.remove(slotOf.get(vmId) as number);
        slotOf.delete(vmId);
        dropped.delete(vmId);
        ref.delete(vmId);
      };
      ops.forEach((o, step) => {
        if (o.kind === 'set') {
          const vm = vmOf(o.id, step);
          ref.set(o.id, vm);
          let slot = slotOf.get(o.id);
          if (slot === undefined) {
            slot = records.add(o.id);
            slotOf.set(o.id, slot);
          }
          vm.record = slot;
          table.set(o.id, vm, slot);
          dropped.delete(o.id);
        } else if (o.kind === 'delete') {
          const deleted = table.delete(o.id);
          expect(deleted).toBe(ref.has(o.id));
          if (deleted) forget(o.id);
        } else if (o.kind === 'deleteAt') {
          if (!ref.has(o.id)) return;
          table.deleteAt(o.id, slotOf.get(o.id) as number);
          forget(o.id);
        } else if (o.kind === 'drop') {
          const vm = ref.get(o.id);
          if (vm === undefined) return;
          if (!dropped.has(o.id)) records.keepObjectFields(vm);
          table.dropObject(o.id);
          dropped.add(o.id);
        } else {
          const got = [...table.values()];
          expect(got.map((v) => v.id)).toEqual([...ref.keys()]);
          for (const v of got) same(v, v.id);
        }
        expect(table.size).toBe(ref.size);
        if (o.kind !== 'values') {
          same(table.get(o.id), o.id);
          expect(table.has(o.id)).toBe(ref.has(o.id));
        }
      });
      expect([...table.values()].map((v) => v.id)).toEqual([...ref.keys()]);
      expect(table.get(5_000_000)).toBeUndefined();
    }));
  });

  it('rejects ids it cannot index', () => {
    const table = new VmTable(new VmRecords());
    for (const bad of [-1, 0.5, 2 ** 31]) expect(() => table.set(bad, vmOf(0, 0), 0)).toThrow(RangeError);
  });

  it('keeps a live id in the slot it was added with', () => {
    const records = new VmRecords();
    const table = new VmTable(records);
    const slot = records.add(7);
    table.set(7, vmOf(7, 0), slot);
    const other = records.add(8);
    expect(() => table.set(7, vmOf(7, 1), other)).toThrow(/slot/);
    const replacement = vmOf(7, 2);
    table.set(7, replacement, slot);
    expect(table.get(7)).toBe(replacement);
  });
});
