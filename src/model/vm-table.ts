// The world's live VMs by id, with the part of Map's interface the model uses (get, has, set, delete, size,
// values() in insertion order). VM ids are handed out in arrival order, so the table is a direct-indexed array
// split into pages of PAGE ids: a lookup is two array reads instead of a hash, and a page is dropped once none of
// its VMs is live, so memory follows the live VMs (plus one page pointer per PAGE ids ever used).
// values() is for the horizon and tests: it sorts the live entries by insertion order, exactly as a Map iterates.

import type { Vm } from './vm.js';

const PAGE_BITS = 10;
const PAGE = 1 << PAGE_BITS;

interface Page {
  vms: (Vm | undefined)[];
  /** Insertion sequence of each entry (Map order: a set on a present id keeps its place). */
  order: Float64Array;
  live: number;
}

export class VmTable {
  // One placeholder entry, not none (docs/performance.md, "stable shapes").
  private readonly pages: (Page | undefined)[] = [undefined];
  private count = 0;
  private sequence = 0;

  get size(): number {
    return this.count;
  }

  get(id: number): Vm | undefined {
    const page = this.pages[id >>> PAGE_BITS];
    return page === undefined ? undefined : page.vms[id & (PAGE - 1)];
  }

  has(id: number): boolean {
    return this.get(id) !== undefined;
  }

  set(id: number, vm: Vm): this {
    if (!(Number.isInteger(id) && id >= 0 && id < 2 ** 31)) throw new RangeError(`VmTable: id ${id} is not a non-negative int32`);
    const p = id >>> PAGE_BITS;
    while (this.pages.length <= p) this.pages.push(undefined);
    let page = this.pages[p];
    if (page === undefined) {
      page = { vms: new Array<Vm | undefined>(PAGE).fill(undefined), order: new Float64Array(PAGE), live: 0 };
      this.pages[p] = page;
    }
    const i = id & (PAGE - 1);
    if (page.vms[i] === undefined) {
      page.order[i] = this.sequence++;
      page.live++;
      this.count++;
    }
    page.vms[i] = vm;
    return this;
  }

  delete(id: number): boolean {
    const p = id >>> PAGE_BITS;
    const page = this.pages[p];
    if (page === undefined) return false;
    const i = id & (PAGE - 1);
    if (page.vms[i] === undefined) return false;
    page.vms[i] = undefined;
    page.live--;
    this.count--;
    if (page.live === 0) this.pages[p] = undefined;
    return true;
  }

  /** Live VMs in insertion order (as Map.prototype.values). */
  values(): IterableIterator<Vm> {
    const entries: { vm: Vm; order: number }[] = [];
    for (const page of this.pages) {
      if (page === undefined) continue;
      for (let i = 0; i < PAGE; i++) {
        const vm = page.vms[i];
        if (vm !== undefined) entries.push({ vm, order: page.order[i] });
      }
    }
    entries.sort((a, b) => a.order - b.order);
    return entries.map((e) => e.vm)[Symbol.iterator]();
  }
}
