// VMwareVCDriver: one Nova compute node fronts a vSphere cluster. vCenter checks admission control, then DRS picks
// the ESXi host; when none fits, the build fails back to Nova, which reschedules (nova/virt/vmwareapi/driver.py
// VMwareVCDriver @ 2013.1).

import type { Vm } from '../model/vm.js';
import type { World } from '../model/world.js';
import { SPAWN_ADMISSION, SPAWN_NO_HOST, type ComputeDriver } from '../nova/compute-node.js';
import type { DrsBalancer } from './drs-balancer.js';
import type { Demand, VcenterCluster } from './vcenter-cluster.js';

export class VcDriver implements ComputeDriver {
  constructor(
    private readonly world: World,
    readonly cluster: VcenterCluster,
    readonly drs: DrsBalancer,
  ) {}

  /** Whether a VM with a memory or CPU reservation was ever spawned here (VMs enter a cluster only by spawn). */
  private reservationsSeen = false;
  /** destroy()'s demand when no VM here has reservations. */
  private readonly leaving = { vcpus: 0, ramMiB: 0, diskGiB: 0, memReservationMiB: 0, cpuReservationMhz: 0 };

  spawn(vm: Vm): number {
    const cluster = this.cluster;
    if (vm.memReservationMiB !== 0 || vm.cpuReservationMhz !== 0) this.reservationsSeen = true;
    if (!cluster.admits(vm)) return SPAWN_ADMISSION;
    const i = cluster.drsPlacement(vm);
    if (i < 0) {
      // Room only on a dedicated failover host: it is admission control that keeps the VM off it.
      return cluster.failoverPlacement(vm) >= 0 ? SPAWN_ADMISSION : SPAWN_NO_HOST;
    }
    const host = cluster.hosts[i];
    const changes = host.changes;
    this.world.place(vm, host.id);
    cluster.residentChanged(i, vm, 1, changes);
    cluster.refreshDatastore();
    return host.id;
  }

  /**
   * ESXi's reservation accounting needs the VM's reservations, which the departure record lacks: read them off the VM,
   * unless no VM here ever had any (then they are 0 and the departure does not touch the Vm object).
   */
  destroy(vmId: number, hostId: number, vcpus: number, ramMiB: number, diskGiB: number): void {
    this.drs.abort(vmId);
    let demand: Demand;
    if (this.reservationsSeen) {
      const vm = this.world.vms.get(vmId);
      if (!vm) throw new Error(`vm ${vmId} leaves a vSphere cluster but is not in the world`);
      demand = vm;
    } else {
      const leaving = this.leaving;
      leaving.vcpus = vcpus;
      leaving.ramMiB = ramMiB;
      leaving.diskGiB = diskGiB;
      demand = leaving;
    }
    const host = this.world.hosts[hostId];
    const changes = host.changes;
    this.world.release(host, vmId, vcpus, ramMiB, diskGiB, host.reservationRamMiB(vcpus, ramMiB, demand.memReservationMiB),
      host.reservationMhz(demand.cpuReservationMhz));
    this.cluster.residentChanged(this.cluster.localIndex(host), demand, -1, changes);
    this.cluster.refreshDatastore();
  }
}
