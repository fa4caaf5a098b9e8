// VMwareVCDriver: one Nova compute node fronts a vSphere cluster. vCenter checks admission control, then DRS picks
// the ESXi host; when none fits, the build fails back to Nova, which reschedules (nova/virt/vmwareapi/driver.py
// VMwareVCDriver @ 2013.1).

import type { Vm } from '../model/vm.js';
import type { World } from '../model/world.js';
import { SPAWN_ADMISSION, SPAWN_NO_HOST, type ComputeDriver } from '../nova/compute-node.js';
import type { DrsBalancer } from './drs-balancer.js';
import type { VcenterCluster } from './vcenter-cluster.js';

export class VcDriver implements ComputeDriver {
  constructor(
    private readonly world: World,
    readonly cluster: VcenterCluster,
    readonly drs: DrsBalancer,
  ) {}

  spawn(vm: Vm): number {
    const cluster = this.cluster;
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

  /** ESXi's reservation accounting needs the VM's reservations, which the departure record lacks: read them off the VM. */
  destroy(vmId: number, hostId: number, vcpus: number, ramMiB: number, diskGiB: number): void {
    this.drs.abort(vmId);
    const vm = this.world.vms.get(vmId);
    if (!vm) throw new Error(`vm ${vmId} leaves a vSphere cluster but is not in the world`);
    const host = this.world.hosts[hostId];
    const changes = host.changes;
    this.world.release(host, vmId, vcpus, ramMiB, diskGiB, host.reservationRamMiB(vcpus, ramMiB, vm.memReservationMiB),
      host.reservationMhz(vm.cpuReservationMhz));
    this.cluster.residentChanged(this.cluster.localIndex(host), vm, -1, changes);
    this.cluster.refreshDatastore();
  }
}
