// Masakari host-failure recovery (masakari/engine/drivers/taskflow/host_failure.py @ 14.0.0). The host monitor
// polls on a fixed grid and notifies at the first poll after the failure (plus an IPMI check); the engine disables
// the compute service and sleeps wait_period_after_service_update; it lists the VMs on the host (HA_Enabled first)
// and evacuates them with a pool of recovery threads, each waiting for its VM to become active, polling every
// verify_interval, for at most wait_period_after_evacuation. A VM that does not confirm in time counts as failed,
// although Nova finishes its rebuild. Methods: auto (scheduler), reserved_host (enable a standby host and evacuate
// onto it; on failures try the next standby host), auto_priority (auto, then reserved hosts), rh_priority (reserved
// hosts, then auto); a fallback flow disables the service and sleeps again before its own pass.

import { sampler } from '../engine/distributions.js';
import { uniform } from '../engine/random-streams.js';
import type { RecoveryPolicy } from '../kernel/recovery-policy.js';
import type { RunContext } from '../kernel/run-context.js';
import { PendingEvacuations } from './pending-evacuations.js';
import { PRIORITY } from '../kernel/priority.js';
import { HA_PRIORITIES } from '../model/ha-priority.js';
import type { PhysicalHost } from '../model/physical-host.js';
import { ResidentIdList } from '../model/resident-id-list.js';
import type { Vm } from '../model/vm.js';
import type { MasakariConfig, MasakariEvacuateConfig } from '../failures/schema.js';
import type { ComputeNode } from './compute-node.js';
import { Evacuator, type EvacuationTarget } from './evacuate.js';
import { takeReservedHosts } from './evacuate-reserved-hosts.js';

type Phase = 'auto' | 'reserved';

interface Flow {
  host: PhysicalHost;
  node: ComputeNode;
  /** Phases still to run, in order; each starts after disabling the service and sleeping. */
  phases: Phase[];
  phase: Phase | undefined;
  target: EvacuationTarget;
  list: Vm[];
  next: number;
  busyThreads: number;
  failed: number;
  /** The notification went to ERROR once and was processed again (process_unfinished_notifications). */
  reprocessed: boolean;
}

const PHASES: Record<MasakariConfig['method'], Phase[]> = {
  auto: ['auto'],
  reserved_host: ['reserved'],
  auto_priority: ['auto', 'reserved'],
  rh_priority: ['reserved', 'auto'],
};

