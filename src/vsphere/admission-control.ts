// vSphere HA admission control arithmetic (vSphere API ClusterFailoverResourcesAdmissionControlPolicy,
// ClusterFailoverLevelAdmissionControlPolicy, ClusterFailoverHostAdmissionControlPolicy): whether a new power-on keeps
// the cluster able to absorb host failures. Pure functions over capacities and reservations. As vSphere counts them
// (vSphere Availability, "Percentage of Cluster Resources Admission Control" and "Slot Policy Admission Control"), a
// powered-on VM holds its CPU reservation, at least 32 MHz (das.vmcpuminmhz), and its memory reservation plus memory
// overhead, not its configured size: behind Nova's default flavors (no reservation) that is the overhead alone.

export interface Resources {
  cpuMhz: number;
  ramMiB: number;
}

/** The CPU a VM without a larger reservation counts for in HA admission control (das.vmcpuminmhz), MHz. */
export const HA_MIN_CPU_MHZ = 32;

/** The percentage policy's default: one host's share of the cluster, rounded up (8 hosts → 13 %). */
export function defaultPercentage(hostCount: number): number {
  return hostCount > 0 ? Math.ceil(100 / hostCount) : 0;
}

/** Percentage policy: after the power-on, at least `percent` % of cluster CPU and of RAM stay unreserved. */
export function percentageAdmits(capacity: Resources, reserved: Resources, request: Resources, percent: number): boolean {
  const keep = 1 - percent / 100;
  return reserved.cpuMhz + request.cpuMhz <= keep * capacity.cpuMhz + 1e-9 &&
    reserved.ramMiB + request.ramMiB <= keep * capacity.ramMiB + 1e-9;
}

/** Slots a host holds: min(CPU slots, memory slots). A zero slot dimension does not limit. */
export function slotsPerHost(host: Resources, slot: Resources): number {
  const cpu = slot.cpuMhz > 0 ? Math.floor(host.cpuMhz / slot.cpuMhz) : Infinity;
  const ram = slot.ramMiB > 0 ? Math.floor(host.ramMiB / slot.ramMiB) : Infinity;
  const slots = Math.min(cpu, ram);
  return Number.isFinite(slots) ? slots : 0;
}

/**
 * Slot policy: slot = the largest CPU and the largest memory reservation among powered-on VMs and the new one; the
 * powered-on VMs plus the new one must fit in the slots left after losing the `tolerate` hosts with the most slots.
 */
export function slotAdmits(hosts: readonly Resources[], largestPoweredOn: Resources, poweredOnCount: number,
  request: Resources, tolerate: number): boolean {
  const slot = {
    cpuMhz: Math.max(largestPoweredOn.cpuMhz, request.cpuMhz),
    ramMiB: Math.max(largestPoweredOn.ramMiB, request.ramMiB),
  };
  return slotsAfterFailures(hosts, slot, tolerate) >= poweredOnCount + 1;
}

/** Total slots of the hosts that remain when the `tolerate` hosts with the most slots are lost. */
export function slotsAfterFailures(hosts: readonly Resources[], slot: Resources, tolerate: number): number {
  const slots = hosts.map((h) => slotsPerHost(h, slot)).sort((a, b) => b - a);
  let total = 0;
  for (let i = tolerate; i < slots.length; i++) total += slots[i];
  return total;
}
