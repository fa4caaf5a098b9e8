// VmRecords hands out dense slots, reuses freed ones, and keeps every live record's fields when it grows.

import { describe, expect, it } from 'vitest';
import { VmRecords } from '../../src/model/vm-records.js';

describe('VmRecords', () => {
  it('keeps each live record through growth and slot reuse, and marks free slots with id −1', () => {
    const records = new VmRecords();
    const live = new Map<number, number>(); // id -> slot
    let next = 0;
    // Grow past the initial 1,024 slots twice while freeing every third record.
    for (let step = 0; step < 5000; step++) {
      const id = next++;
      const slot = records.add(id);
      expect(records.id(slot)).toBe(id);
      records.setHost(slot, id % 97);
      records.f64[records.arrivalIndex(slot)] = id + 0.5;
      records.fill(slot, id % 5, 1024 * (id % 7), id + 0.25, id % 11 - 1, id % 2 === 0, id % 3 === 0 ? id : -1, id % 4 === 0);
      live.set(id, slot);
      if (step % 3 === 2) {
        const victim = id - 1;
        records.remove(live.get(victim) as number);
        expect(records.id(live.get(victim) as number)).toBe(-1);
        live.delete(victim);
      }
    }
    const slots = new Set(live.values());
    expect(slots.size).toBe(live.size); // no two live VMs share a slot
    expect(Math.max(...slots)).toBeLessThan(live.size + 2); // freed slots were reused: the table stays dense
    for (const [id, slot] of live) {
      expect(records.id(slot)).toBe(id);
      expect(records.host(slot)).toBe(id % 97);
      expect(records.arrival(slot)).toBe(id + 0.5);
      expect([records.vcpus(slot), records.ramMiB(slot), records.diskGiB(slot), records.serverGroup(slot),
        records.counted(slot), records.downSince(slot), records.gaveUp(slot)])
        .toEqual([id % 5, 1024 * (id % 7), id + 0.25, id % 11 - 1, id % 2 === 0, id % 3 === 0 ? id : -1, id % 4 === 0]);
    }
  });
});

describe('VmRecords sized for the run', () => {
  it('hands out the same slots as records grown by doubling, every slot free (−1) until taken', () => {
    const expected = 3000;
    const sized = new VmRecords(expected), grown = new VmRecords();
    for (let slot = 0; slot < expected; slot++) expect(sized.id(slot), `slot ${slot}`).toBe(-1);
    const live: number[] = [];
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let id = 0; id < 8000; id++) {
      // Fill past the sized capacity (it then grows too), removing a random live record about every third step.
      const slot = sized.add(id);
      expect(grown.add(id)).toBe(slot);
      live.push(slot);
      if (random() < 0.35) {
        const victim = live.splice(Math.floor(random() * live.length), 1)[0];
        sized.remove(victim);
        grown.remove(victim);
      }
    }
    for (const slot of live) expect(sized.id(slot)).toBe(grown.id(slot));
  });
});
