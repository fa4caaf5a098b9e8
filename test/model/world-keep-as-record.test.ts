// World.keepAsRecord drops a running VM's object and keeps its record; vms.get() rebuilds an object equal to the one
// dropped, field by field and bit for bit, keeps it (one object per VM from then on), and the table's order, size
// and has() are as if nothing had been dropped. Checked over enough VMs to grow the records past their first buffer.

import { describe, expect, it } from 'vitest';
import { World } from '../../src/model/world.js';
import { Vm } from '../../src/model/vm.js';

const FIELDS = ['id', 'flavor', 'vcpus', 'ramMiB', 'diskGiB', 'arrival', 'lifetime', 'haPriority', 'counted', 'state',
  'outcome', 'host', 'computeNode', 'attempts', 'record', 'serverGroup', 'failures', 'recoveries', 'downSince',
  'downtimeS', 'dataLost', 'gaveUp', 'poweredOff', 'departureHandle', 'requiredHypervisor', 'memReservationMiB',
  'cpuReservationMhz', 'bootFromVolume', 'plain'] as const;
const fields = (vm: Vm) => Object.fromEntries(FIELDS.map((f) => [f, vm[f]]));

function world(hosts = 64): World {
  return new World([{ group: 'g', count: hosts, cpus: 1e6, ramMiB: 1e9, diskGiB: 1e9, az: 'az1' }]);
}

/** A VM with fractional, negative-zero and large field values, placed on a host. */
function placed(w: World, id: number): Vm {
  const vm = new Vm(id, id % 7, 1 + (id % 4), 512 * (1 + (id % 9)) + 0.5, id % 3 === 0 ? -0 : 20 + id / 3,
    id === 0 ? -0 : id * 61.7 + 1e-9, (id % 5) * 3600.123 + 1 / 3, id % 6, id % 2 === 0);
  vm.serverGroup = id % 4 === 0 ? -1 : id % 13;
  vm.attempts = 1 + (id % 3);
  w.place(vm, id % w.hosts.length);
  vm.computeNode = (id * 7) % w.hosts.length;
  return vm;
}

describe('World.keepAsRecord', () => {
  it('rebuilds each dropped VM equal to the one dropped, once, in the same table order', () => {
    const w = world();
    const expected = new Map<number, Record<string, unknown>>();
    const kept: Vm[] = [];
    for (let id = 0; id < 3000; id++) {
      const vm = placed(w, id);
      expected.set(id, fields(vm));
      if (id % 5 === 4) kept.push(vm); // some keep their objects
      else w.keepAsRecord(vm);
      if (id % 7 === 6) { // free some records so that slots are reused
        const victim = id - 3;
        const gone = w.vms.get(victim) as Vm;
        w.release(w.hosts[gone.host], victim, gone.vcpus, gone.ramMiB, gone.diskGiB);
        w.forget(victim, gone.record);
        expected.delete(victim);
      }
    }
    expect(w.vms.size).toBe(expected.size);
    for (const vm of kept) if (expected.has(vm.id)) expect(w.vms.get(vm.id)).toBe(vm);
    for (const [id, want] of expected) {
      expect(w.vms.has(id)).toBe(true);
      const vm = w.vms.get(id) as Vm;
      expect(fields(vm)).toEqual(want);
      expect(w.vms.get(id)).toBe(vm);
    }
    expect([...w.vms.values()].map((vm) => vm.id)).toEqual([...expected.keys()]);
  });

  it('values() rebuilds the dropped VMs it lists, in placement order', () => {
    const w = world();
    const ids = [5, 3, 9, 4];
    for (const id of ids) w.keepAsRecord(placed(w, id));
    expect([...w.vms.values()].map((vm) => [vm.id, vm.arrival])).toEqual(ids.map((id) => [id, id * 61.7 + 1e-9]));
  });

  it('valuesOnce() lists the same VMs in the same order, rebuilding dropped ones without keeping them', () => {
    const w = world();
    const vms = [7, 2, 11, 5, 8].map((id) => placed(w, id));
    for (const vm of vms) if (vm.id !== 11) w.keepAsRecord(vm);
    const once = [...w.vms.valuesOnce()];
    expect(once.map(fields)).toEqual(vms.map(fields));
    for (const [i, vm] of once.entries()) {
      // The object kept (id 11) is the one listed; a rebuilt one is not kept, so get() makes another, equal one.
      if (vm.id === 11) expect(vm).toBe(vms[i]);
      else expect(w.vms.get(vm.id)).not.toBe(vm);
      expect(fields(w.vms.get(vm.id) as Vm)).toEqual(fields(vm));
    }
  });

  it('refuses a VM that is not placed, not running, or has a side record', () => {
    const w = world();
    const unplaced = new Vm(1, 0, 1, 512, 20, 0, 10, 2, true);
    expect(() => w.keepAsRecord(unplaced)).toThrow(/not a placed, running VM/);
    const down = placed(w, 2);
    down.state = 'down';
    expect(() => w.keepAsRecord(down)).toThrow(/not a placed, running VM/);
    const reserved = placed(w, 3);
    reserved.bootFromVolume = true;
    expect(reserved.plain).toBe(false);
    expect(() => w.keepAsRecord(reserved)).toThrow(/not a placed, running VM/);
    expect(w.vms.get(2)).toBe(down);
    expect(w.vms.get(3)).toBe(reserved);
  });
});