export function masakariRecovery(context: RunContext, config: MasakariEvacuateConfig): RecoveryPolicy {
  const { sim, world } = context;
  const m = config.masakari;
  const evacuator = new Evacuator(context, config.storage === 'local', sampler(config.rebuild), context.policy('masakari/rebuild'));
  const reservePool = takeReservedHosts(context, config.reservedHosts);
  const tagged = new Set(m.haTagged.map((p) => HA_PRIORITIES.indexOf(p)));
  const flows: Flow[] = [];
  const hungRng = context.exogenous('failures/masakari-hung');
  const reenableDelay = sampler(m.operatorReenableDelay);
  const reenableRng = context.policy('masakari/operator-reenable');
  /** Compute nodes Masakari put in maintenance (disabled), until an operator re-enables them. */
  const inMaintenance = new Set<number>();
  const pending = new PendingEvacuations(world);
  evacuator.callbacks = {
    rebuilt: (vm) => {
      pending.delete(vm.id);
    },
    aborted: () => {},
  };

  const residents = new ResidentIdList();
  const downVmsOn = (host: PhysicalHost): Vm[] => {
    const { ids, count } = residents.of(world, host);
    const sorted = ids.subarray(0, count).sort();
    const haEnabled: Vm[] = [];
    const others: Vm[] = [];
    for (let i = 0; i < count; i++) {
      const vm = world.vms.get(sorted[i]) as Vm;
      if (vm.state !== 'down' || evacuator.isRebuilding(vm)) continue;
      if (tagged.has(vm.haPriority)) haEnabled.push(vm);
      else others.push(vm);
    }
    if (m.evacuateAllInstances) for (const vm of others) haEnabled.push(vm);
    return haEnabled;
  };

  const finish = (f: number, outcome: string) => {
    const flow = flows[f];
    if (outcome === 'failed' && !flow.reprocessed) {
      // The notification is in ERROR: the engine's periodic task processes it once more at its next run.
      flow.reprocessed = true;
      const at = (Math.floor(sim.now / m.unfinishedInterval + 1e-9) + 1) * m.unfinishedInterval;
      context.log('masakari_error', '', flow.host.name, `reprocess_at=${at}`);
      sim.at(at, reprocessKind, f);
      return;
    }
    context.log('masakari_done', '', flow.host.name, outcome);
    // The flow is over: its list would otherwise keep the Vm objects of every VM it evacuated after they depart.
    flow.list = [];
    // What is still on the dead host waits for its repair.
    const { ids, count } = residents.of(world, flow.host);
    for (let i = 0; i < count; i++) {
      const vm = world.vms.get(ids[i]);
      if (vm !== undefined && vm.state === 'down' && !evacuator.isRebuilding(vm)) pending.delete(ids[i]);
    }
  };

  /** Disables the source service, then sleeps before the next phase (DisableComputeServiceTask). */
  const nextPhase = (f: number) => {
    const flow = flows[f];
    if (flow.host.up) return finish(f, 'host_back');
    const phase = flow.phases.shift();
    if (!phase) return finish(f, 'failed');
    flow.phase = phase;
    flow.node.serviceDisabled = true;
    sim.schedule(m.waitAfterServiceDisable, phaseStartKind, f);
  };

  /** Starts a pass over the VMs still on the host, or moves on when there is nothing (left) to do. */
  const startPass = (f: number) => {
    const flow = flows[f];
    if (flow.host.up) return finish(f, 'host_back');
    flow.list = downVmsOn(flow.host);
    if (flow.list.length === 0) return finish(f, 'nothing_to_evacuate');
    if (flow.phase === 'auto') {
      flow.target = { kind: 'scheduler' };
    } else {
      // Enable the next standby host (it stops being a standby) and evacuate onto it.
      const index = reservePool.findIndex((n) => n.hosts[0].up && n.lastHeartbeat === Infinity);
      if (index < 0) {
        context.log('masakari_no_reserved_host', '', flow.host.name, '');
        return nextPhase(f);
      }
      const [node] = reservePool.splice(index, 1);
      node.serviceDisabled = false;
      context.log('masakari_reserved_host', '', node.name, `for=${flow.host.name}`);
      flow.target = { kind: 'host', node };
    }
    flow.next = 0;
    flow.failed = 0;
    fillThreads(f);
  };

  const fillThreads = (f: number) => {
    const flow = flows[f];
    while (flow.busyThreads < m.recoveryThreads && flow.next < flow.list.length) {
      const vm = flow.list[flow.next++];
      if (vm.state !== 'down' || vm.host !== flow.host.id) continue; // came back or departed meanwhile
      const rebuild = evacuator.evacuate(vm, flow.target);
      let busy: number;
      let failed: boolean;
      if (rebuild === undefined) {
        // The conductor found no host: the VM goes to ERROR and the first poll sees it. A dead target or a failed
        // claim leaves the VM's state unchanged, so the thread waits its full period.
        busy = evacuator.lastFailure === 'no_valid_host' || evacuator.lastFailure === 'target_not_libvirt'
          ? m.verifyInterval : m.waitPerVm;
        failed = true;
      } else {
        const confirmed = Math.max(1, Math.ceil(rebuild / m.verifyInterval - 1e-9)) * m.verifyInterval;
        failed = confirmed > m.waitPerVm;
        busy = failed ? m.waitPerVm : confirmed;
      }
      flow.busyThreads++;
      sim.schedule(busy, threadFreeKind, f, failed ? 1 : 0);
    }
    if (flow.busyThreads === 0 && flow.next >= flow.list.length) passDone(f);
  };

  const passDone = (f: number) => {
    const flow = flows[f];
    if (flow.failed === 0) return finish(f, 'recovered');
    context.log('masakari_pass_failed', '', flow.host.name, `phase=${flow.phase} failed=${flow.failed}`);
    // A reserved-host phase retries on the next standby host (ParameterizedForEach) before falling back.
    if (flow.phase === 'reserved' && reservePool.some((n) => n.hosts[0].up && n.lastHeartbeat === Infinity)) return startPass(f);
    nextPhase(f);
  };

  const threadFreeKind = sim.defineEvent('masakari-thread-free', PRIORITY.recovery, (f, failed) => {
    const flow = flows[f];
    flow.busyThreads--;
    flow.failed += failed;
    fillThreads(f);
  });
  const phaseStartKind = sim.defineEvent('masakari-phase', PRIORITY.recovery, (f) => startPass(f));
  const reprocessKind = sim.defineEvent('masakari-reprocess', PRIORITY.recovery, (f) => {
    const flow = flows[f];
    if (flow.host.up) return finish(f, 'host_back');
    context.log('masakari_reprocess', '', flow.host.name, '');
    flow.phases = [...PHASES[m.method]];
    nextPhase(f);
  });
  const reenableKind = sim.defineEvent('masakari-operator-reenables', PRIORITY.recovery, (nodeId) => {
    const node = context.nodes[nodeId];
    if (!inMaintenance.has(nodeId) || !node.hosts[0].up) return;
    inMaintenance.delete(nodeId);
    node.serviceDisabled = false;
    context.log('operator_reenabled_service', '', node.name, '');
  });
  const notifiedKind = sim.defineEvent('masakari-notified', PRIORITY.recovery, (hostId) => {
    const host = world.hosts[hostId];
    if (host.up) return; // the monitor saw it back before reporting
    const node = context.nodes[host.computeNode];
    flows.push({ host, node, phases: [...PHASES[m.method]], phase: undefined, target: { kind: 'scheduler' }, list: [],
      next: 0, busyThreads: 0, failed: 0, reprocessed: false });
    inMaintenance.add(node.id);
    context.log('masakari_notified', '', host.name, '');
    nextPhase(flows.length - 1);
  });

  return {
    hostFailed(host) {
      const node = context.nodes[host.computeNode];
      if (!node || node.hypervisor !== 'kvm') return;
      // The monitor reports the host only once IPMI confirms it powered off; a hung host that stays powered is never
      // reported, and its VMs wait for its repair.
      if (m.hungShare > 0 && uniform(hungRng) < m.hungShare) {
        context.log('masakari_host_hung', '', host.name, 'power still on: no notification');
        return;
      }
      pending.addDownResidents(host);
      // First poll strictly after the failure, then the IPMI check.
      const poll = (Math.floor(sim.now / m.monitorInterval + 1e-9) + 1) * m.monitorInterval;
      sim.at(poll + m.ipmiCheck, notifiedKind, host.id);
    },
    hostRepaired(host) {
      const node = context.nodes[host.computeNode];
      // Masakari leaves a repaired host in maintenance (its service disabled): an operator re-enables it.
      if (node && inMaintenance.has(node.id) && !reservePool.includes(node)) {
        sim.at(sim.now + Math.max(0, reenableDelay(reenableRng)), reenableKind, node.id);
      }
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
