// A VM's departure (its lifetime ended): Nova deletes it, which frees its host's resources and Nova's claim, then
// the VM lifecycle records the transition, then the run's listeners hear of it. One path for every VM, computed from
// the VM's record (World.records); the Vm object is loaded only when someone needs it (docs/performance.md, "cold
// objects"). What only some runs need (the Vm object, the event log, hooks) is in its own function, so that the part
// every departure runs stays small enough to be compiled as one piece (docs/performance.md, "inlining budget").

import type { PhysicalHost } from '../model/physical-host.js';
import type { Vm } from '../model/vm.js';
import type { RunContext } from './run-context.js';

/**
 * Departs the VM with this id and record slot now; nothing when the slot no longer holds it (it gave up).
 * `recordVm` writes its vms.csv row when the VM log is on.
 */
export function departVm(context: RunContext, vmId: number, slot: number, recordVm: ((vm: Vm) => void) | undefined): void {
  const world = context.world, records = world.records, hooks = context.hooks;
  if (records.id(slot) !== vmId) return;
  const hostId = records.host(slot), host = world.hosts[hostId];
  const down = hooks.downVmDeparted;
  const vm = hooks.vmDeparted.length > 0 || recordVm !== undefined || (down !== undefined && records.downSince(slot) >= 0)
    ? world.vms.get(vmId) : undefined;
  releaseVm(context, vmId, slot);
  context.lifecycle.departed(vmId, slot, vm);
  if (vm !== undefined || context.logEnabled || hooks.capacityFreed.length > 0 || hooks.vmDepartedId !== undefined) {
    tellDeparted(context, vmId, hostId, host, vm, recordVm);
  }
}

/** The departure's log row, the hooks told of it and its vms.csv row, then the capacityFreed hooks. */
function tellDeparted(context: RunContext, vmId: number, hostId: number, host: PhysicalHost, vm: Vm | undefined,
  recordVm: ((vm: Vm) => void) | undefined): void {
  const hooks = context.hooks;
  if (context.logEnabled) context.log('departure', vmId, host.name, '');
  if (vm !== undefined) {
    if (hooks.downVmDeparted !== undefined) for (const hook of hooks.downVmDeparted) hook(vm);
  }
  if (hooks.vmDepartedId !== undefined) for (const hook of hooks.vmDepartedId) hook(vmId);
  if (vm !== undefined) {
    for (const hook of hooks.vmDeparted) hook(vm);
    recordVm?.(vm);
  }
  if (host.up) for (const hook of hooks.capacityFreed) hook(host, hostId);
}

/** Nova deletes the VM: its host's resources and Nova's claim (and server-group membership) are freed. */
export function releaseVm(context: RunContext, vmId: number, slot: number): void {
  const records = context.world.records, hostId = records.host(slot);
  // The host's id from the record rather than the host object: the object's id lies past the fields a departure uses.
  context.nova.delete(vmId, context.world.hosts[hostId].computeNode, hostId, records.vcpus(slot), records.ramMiB(slot),
    records.diskGiB(slot), records.serverGroup(slot));
}
