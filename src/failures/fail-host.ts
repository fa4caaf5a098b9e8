// The two state changes every failure process makes, in one place: a host fails (its running VMs go down, then
// recovery policies hear of it) and a host is repaired (VMs still on it run again).

import type { RunContext } from '../kernel/run-context.js';
import type { PhysicalHost } from '../model/physical-host.js';
import { ResidentIdList } from '../model/resident-id-list.js';
import type { GuestStart } from '../nova/guest-start.js';

/** The VMs of the host being failed or repaired (neither loop changes residency, and neither runs inside the other). */
const residents = new ResidentIdList();

/** Marks the host down, counts the failure, takes its running VMs down, then calls the hostFailed hooks. */
export function failHost(context: RunContext, host: PhysicalHost): void {
  if (!host.up) return;
  const { world, metrics, sim, lifecycle } = context;
  world.setHostUp(host, false);
  metrics.hostFailures++;
  let down = 0;
  const { ids, count } = residents.of(world, host);
  for (let i = 0; i < count; i++) {
    const vm = world.vms.get(ids[i]);
    // A VM already down (e.g. an HA restart in progress onto this host) is not affected twice.
    if (vm && vm.state === 'running') {
      lifecycle.down(vm, sim.now);
      down++;
    }
  }
  context.log('host_failed', '', host.name, `vms_down=${down}`);
  for (const hook of context.hooks.hostFailed) hook(host);
}

/** The host's management network is cut: the host and its VMs run on; the hostIsolated listeners react. */
export function isolateHost(context: RunContext, host: PhysicalHost): void {
  context.log('host_isolated', '', host.name, '');
  for (const hook of context.hooks.hostIsolated ?? []) hook(host);
}

/** The host's management network is back. */
export function reconnectHost(context: RunContext, host: PhysicalHost): void {
  context.log('host_reconnected', '', host.name, '');
  for (const hook of context.hooks.hostReconnected ?? []) hook(host);
}

/**
 * Marks the host up; VMs still on it that are down (no recovery moved them) run again if they boot with their host
 * (`guests`, nova/guest-start.ts; always without it), else wait for an operator; VMs that vSphere HA registered
 * powered off elsewhere (Vm.poweredOff) stay down; then the hostRepaired hooks.
 */
export function repairHost(context: RunContext, host: PhysicalHost, guests?: GuestStart): void {
  if (host.up) return;
  const { world, sim, lifecycle } = context;
  world.setHostUp(host, true);
  context.metrics.hostRepairs++;
  const boots = guests === undefined || guests.bootsWithHost(host);
  let back = 0;
  const stopped: number[] = [];
  const { ids, count } = residents.of(world, host);
  for (let i = 0; i < count; i++) {
    const id = ids[i];
    const vm = world.vms.get(id);
    if (vm && vm.state === 'down' && !vm.poweredOff) {
      if (boots) {
        lifecycle.recovered(vm, sim.now, false);
        back++;
      } else {
        stopped.push(id);
      }
    }
  }
  context.log('host_repaired', '', host.name, `vms_back=${back}`);
  if (stopped.length > 0) guests?.guestsStopped(host, stopped);
  for (const hook of context.hooks.hostRepaired) hook(host);
}
