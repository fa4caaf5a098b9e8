// A physical host goes down or comes back: the world, the VM outcome counters, then every recovery hook.
// Recovery policies react in hooks.hostFailed; VMs no recovery moved away come back with their host.

import type { RunContext } from '../experiment/run-context.js';
import type { PhysicalHost } from '../model/physical-host.js';

export function failHost(context: RunContext, host: PhysicalHost): void {
  const { world, metrics, sim, hooks } = context;
  world.setHostUp(host, false);
  metrics.hostFailures++;
  for (const id of host.vms) {
    const vm = world.vms.get(id);
    // A VM already down here (mid-recovery onto this host) stays down from its first failure: not affected twice.
    if (vm && vm.state === 'running') metrics.vmDown(vm, sim.now);
  }
  context.log('host_failed', '', host.name, `vms=${host.vms.size}`);
  for (const hook of hooks.hostFailed) hook(host);
}

export function repairHost(context: RunContext, host: PhysicalHost): void {
  const { world, metrics, sim, hooks } = context;
  world.setHostUp(host, true);
  for (const id of host.vms) {
    const vm = world.vms.get(id);
    if (vm && vm.state === 'down') metrics.vmRecovered(vm, sim.now, false);
  }
  context.log('host_repaired', '', host.name, `vms=${host.vms.size}`);
  for (const hook of hooks.hostRepaired) hook(host);
}
