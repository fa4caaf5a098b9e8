// One `nova evacuate` of one VM off a dead libvirt host (nova/conductor/manager.py rebuild_instance @ 26.0.0): pick a
// target (scheduler, the admin, or a named standby host), claim it without retries, rebuild there. The source node
// keeps its allocation for the VM until the source host comes back (the compute service cleans up evacuated instances
// when it restarts).

import type { Sampler } from '../engine/distributions.js';
import type { Rng } from '../engine/random-streams.js';
import type { RunContext } from '../kernel/run-context.js';
import { PRIORITY } from '../kernel/priority.js';
import type { PhysicalHost } from '../model/physical-host.js';
import type { Vm } from '../model/vm.js';
import type { ComputeNode } from './compute-node.js';
import type { RequestSpec } from './request-spec.js';

/** How the target of one evacuation is chosen. */
export type EvacuationTarget =
  | { kind: 'scheduler' }
  | { kind: 'admin' }
  | { kind: 'host'; node: ComputeNode };

/** Why an evacuation failed: no target (the conductor's NoValidHost sets the VM to ERROR), or a target that cannot
 *  rebuild it (dead, or its claim fails: the VM's state stays as it was). */
export type EvacuationFailure = 'no_valid_host' | 'target_not_libvirt' | 'target_down' | 'claim_failed';

export interface EvacuationCallbacks {
  /** The VM runs on its new host. */
  rebuilt(vm: Vm): void;
  /** A rebuild in progress will not finish: its target host failed or the VM departed. */
  aborted(vm: Vm): void;
}

export class Evacuator {
  /** Rebuilds in progress: VM id → event handle. */
  private readonly rebuilding = new Map<number, number>();
  /** Allocations a dead source node keeps for VMs evacuated off it, by node id. */
  private readonly held = new Map<number, Vm[]>();
  /** In how many of those lists each VM is: a departing VM that is in none skips the scan of every list. */
  private readonly heldCount = new Map<number, number>();
  private readonly request: RequestSpec = { vcpus: 0, ramMiB: 0, diskGiB: 0, hypervisor: 'kvm' };
  private readonly rebuiltKind: number;
  private readonly tried = new Set<number>();
  callbacks: EvacuationCallbacks = { rebuilt: () => {}, aborted: () => {} };
  /** Why the last evacuate() returned undefined. */
  lastFailure: EvacuationFailure | undefined = undefined;

  constructor(
    private readonly context: RunContext,
    private readonly dataLostOnRebuild: boolean,
    private readonly rebuildTime: Sampler,
    private readonly rng: Rng,
  ) {
    const { sim, world, hooks } = context;
    this.rebuiltKind = sim.defineEvent('evacuation-rebuilt', PRIORITY.recovery, (id) => {
      this.rebuilding.delete(id);
      const vm = world.vms.get(id);
      if (!vm || vm.state !== 'down') return;
      // A volume-backed root disk is reattached on the new host; only local disks are rebuilt from the image.
      const dataLost = this.dataLostOnRebuild && !vm.bootFromVolume;
      context.lifecycle.recovered(vm, sim.now, dataLost);
      context.log('evacuation_rebuilt', vm.id, world.hosts[vm.host].name, dataLost ? 'data_lost' : '');
      this.callbacks.rebuilt(vm);
    });
    hooks.hostFailed.push((host) => {
      for (const id of world.residents(host)) {
        const handle = this.rebuilding.get(id);
        if (handle === undefined) continue;
        sim.cancel(handle);
        this.rebuilding.delete(id);
        this.callbacks.aborted(world.vms.get(id) as Vm);
      }
    });
    hooks.hostRepaired.push((host) => this.releaseHeld(host));
    // Only VMs that went down are rebuilding or evacuated.
    (hooks.downVmDeparted ??= []).push((vm) => {
      const handle = this.rebuilding.get(vm.id);
      if (handle !== undefined) {
        sim.cancel(handle);
        this.rebuilding.delete(vm.id);
        this.callbacks.aborted(vm);
      }
      // Deleting an instance deletes all of its allocations, the source's included.
      if (!this.heldCount.has(vm.id)) return;
      for (const [nodeId, vms] of this.held) {
        const i = vms.indexOf(vm);
        if (i >= 0) {
          vms.splice(i, 1);
          this.unheld(vm);
          context.nodes[nodeId].unclaim(vm);
        }
      }
    });
  }

