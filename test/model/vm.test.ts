// Vm keeps its rarely changed fields (failure history, recovery flags, extra specs, image requirement) in a record
// made on the first non-default write: reading them must give what was last written, defaults included, in any order.
// Its arrival and lifetime are kept as the halves of their bits: they read back as the very numbers given.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Vm } from '../../src/model/vm.js';

const DEFAULTS = {
  failures: 0, recoveries: 0, downSince: -1, downtimeS: 0, dataLost: false, gaveUp: false, poweredOff: false,
  departureHandle: -1, requiredHypervisor: undefined as 'kvm' | 'vmware' | undefined, memReservationMiB: 0,
  cpuReservationMhz: 0, bootFromVolume: false,
};
type Field = keyof typeof DEFAULTS;
const FIELDS = Object.keys(DEFAULTS) as Field[];

const valueFor = (field: Field): fc.Arbitrary<unknown> => {
  const d = DEFAULTS[field];
  if (typeof d === 'boolean') return fc.boolean();
  if (field === 'requiredHypervisor') return fc.constantFrom(undefined, 'kvm', 'vmware');
  // The default itself often, so writes back to the default are exercised.
  return fc.oneof(fc.constant(d), fc.constant(-0), fc.integer({ min: -1, max: 5 }), fc.double({ min: 0, max: 1e6, noNaN: true }));
};
const write = fc.constantFrom(...FIELDS).chain((field) => valueFor(field).map((value) => ({ field, value })));

const fields = (vm: Vm): Record<Field, unknown> =>
  Object.fromEntries(FIELDS.map((f) => [f, vm[f]])) as Record<Field, unknown>;

describe('Vm', () => {
  it('starts with the documented defaults', () => {
    expect(fields(new Vm(0, 0, 1, 1, 1, 0, 1, 0, true))).toEqual(DEFAULTS);
  });

  it('reads back the last value written to each rarely changed field', () => {
    fc.assert(fc.property(fc.array(write, { maxLength: 40 }), (writes) => {
      const vm = new Vm(0, 0, 1, 1, 1, 0, 1, 0, true);
      const model: Record<string, unknown> = { ...DEFAULTS };
      for (const { field, value } of writes) {
        (vm as unknown as Record<string, unknown>)[field] = value;
        model[field] = value;
        expect(fields(vm)).toEqual(model);
      }
    }));
  });

  it('reads back its arrival and lifetime bit for bit, also into a record', () => {
    const time = fc.oneof(fc.double(), fc.constantFrom(-0, 0, 86400, 2 ** 31, -(2 ** 31), 2 ** 53 + 2, Infinity));
    fc.assert(fc.property(time, time, (arrival, lifetime) => {
      const vm = new Vm(7, 0, 1, 1, 1, arrival, lifetime, 0, true);
      expect(Object.is(vm.arrival, arrival)).toBe(true);
      expect(Object.is(vm.lifetime, lifetime)).toBe(true);
      expect(Object.is(vm.departureTime, arrival + lifetime)).toBe(true);
      const out = new Float64Array(3);
      vm.arrivalInto(out, 2);
      expect(Object.is(out[2], arrival)).toBe(true);
    }), { numRuns: 2_000 });
  });

  it('reuse makes an object equal, field by field, to a new Vm of the same arguments', () => {
    const args = fc.tuple(fc.nat(), fc.nat(7), fc.double({ min: 0, max: 64, noNaN: true }), fc.nat(1 << 20),
      fc.nat(2000), fc.double(), fc.double(), fc.nat(3), fc.boolean());
    fc.assert(fc.property(args, args, fc.array(write, { maxLength: 8 }), (first, second, writes) => {
      const vm = new Vm(...first);
      // Whatever the previous VM's story was: placed, rejected, with a side record.
      vm.state = 'rejected';
      vm.outcome = 'rejected_late';
      vm.host = 3;
      vm.computeNode = 2;
      vm.attempts = 3;
      vm.record = 9;
      vm.serverGroup = 4;
      for (const { field, value } of writes) (vm as unknown as Record<string, unknown>)[field] = value;
      vm.reuse(...second);
      const fresh = new Vm(...second);
      expect(vm).toEqual(fresh);
      expect(vm.plain).toBe(true);
      expect(fields(vm)).toEqual(DEFAULTS);
      expect(Object.is(vm.arrival, fresh.arrival) && Object.is(vm.lifetime, fresh.lifetime)).toBe(true);
    }), { numRuns: 500 });
  });

  it('counts with ++ and += like a plain field', () => {
    const vm = new Vm(0, 0, 1, 1, 1, 0, 1, 0, true);
    vm.failures++;
    vm.failures++;
    vm.downtimeS += 1.5;
    vm.recoveries += 0;
    expect([vm.failures, vm.downtimeS, vm.recoveries]).toEqual([2, 1.5, 0]);
  });
});
