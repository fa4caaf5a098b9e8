// What a repaired KVM host brings back. nova-compute's resume_guests_state_on_host_boot (nova/conf/compute.py,
// default False) decides: when true, init_host restarts the guests that were running (ComputeManager.
// _resume_guests_state, nova/compute/manager.py); when false, the power-state sync finds them stopped and they stay
// down until an operator starts them. This applies to VMs no recovery moved off the host (recovery none, or a
// failed evacuation). The operator acts once per repaired host, after a delay drawn from the arm's
// operatorStartDelay, and starts every VM still down there.

import { sampler, type DistributionSpec, type Sampler } from '../engine/distributions.js';
import type { Rng } from '../engine/random-streams.js';
import { PRIORITY } from '../kernel/priority.js';
import type { RunContext } from '../kernel/run-context.js';
import type { PhysicalHost } from '../model/physical-host.js';

/** An operator's response to instances found SHUTOFF, as for a manual evacuation. */
export const DEFAULT_OPERATOR_START_DELAY: DistributionSpec = { lognormal: { median: 1800, sigma: 1 } };

export class GuestStart {
  /** True: guests boot with their host (resume_guests_state_on_host_boot). */
  readonly resume: boolean;
  private readonly delay: Sampler;
  private readonly rng: Rng;
  private readonly startKind: number;
  /** VM ids each scheduled start is for (the guests its host stopped; not VMs evacuated onto it since). */
  private readonly batches: number[][] = [];

  constructor(private readonly context: RunContext) {
    const nova = context.arm.nova;
    this.resume = nova?.resumeGuestsStateOnHostBoot ?? false;
    this.delay = sampler(nova?.operatorStartDelay ?? DEFAULT_OPERATOR_START_DELAY);
    this.rng = context.policy('nova/operator-start');
    this.startKind = context.sim.defineEvent('operator-starts-guests', PRIORITY.recovery, (hostId, batch) => this.start(hostId, batch));
  }

  /** Whether VMs on this repaired host boot with it: ESXi hosts (vSphere's concern) and KVM hosts that resume. */
  bootsWithHost(host: PhysicalHost): boolean {
    const node = this.context.nodes[host.computeNode];
    return this.resume || !node || node.hypervisor !== 'kvm';
  }

  /** A KVM host came back with these guests stopped: an operator will start them. */
  guestsStopped(host: PhysicalHost, vmIds: number[]): void {
    const { sim } = this.context;
    const at = sim.now + Math.max(0, this.delay(this.rng));
    this.context.log('guests_stopped', '', host.name, `vms=${vmIds.length} operator_at=${Math.round(at * 1000) / 1000}`);
    this.batches.push(vmIds);
    sim.at(at, this.startKind, host.id, this.batches.length - 1);
  }

  private start(hostId: number, batch: number): void {
    const { world, sim, lifecycle } = this.context;
    const host = world.hosts[hostId];
    const ids = this.batches[batch];
    this.batches[batch] = [];
    if (!host.up) return; // failed again: the next repair schedules another start
    let started = 0;
    for (const id of ids) {
      const vm = world.vms.get(id);
      if (vm && vm.state === 'down' && vm.host === hostId) {
        lifecycle.recovered(vm, sim.now, false);
        started++;
      }
    }
    this.context.log('operator_started_guests', '', host.name, `vms=${started}`);
  }
}