  isRebuilding(vm: Vm): boolean {
    return this.rebuilding.has(vm.id);
  }

  /**
   * Evacuates a down VM off its dead host. Returns the rebuild duration, or undefined when the evacuation failed
   * (no target, the target is dead or full): then the VM stays where it is and comes back with its host.
   */
  evacuate(vm: Vm, target: EvacuationTarget): number | undefined {
    const { context } = this;
    const { world, sim } = context;
    const source = context.nodes[vm.computeNode];
    const node = this.chooseTarget(vm, source, target);
    const host = node?.hosts[0];
    const fail = (reason: EvacuationFailure) => {
      this.lastFailure = reason;
      context.log('evacuation_failed', vm.id, node?.name ?? '', reason);
      return undefined;
    };
    if (!node || !host) return fail('no_valid_host');
    if (node.hypervisor !== 'kvm') return fail('target_not_libvirt');
    // The rebuild runs on the target's nova-compute: a dead service (even one Nova still believes up) never does it.
    if (!host.up || node.lastHeartbeat !== Infinity) return fail('target_down');
    if (!host.fits(vm.vcpus, vm.ramMiB, vm.diskGiB)) return fail('claim_failed');
    world.unplace(vm);
    node.claim(vm);
    const spawned = node.driver.spawn(vm, node);
    if (spawned < 0) throw new Error(`evacuation of vm ${vm.id} to ${node.name}: spawn failed (${spawned}) after checks passed`);
    vm.computeNode = node.id;
    const list = this.held.get(source.id) ?? [];
    list.push(vm);
    this.held.set(source.id, list);
    this.heldCount.set(vm.id, (this.heldCount.get(vm.id) ?? 0) + 1);
    const duration = Math.max(0, this.rebuildTime(this.rng));
    this.rebuilding.set(vm.id, sim.schedule(duration, this.rebuiltKind, vm.id));
    context.lifecycle.recovering(vm, sim.now, 'evacuation');
    context.log('evacuation_started', vm.id, node.name, `from=${source.name} rebuild_s=${round(duration)}`);
    return duration;
  }

  private chooseTarget(vm: Vm, source: ComputeNode, target: EvacuationTarget): ComputeNode | undefined {
    const { context } = this;
    if (target.kind === 'host') return target.node;
    if (target.kind === 'scheduler') {
      const request = this.request;
      request.vcpus = vm.vcpus;
      request.ramMiB = vm.ramMiB;
      request.diskGiB = vm.diskGiB;
      // Evacuation is not a same-host rebuild, so the server-group filters run on it.
      request.group = context.nova.serverGroups.get(vm.serverGroup);
      this.tried.clear();
      this.tried.add(source.id);
      return context.nova.scheduler.select(request, context.sim.now, this.tried);
    }
    // The admin reads `nova service-list` and the hypervisor stats: an enabled, up service with the most free RAM.
    const { now } = context.sim;
    const downTime = context.config.serviceDownTime;
    let best: ComputeNode | undefined;
    let bestFree = -Infinity;
    for (const node of context.nodes) {
      if (node === source || node.hypervisor !== 'kvm' || !node.serviceUp(now, downTime)) continue;
      const host = node.hosts[0];
      if (!host.fits(vm.vcpus, vm.ramMiB, vm.diskGiB)) continue;
      if (host.freeRamMiB > bestFree) {
        best = node;
        bestFree = host.freeRamMiB;
      }
    }
    return best;
  }

  /** The source host is back: its compute service drops the allocations of VMs evacuated off it. */
  private releaseHeld(host: PhysicalHost): void {
    const node = this.context.nodes[host.computeNode];
    const vms = node ? this.held.get(node.id) : undefined;
    if (!node || !vms) return;
    for (const vm of vms) {
      this.unheld(vm);
      node.unclaim(vm);
    }
    this.held.delete(node.id);
  }

  private unheld(vm: Vm): void {
    const count = (this.heldCount.get(vm.id) ?? 0) - 1;
    if (count > 0) this.heldCount.set(vm.id, count);
    else this.heldCount.delete(vm.id);
  }
}

function round(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(3);
}
