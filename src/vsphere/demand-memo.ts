// vSphere HA asks the same capacity question ("does this VM fit on any usable host?", "where would DRS put it?") for
// every VM waiting for a restart, and VMs of one flavor ask it with the same demand: within a loop that has not
// changed the cluster since, the first answer stands for them all.

import { grown } from '../engine/typed-arrays.js';
import type { Demand } from './vcenter-cluster.js';

/** Answers (0 or 1) per demand, until reset(); the caller resets it whenever the cluster may have changed. */
export class DemandMemo {
  /** Per remembered demand: vCPUs, memory, disk, memory and CPU reservations, then the answer. */
  private keys = new Float64Array(6 * 8);
  private count = 0;

  reset(): this {
    this.count = 0;
    return this;
  }

  /** The answer remembered for this demand (1 or 0), or −1 when there is none. */
  get(vm: Demand): number {
    const keys = this.keys;
    for (let k = 0; k < this.count; k++) {
      const at = 6 * k;
      if (keys[at] === vm.vcpus && keys[at + 1] === vm.ramMiB && keys[at + 2] === vm.diskGiB &&
        keys[at + 3] === vm.memReservationMiB && keys[at + 4] === vm.cpuReservationMhz) return keys[at + 5];
    }
    return -1;
  }

  set(vm: Demand, answer: 0 | 1): void {
    if (6 * (this.count + 1) > this.keys.length) this.keys = grown(this.keys, 2 * this.keys.length);
    const keys = this.keys, at = 6 * this.count++;
    keys[at] = vm.vcpus;
    keys[at + 1] = vm.ramMiB;
    keys[at + 2] = vm.diskGiB;
    keys[at + 3] = vm.memReservationMiB;
    keys[at + 4] = vm.cpuReservationMhz;
    keys[at + 5] = answer;
  }
}
