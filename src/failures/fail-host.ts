// The two state changes every failure process makes, in one place: a host fails (its running VMs go down, then
// recovery policies hear of it) and a host is repaired (VMs still on it run again).

import { releaseVm } from '../kernel/depart-vm.js';
import type { RunContext } from '../kernel/run-context.js';
import type { PhysicalHost } from '../model/physical-host.js';
import type { Vm } from '../model/vm.js';

/** Marks the host down, counts the failure, takes its running VMs down, then calls the hostFailed hooks. */
export function failHost(context: RunContext, host: PhysicalHost): void {
  if (!host.up) return;
  const { world, metrics, sim, lifecycle } = context;
  world.setHostUp(host, false);
  metrics.hostFailures++;
  let down = 0;
  for (const id of world.residents(host)) {
    const vm = world.vms.get(id);
    // A VM already down (e.g. an HA restart in progress onto this host) is not affected twice.
    if (vm && vm.state === 'running') {
      lifecycle.down(vm, sim.now);
      down++;
    }
  }
  context.log('host_failed', '', host.name, `vms_down=${down}`);
  for (const hook of context.hooks.hostFailed) hook(host);
}

/** Marks the host up; VMs still on it that are down (no recovery moved them) run again; then the hostRepaired hooks. */
export function repairHost(context: RunContext, host: PhysicalHost): void {
  if (host.up) return;
  const { world, sim, lifecycle } = context;
  world.setHostUp(host, true);
  let back = 0;
  for (const id of world.residents(host)) {
    const vm = world.vms.get(id);
    if (vm && vm.state === 'down') {
      lifecycle.recovered(vm, sim.now, false);
      back++;
    }
  }
  context.log('host_repaired', '', host.name, `vms_back=${back}`);
  for (const hook of context.hooks.hostRepaired) hook(host);
}

/**
 * A down VM will never run again: Nova deletes it, it leaves the world, and its downtime runs to its departure.
 * The caller drops it from its own queues; vmDeparted hooks are not called (the VM did not depart).
 */
export function loseVm(context: RunContext, vm: Vm): void {
  const { sim, world } = context;
  if (vm.departureHandle >= 0) sim.cancel(vm.departureHandle);
  vm.departureHandle = -1;
  const host = vm.host >= 0 ? world.hosts[vm.host] : undefined;
  releaseVm(context, vm.id, vm.record);
  context.lifecycle.gaveUp(vm);
  context.log('vm_lost', vm.id, host?.name ?? '', '');
  context.recordVm?.(vm);
}
