// A physical server (KVM hypervisor or ESXi host): its size, what the platform lets it hold, and what it holds.

export class PhysicalHost {
  /** Resources held by VMs on this host (including in-flight vMotion reservations). */
  usedVcpus = 0;
  usedRamMiB = 0;
  usedDiskGiB = 0;
  /** Ids of VMs resident here. */
  readonly vms = new Set<number>();
  up = true;
  /** Index of the Nova compute node that exposes this host. */
  computeNode = -1;

  constructor(
    readonly id: number,
    readonly name: string,
    readonly group: string,
    readonly az: string,
    readonly cpus: number,
    readonly ramMiB: number,
    readonly diskGiB: number,
    /** Limits the platform enforces on this host (allocation ratios for KVM, overcommit for ESXi). */
    public capVcpus: number = cpus,
    public capRamMiB: number = ramMiB,
    public capDiskGiB: number = diskGiB,
  ) {}

  get freeVcpus(): number {
    return this.capVcpus - this.usedVcpus;
  }
  get freeRamMiB(): number {
    return this.capRamMiB - this.usedRamMiB;
  }
  get freeDiskGiB(): number {
    return this.capDiskGiB - this.usedDiskGiB;
  }

  fits(vcpus: number, ramMiB: number, diskGiB: number): boolean {
    return this.usedVcpus + vcpus <= this.capVcpus && this.usedRamMiB + ramMiB <= this.capRamMiB &&
      this.usedDiskGiB + diskGiB <= this.capDiskGiB;
  }
}
