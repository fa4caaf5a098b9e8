// One `nova evacuate` of one VM off a dead libvirt host (nova/conductor/manager.py rebuild_instance @ 26.0.0): pick a
// target (scheduler, the admin, or a named standby host), claim it without retries, rebuild there. The source node
// keeps its allocation for the VM until the source host comes back (the compute service cleans up evacuated instances
// when it restarts).

import type { Sampler } from '../engine/distributions.js';
import type { Rng } from '../engine/random-streams.js';
import type { RunContext } from '../kernel/run-context.js';
import { PRIORITY } from '../kernel/priority.js';
import type { PhysicalHost } from '../model/physical-host.js';
import { ResidentIdList } from '../model/resident-id-list.js';
import type { Vm } from '../model/vm.js';
import type { ComputeNode } from './compute-node.js';
import { ABSENT, IdMap } from './id-map.js';
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

/** Buckets of Evacuator.heldFilter (a power of two): 64 KiB of counts. */
const HELD_FILTER_SIZE = 1 << 14;

export class Evacuator {
  /** Rebuilds in progress: VM id → event handle. */
  private readonly rebuilding = new IdMap();
  /** Allocations a dead source node keeps for VMs evacuated off it, by node id: the VMs and their ids (searched on
   *  every departure of a held VM without loading the Vm objects). */
  private readonly held = new Map<number, { vms: Vm[]; ids: number[] }>();
  /** The first node whose list holds each VM: a departing VM in none skips the lists, one in one list goes to it. */
  private readonly heldOn = new IdMap();
  /** The further nodes holding a VM evacuated again before its first source came back (rare), in order: the common
   *  case keeps a number in heldOn instead of an array per evacuated VM, which outlived young-generation collections. */
  private readonly heldOnMore = new Map<number, number[]>();
  /** How many VMs in `heldOn` have an id with each value of its low bits: a departing VM whose count is 0 is held
   *  nowhere, known without the hash lookup that every departure paid, in a failure storm too. */
  private readonly heldFilter = new Int32Array(HELD_FILTER_SIZE);
  private readonly request: RequestSpec = { vcpus: 0, ramMiB: 0, diskGiB: 0, hypervisor: 'kvm' };
  private readonly rebuiltKind: number;
  /** The scheduler's tried set of an evacuation off each source node: just that node, made once per node, because
   *  clearing a long-lived Set allocates a new table in the old generation on every call. */
  private readonly triedFrom: (ReadonlySet<number> | undefined)[];
  /** The ids of a failed host's VMs (the loop over them changes no residency). */
  private readonly residents = new ResidentIdList();
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
    this.triedFrom = new Array<ReadonlySet<number> | undefined>(context.nodes.length).fill(undefined);
    this.rebuiltKind = sim.defineEvent('evacuation-rebuilt', PRIORITY.recovery, (id) => {
      this.rebuilding.delete(id);
      const vm = world.vms.get(id);
      if (!vm || vm.state !== 'down') return;
      // A volume-backed root disk is reattached on the new host; only local disks are rebuilt from the image.
      const dataLost = this.dataLostOnRebuild && !vm.bootFromVolume;
      context.lifecycle.recovered(vm, sim.now, dataLost);
      if (context.logEnabled) context.log('evacuation_rebuilt', vm.id, world.hosts[vm.host].name, dataLost ? 'data_lost' : '');
      this.callbacks.rebuilt(vm);
    });
    hooks.hostFailed.push((host) => {
      if (this.rebuilding.size === 0) return;
      const { ids, count } = this.residents.of(world, host);
      for (let i = 0; i < count; i++) {
        const id = ids[i];
        const handle = this.rebuilding.get(id);
        if (handle === ABSENT) continue;
        sim.cancel(handle);
        this.rebuilding.delete(id);
        this.callbacks.aborted(world.vms.get(id) as Vm);
      }
    });
    hooks.hostRepaired.push((host) => this.releaseHeld(host));
    // A VM being rebuilt is down until its rebuild completes.
    (hooks.downVmDeparted ??= []).push((vm) => {
      const handle = this.rebuilding.get(vm.id);
      if (handle !== ABSENT) {
        sim.cancel(handle);
        this.rebuilding.delete(vm.id);
        this.callbacks.aborted(vm);
      }
    });
    // An evacuated VM runs again while its source still holds its allocation: told by id, so that the departures
    // of VMs held nowhere do not load their Vm objects. Deleting an instance deletes all of its allocations.
    (hooks.vmDepartedId ??= []).push((id) => {
      if (this.heldFilter[id & (HELD_FILTER_SIZE - 1)] === 0) return;
      const first = this.heldOn.get(id);
      if (first === ABSENT) return;
      // Held by several nodes (evacuated again before the first source came back): released in the lists' order.
      if (!this.heldOnMore.has(id)) this.dropHeld(first, id);
      else for (const nodeId of this.held.keys()) this.dropHeld(nodeId, id);
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
    if (!node || !host) return this.fail(vm, node, 'no_valid_host');
    if (node.hypervisor !== 'kvm') return this.fail(vm, node, 'target_not_libvirt');
    // The rebuild runs on the target's nova-compute: a dead service (even one Nova still believes up) never does it.
    if (!host.up || node.lastHeartbeat !== Infinity) return this.fail(vm, node, 'target_down');
    if (!host.fits(vm.vcpus, vm.ramMiB, vm.diskGiB)) return this.fail(vm, node, 'claim_failed');
    world.unplace(vm);
    node.claim(vm);
    const spawned = node.driver.spawn(vm, node);
    if (spawned < 0) throw new Error(`evacuation of vm ${vm.id} to ${node.name}: spawn failed (${spawned}) after checks passed`);
    vm.computeNode = node.id;
    let list = this.held.get(source.id);
    if (list === undefined) {
      list = { vms: [], ids: [] };
      this.held.set(source.id, list);
    }
    list.vms.push(vm);
    list.ids.push(vm.id);
    if (!this.heldOn.has(vm.id)) {
      this.heldOn.set(vm.id, source.id);
      this.heldFilter[vm.id & (HELD_FILTER_SIZE - 1)]++;
    } else {
      const more = this.heldOnMore.get(vm.id);
      if (more === undefined) this.heldOnMore.set(vm.id, [source.id]);
      else more.push(source.id);
    }
    const duration = Math.max(0, this.rebuildTime(this.rng));
    this.rebuilding.set(vm.id, sim.schedule(duration, this.rebuiltKind, vm.id));
    context.lifecycle.recovering(vm, sim.now, 'evacuation');
    if (context.logEnabled) context.log('evacuation_started', vm.id, node.name, `from=${source.name} rebuild_s=${round(duration)}`);
    return duration;
  }

  private fail(vm: Vm, node: ComputeNode | undefined, reason: EvacuationFailure): undefined {
    this.lastFailure = reason;
    this.context.log('evacuation_failed', vm.id, node?.name ?? '', reason);
    return undefined;
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
      const tried = this.triedFrom[source.id] ??= new Set([source.id]);
      return context.nova.scheduler.select(request, context.sim.now, tried);
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
    const list = node ? this.held.get(node.id) : undefined;
    if (!node || !list) return;
    for (const vm of list.vms) {
      this.unheld(vm.id, node.id);
      node.unclaim(vm);
    }
    this.held.delete(node.id);
  }

  /** The VM with this id departed: the node's list, if it holds it, drops it and the node its allocation. */
  private dropHeld(nodeId: number, id: number): void {
    const list = this.held.get(nodeId);
    const i = list === undefined ? -1 : list.ids.indexOf(id);
    if (list === undefined || i < 0) return;
    const vm = list.vms[i];
    list.vms.splice(i, 1);
    list.ids.splice(i, 1);
    this.unheld(id, nodeId);
    this.context.nodes[nodeId].unclaim(vm);
  }

  /** The node no longer holds the VM (the node is one of those holding it). */
  private unheld(id: number, nodeId: number): void {
    const more = this.heldOnMore.get(id);
    if (more === undefined) {
      this.heldOn.delete(id);
      this.heldFilter[id & (HELD_FILTER_SIZE - 1)]--;
      return;
    }
    // The nodes in order are heldOn's, then heldOnMore's; the first occurrence of this one leaves.
    if (this.heldOn.get(id) === nodeId) this.heldOn.set(id, more.shift() as number);
    else more.splice(more.indexOf(nodeId), 1);
    if (more.length === 0) this.heldOnMore.delete(id);
  }
}

function round(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(3);
}
