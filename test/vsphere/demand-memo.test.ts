// DemandMemo remembers one answer per demand (all five fields), forgets everything on reset(), and keeps more
// demands than its first allocation holds.

import { describe, expect, it } from 'vitest';
import { DemandMemo } from '../../src/vsphere/demand-memo.js';

const base = { vcpus: 4, ramMiB: 8192, diskGiB: 40, memReservationMiB: 0, cpuReservationMhz: 0 };

describe('DemandMemo', () => {
  it('answers per demand, every field counting, until reset', () => {
    const memo = new DemandMemo();
    expect(memo.get(base)).toBe(-1);
    memo.set(base, 1);
    const others = [
      { ...base, vcpus: 8 }, { ...base, ramMiB: 16384 }, { ...base, diskGiB: 80 },
      { ...base, memReservationMiB: 1024 }, { ...base, cpuReservationMhz: 500 },
    ];
    for (const other of others) expect(memo.get(other)).toBe(-1);
    others.forEach((other, k) => memo.set(other, (k % 2) as 0 | 1));
    expect(memo.get(base)).toBe(1);
    others.forEach((other, k) => expect(memo.get({ ...other })).toBe(k % 2));
    memo.reset();
    expect(memo.get(base)).toBe(-1);
    for (const other of others) expect(memo.get(other)).toBe(-1);
  });

  it('holds many demands', () => {
    const memo = new DemandMemo();
    for (let v = 1; v <= 50; v++) memo.set({ ...base, vcpus: v }, (v % 2) as 0 | 1);
    for (let v = 1; v <= 50; v++) expect(memo.get({ ...base, vcpus: v })).toBe(v % 2);
    expect(memo.get({ ...base, vcpus: 51 })).toBe(-1);
  });
});
