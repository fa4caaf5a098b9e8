// Manual evacuation (nova/compute/api.py API.evacuate @ 2013.1, 26.0.0): Nova sees the dead host's service down
// service_down_time after its last heartbeat; an operator acts after a delay drawn once per incident (hosts failing at
// the same instant are one incident), then runs per-VM evacuations, at most `parallelism` at a time. VMs whose host is
// repaired before the operator gets to them simply come back; VMs whose evacuation fails wait for their host.

import { sampler } from '../engine/distributions.js';
import type { RecoveryPolicy } from '../kernel/recovery-policy.js';
import type { RunContext } from '../kernel/run-context.js';
import { PendingEvacuations } from './pending-evacuations.js';
import { PRIORITY } from '../kernel/priority.js';
import type { PhysicalHost } from '../model/physical-host.js';
import type { Vm } from '../model/vm.js';
import type { ManualEvacuateConfig } from '../failures/schema.js';
import { Evacuator, type EvacuationTarget } from './evacuate.js';
import { takeReservedHosts } from './evacuate-reserved-hosts.js';

interface Incident {
  failedAt: number;
  hosts: PhysicalHost[];
}

export function manualEvacuation(context: RunContext, config: ManualEvacuateConfig): RecoveryPolicy {
  const { sim, world } = context;
  const evacuator = new Evacuator(context, config.storage === 'local', sampler(config.rebuild), context.policy('evacuate/rebuild'));
  const operatorRng = context.policy('evacuate/operator');
  const operatorDelay = sampler(config.operatorDelay);
  const reserved = takeReservedHosts(context, config.reservedHosts);
  const targetKind = config.target ?? (context.config.release === 'grizzly' ? 'admin' : 'scheduler');
  if (targetKind === 'reserved' && reserved.length === 0) {
    throw new Error(`arm ${context.arm.name}: target "reserved" needs reservedHosts`);
  }

  const incidents: Incident[] = [];
  /** VMs this policy still means to bring back (waiting for the operator, queued, or rebuilding). */
  const pending = new PendingEvacuations(world);
  const queue: { vm: Vm; host: PhysicalHost }[] = [];
  let queueHead = 0;
  let inFlight = 0;

  const targetFor = (vm: Vm): EvacuationTarget | undefined => {
    if (targetKind === 'scheduler') return { kind: 'scheduler' };
    if (targetKind === 'admin') return { kind: 'admin' };
    const node = reserved.find((n) => n.hosts[0].up && n.lastHeartbeat === Infinity && n.hosts[0].fits(vm.vcpus, vm.ramMiB, vm.diskGiB));
    return node ? { kind: 'host', node } : undefined;
  };

  const pump = () => {
    while (inFlight < config.parallelism && queueHead < queue.length) {
      const { vm, host } = queue[queueHead++];
      if (vm.state !== 'down' || vm.host !== host.id || host.up || evacuator.isRebuilding(vm)) continue;
      const target = targetFor(vm);
      const duration = target ? evacuator.evacuate(vm, target) : undefined;
      if (!target) context.log('evacuation_failed', vm.id, '', 'no_reserved_host');
      if (duration === undefined) {
        pending.delete(vm.id);
        continue;
      }
      inFlight++;
    }
    if (queueHead === queue.length) {
      queue.length = 0;
      queueHead = 0;
    }
  };
  evacuator.callbacks = {
    rebuilt: (vm) => {
      inFlight--;
      pending.delete(vm.id);
      pump();
    },
    aborted: () => {
      inFlight--;
      pump();
    },
  };

  const operatorActsKind = sim.defineEvent('operator-evacuates', PRIORITY.recovery, (i) => {
    const incident = incidents[i];
    context.log('operator_acts', '', incident.hosts.map((h) => h.name).join(' '), `failed_at=${incident.failedAt}`);
    for (const host of incident.hosts) {
      if (host.up) continue;
      const vms = [...world.residents(host)].sort((a, b) => a - b).map((id) => world.vms.get(id) as Vm);
      for (const vm of vms) if (vm.state === 'down' && pending.has(vm.id)) queue.push({ vm, host });
    }
    pump();
  });

  return {
    hostFailed(host) {
      const node = context.nodes[host.computeNode];
      if (!node || node.hypervisor !== 'kvm') return;
      pending.addDownResidents(host);
      const last = incidents[incidents.length - 1];
      if (last && last.failedAt === sim.now) {
        last.hosts.push(host);
        return;
      }
      incidents.push({ failedAt: sim.now, hosts: [host] });
      // The evacuate API refuses while the service is up: nothing happens before Nova sees it down.
      const seenDown = Math.max(sim.now, node.lastHeartbeat + context.config.serviceDownTime);
      sim.at(seenDown + Math.max(0, operatorDelay(operatorRng)), operatorActsKind, incidents.length - 1);
    },
    hostRepaired(host) {
      pending.releaseHost(host);
    },
    capacityFreed() {},
    holdsDownVmsOnly: true,
    vmDeparted(vm) {
      pending.delete(vm.id);
    },
    get pending() {
      return pending.size;
    },
  };
}
