// A run's vms.csv rows written to a file while the run goes on, in VM id order (the order the in-memory log sorted
// them into). A VM's row is kept as numbers in typed-array pages until every lower id has its row, then it goes to
// the run's part file. Memory follows the VMs whose rows wait for a lower id.

import { CsvPartFile } from '../output/csv-part-file.js';
import { round } from '../metrics/run-metrics.js';
import type { Vm, VmOutcome } from '../model/vm.js';
import { VM_COLUMNS } from './run-result.js';

const OUTCOMES: readonly (VmOutcome | undefined)[] = [undefined, 'rejected_no_valid_host', 'rejected_late',
  'rejected_admission', 'departed', 'running', 'down'];
const PAGE_BITS = 12;
const PAGE = 1 << PAGE_BITS;
const RECORDED = 1;
const DATA_LOST = 2;

class Page {
  readonly arrival = new Float64Array(PAGE);
  readonly downtime = new Float64Array(PAGE);
  readonly attempts = new Float64Array(PAGE);
  readonly recoveries = new Float64Array(PAGE);
  readonly flavor = new Int32Array(PAGE);
  readonly host = new Int32Array(PAGE);
  readonly node = new Int32Array(PAGE);
  readonly outcome = new Uint8Array(PAGE);
  readonly flags = new Uint8Array(PAGE);
}

export class VmLogFile {
  private readonly file: CsvPartFile;
  private readonly pages: (Page | undefined)[] = [];
  /** The lowest id whose row is not yet written. */
  private next = 0;

  constructor(dir: string, private readonly arm: string, private readonly replication: number,
    private readonly flavors: readonly { name: string }[], private readonly hosts: readonly { name: string }[],
    private readonly nodes: readonly { name: string }[]) {
    this.file = new CsvPartFile(`${dir}/vms.csv`, VM_COLUMNS);
  }

  /** The temporary file holding this run's rows (no header), to be appended to vms.csv. */
  get path(): string {
    return this.file.path;
  }

  record(vm: Vm): void {
    const id = vm.id;
    const p = id >>> PAGE_BITS;
    while (this.pages.length <= p) this.pages.push(undefined);
    const page = this.pages[p] ??= new Page();
    const i = id & (PAGE - 1);
    if (page.flags[i] & RECORDED) throw new Error(`vms.csv: VM ${id} recorded twice`);
    page.arrival[i] = vm.arrival;
    page.downtime[i] = vm.downtimeS;
    page.attempts[i] = vm.attempts;
    page.recoveries[i] = vm.recoveries;
    page.flavor[i] = vm.flavor;
    page.host[i] = vm.host;
    page.node[i] = vm.computeNode;
    page.outcome[i] = OUTCOMES.indexOf(vm.outcome);
    page.flags[i] = RECORDED | (vm.dataLost ? DATA_LOST : 0);
    if (id === this.next) this.advance(false);
  }

  /** Writes every remaining row (ids never recorded are skipped) and closes the file. */
  finish(): void {
    this.advance(true);
    this.file.close();
  }

  /** Writes rows from `next` on while they are recorded (to the end, skipping gaps, when `all`). */
  private advance(all: boolean): void {
    for (;;) {
      const p = this.next >>> PAGE_BITS;
      if (p >= this.pages.length) return;
      const page = this.pages[p];
      const i = this.next & (PAGE - 1);
      if (page !== undefined && page.flags[i] & RECORDED) this.file.write(this.row(page, i, this.next));
      else if (!all) return;
      this.next++;
      // A page whose rows are all written is dropped.
      if ((this.next & (PAGE - 1)) === 0) this.pages[p] = undefined;
    }
  }

  private row(page: Page, i: number, id: number): (string | number)[] {
    const host = page.host[i], node = page.node[i];
    return [id, this.arm, this.replication, this.flavors[page.flavor[i]].name, round(page.arrival[i]),
      OUTCOMES[page.outcome[i]] ?? '', host >= 0 ? this.hosts[host].name : '', node >= 0 ? this.nodes[node].name : '',
      page.attempts[i], round(page.downtime[i]), page.recoveries[i], page.flags[i] & DATA_LOST ? 1 : 0];
  }
}
