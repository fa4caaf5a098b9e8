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
  /** A compact record of each VM in `vms`, kept equal to its Vm's fields; a VM's slot is `vm.record`. */
  readonly records: VmRecords;
  /** VMs that hold resources or may come back: running or down (objects dropped by keepAsRecord are rebuilt on get);
   *  each in its record's slot. */
  readonly vms: VmTable;
  hostsUp = 0;
  /** Which VMs are resident on which host. */
  private readonly residency: Residency;

  /** `expectedVms`: how many VMs the world is expected to hold at once (the records' first size; see VmRecords). */
  constructor(fleet: readonly HostGroup[], expectedVms = 0) {
    this.records = new VmRecords(expectedVms);
    this.vms = new VmTable(this.records);
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

  /**
   * The ids of the VMs resident on a host, in residence order, copied into `out` from index 0 (it must hold
   * residentCount(host)); returns how many. For loops that change no residency.
   */
  residentIdsInto(host: PhysicalHost, out: Int32Array): number {
    return this.residency.copyInto(host.id, out);
  }

  /** Reads the lines a host's next residency change will read and returns what it read (for read-ahead only). */
  residencyTouch(hostId: number): number {
    return this.residency.touch(hostId);
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
    const records = this.records;
    if (vm.record < 0) {
      const slot = records.add(vm.id);
      vm.record = slot;
      records.fill(slot, vm.vcpus, vm.ramMiB, vm.diskGiB, vm.serverGroup, vm.counted, vm.downSince, vm.gaveUp);
      vm.arrivalInto(records.f64, records.arrivalIndex(slot));
    }
    records.setHost(vm.record, hostId);
    this.vms.set(vm.id, vm, vm.record);
  }

  /** Takes a VM's resources off its host (evacuation away from a dead host, HA restart, migration source). */
  unplace(vm: Vm): void {
    if (vm.host < 0) return;
    const host = this.hosts[vm.host];
    this.release(host, vm.id, vm.vcpus, vm.ramMiB, vm.diskGiB, host.reservationRamMiB(vm.vcpus, vm.ramMiB, vm.memReservationMiB),
      host.reservationMhz(vm.cpuReservationMhz));
    vm.host = -1;
  }

  /**
   * Takes a VM off its host from its id and resources (its record's fields), without reading the Vm object: the
   * departure path (docs/performance.md, "cold objects"); the VM is forgotten right after.
   */
  release(host: PhysicalHost, vmId: number, vcpus: number, ramMiB: number, diskGiB: number, reservedRamMiB = 0,
    reservedMhz = 0): void {
    if (!this.residency.delete(host.id, vmId)) throw new CapacityViolation(`vm ${vmId} is not on ${host.name}`);
    this.unreserve(host, vcpus, ramMiB, diskGiB, reservedRamMiB, reservedMhz);
  }

  /** Holds resources on a host without a resident VM (e.g. the destination of an in-flight vMotion). */
  reserve(host: PhysicalHost, vcpus: number, ramMiB: number, diskGiB: number, reservedRamMiB = 0, reservedMhz = 0): void {
    host.addUsage(vcpus, ramMiB, diskGiB, reservedRamMiB, reservedMhz);
  }

  /** Gives back resources held with reserve(). */
  unreserve(host: PhysicalHost, vcpus: number, ramMiB: number, diskGiB: number, reservedRamMiB = 0, reservedMhz = 0): void {
    host.removeUsage(vcpus, ramMiB, diskGiB, reservedRamMiB, reservedMhz);
    if (host.usedVcpus < -1e-9 || host.usedRamMiB < -1e-9 || host.usedDiskGiB < -1e-9 || host.reservedRamMiB < -1e-9 ||
      host.reservedMhz < -1e-9) {
      throw new CapacityViolation(`${host.name}: usage below zero`);
    }
  }

  /**
   * Drops the object of a placed, running VM whose side record holds only defaults, keeping the VM as its record:
   * vms.get() rebuilds an equal object when someone needs one. Most VMs run until they depart, and a departure reads
   * the record alone, so their objects die young instead of being copied by collections for the VM's whole life.
   * Only for runs where nothing else holds the object (its callers hold none of it after this).
   */
  keepAsRecord(vm: Vm): void {
    if (vm.record < 0 || vm.host < 0 || vm.state !== 'running' || !vm.plain) {
      throw new Error(`keepAsRecord: vm ${vm.id} is not a placed, running VM with default side fields`);
    }
    this.records.keepObjectFields(vm);
    this.vms.dropObject(vm.id);
  }

  /** Forgets a VM whose resources are released (departed, given up): it leaves the live VMs and its record is freed. */
  forget(vmId: number, slot: number): void {
    this.vms.deleteAt(vmId, slot);
    this.records.remove(slot);
  }

  setHostUp(host: PhysicalHost, up: boolean): void {
    if (host.up === up) return;
    host.up = up;
    this.hostsUp += up ? 1 : -1;
  }
}
