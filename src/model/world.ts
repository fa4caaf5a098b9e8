// The world: physical hosts and live VMs. Its methods are the only way to change them, and they check invariants.

import { DEFAULT_CORE_MHZ, PhysicalHost } from './physical-host.js';
import type { Vm } from './vm.js';
import { Residency } from './residency.js';
import { VmTable } from './vm-table.js';
import { VmRecords } from './vm-records.js';
import type { HostGroup } from '../scenario/schema.js';

export class CapacityViolation extends Error {}

export class World {
  readonly hosts: PhysicalHost[] = [];
  /** VMs that hold resources or may come back: running or down. */
  readonly vms = new VmTable();
  /** A compact record of each VM in `vms` (see plainHost); a VM's slot is `vm.record`. */
  readonly records = new VmRecords();
  hostsUp = 0;
  /** Which VMs are resident on which host. */
  private readonly residency: Residency;

  constructor(fleet: readonly HostGroup[]) {
    for (const group of fleet) {
      for (let n = 0; n < group.count; n++) {
        const id = this.hosts.length;
        const host = new PhysicalHost(id, `${group.group}-${n}`, group.group, group.az, group.cpus, group.ramMiB, group.diskGiB);
        host.coreMhz = group.coreMhz ?? DEFAULT_CORE_MHZ;
        this.hosts.push(host);
      }
    }
    this.hostsUp = this.hosts.length;
    this.residency = new Residency(this.hosts.length);
  }

  /** Ids of the VMs resident on a host, in the order they were placed there (see Residency for loops that change it). */
  residents(host: PhysicalHost): Iterable<number> {
    return this.residency.of(host.id);
  }

  /** How many VMs are resident on a host. */
  residentCount(host: PhysicalHost): number {
    return this.residency.count(host.id);
  }

  /** Puts a VM's resources on a host. Throws if the VM is placed already, the host is down or the VM does not fit. */
  place(vm: Vm, hostId: number): void {
    const host = this.hosts[hostId];
    if (vm.host >= 0) throw new CapacityViolation(`place ${vm.id} on ${host.name}: still placed on ${this.hosts[vm.host].name}`);
    if (!host.up) throw new CapacityViolation(`place ${vm.id} on ${host.name}: host is down`);
    if (!host.fits(vm.vcpus, vm.ramMiB, vm.diskGiB, vm.memReservationMiB, vm.cpuReservationMhz)) {
      throw new CapacityViolation(
        `place vm ${vm.id} (${vm.vcpus} vcpu, ${vm.ramMiB} MiB, ${vm.diskGiB} GiB) on ${host.name}: ` +
          `used ${host.usedVcpus}/${host.capVcpus} vcpu, ${host.usedRamMiB}/${host.capRamMiB} MiB, ${host.usedDiskGiB}/${host.capDiskGiB} GiB, ` +
          `reserved ${host.reservedRamMiB}/${host.reservableRamMiB} MiB, ${host.reservedMhz}/${host.reservableMhz} MHz`,
      );
    }
    this.reserve(host, vm.vcpus, vm.ramMiB, vm.diskGiB, host.reservationRamMiB(vm.vcpus, vm.ramMiB, vm.memReservationMiB),
      host.reservationMhz(vm.cpuReservationMhz));
    this.residency.add(hostId, vm.id);
    vm.host = hostId;
    this.vms.set(vm.id, vm);
    if (vm.record < 0) {
      const records = this.records, slot = records.add(vm.id);
      vm.record = slot;
      records.plainHost[slot] = hostId;
      records.flavor[slot] = vm.flavor;
      records.serverGroup[slot] = vm.serverGroup;
      records.counted[slot] = vm.counted ? 1 : 0;
      records.arrival[slot] = vm.arrival;
    }
  }

  /**
   * The host the VM with this id and record slot was first placed on, while it has stayed there and that host has
   * stayed up; −1 otherwise (moved, taken down with its host, gone). Such a VM has been running on that host, and on
   * the compute node that host reports, since it was built: its departure can be computed from its record alone.
   */
  plainHost(slot: number, id: number): number {
    return this.records.id[slot] === id ? this.records.plainHost[slot] : -1;
  }

  private notPlain(vm: Vm): void {
    if (vm.record >= 0) this.records.plainHost[vm.record] = -1;
  }

  /**
   * unplace() for a VM still on its first host (plainHost), from its id and resources alone: the same changes to the
   * host, without loading the Vm object (whose `host` field is left as it was: the caller forgets the VM at once).
   */
  unplacePlain(id: number, hostId: number, vcpus: number, ramMiB: number, diskGiB: number): void {
    // An ESXi host's reservation accounting needs the VM's reservations, which its record does not hold: use unplace.
    if (this.hosts[hostId].admitsByReservation) throw new CapacityViolation(`vm ${id}: unplacePlain on ESXi host`);
    if (!this.residency.delete(hostId, id)) {
      throw new CapacityViolation(`vm ${id} is not on ${this.hosts[hostId].name}`);
    }
    this.release(this.hosts[hostId], vcpus, ramMiB, diskGiB);
  }

  /** forget() for a VM released with unplacePlain. */
  forgetPlain(slot: number, id: number): void {
    this.vms.delete(id);
    this.records.remove(slot);
  }

  /** Takes a VM's resources off its host (departure, evacuation away from a dead host, migration source). */
  unplace(vm: Vm): void {
    if (vm.host < 0) return;
    this.notPlain(vm);
    const host = this.hosts[vm.host];
    this.residency.delete(host.id, vm.id);
    this.release(host, vm.vcpus, vm.ramMiB, vm.diskGiB, host.reservationRamMiB(vm.vcpus, vm.ramMiB, vm.memReservationMiB),
      host.reservationMhz(vm.cpuReservationMhz));
    vm.host = -1;
  }

  /** Holds resources on a host without a resident VM (e.g. the destination of an in-flight vMotion). */
  reserve(host: PhysicalHost, vcpus: number, ramMiB: number, diskGiB: number, reservedRamMiB = 0, reservedMhz = 0): void {
    host.addUsage(vcpus, ramMiB, diskGiB, reservedRamMiB, reservedMhz);
  }

  release(host: PhysicalHost, vcpus: number, ramMiB: number, diskGiB: number, reservedRamMiB = 0, reservedMhz = 0): void {
    host.addUsage(-vcpus, -ramMiB, -diskGiB, -reservedRamMiB, -reservedMhz);
    if (host.usedVcpus < -1e-9 || host.usedRamMiB < -1e-9 || host.usedDiskGiB < -1e-9 || host.reservedRamMiB < -1e-9 ||
      host.reservedMhz < -1e-9) {
      throw new CapacityViolation(`${host.name}: usage below zero`);
    }
  }

  /** Forgets a VM that no longer holds or may regain resources (departed, lost). */
  forget(vm: Vm): void {
    this.unplace(vm);
    this.vms.delete(vm.id);
    if (vm.record >= 0) {
      this.records.remove(vm.record);
      vm.record = -1;
    }
  }

  setHostUp(host: PhysicalHost, up: boolean): void {
    if (host.up === up) return;
    if (!up) {
      for (const id of this.residency.of(host.id)) {
        const vm = this.vms.get(id);
        if (vm) this.notPlain(vm);
      }
    }
    host.up = up;
    this.hostsUp += up ? 1 : -1;
  }
}
