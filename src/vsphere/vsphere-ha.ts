// vSphere HA restarts (vSphere Availability guide; "vSphere HA Deepdive", Restarting Virtual Machines): a failed
// ESXi host is declared dead after `detection` (35 s if it was the HA master), then its
// VMs are restarted inside the cluster by priority, on dedicated failover hosts first, else where DRS would place
// them, at most 32 power-ons per target host at a time. HA never deletes a VM. A restart that finds no unreserved
// capacity waits, without spending a retry, and is tried again whenever capacity changes (a host repaired, a VM
// leaving, a vMotion finishing); HA asks DRS to make room by vMotion when the VM would fit after moves. A restart
// that fails for another reason is retried at +2, +6, +14, +30 min after the first attempt; after the last one
// (VmMaxRestartCountReached) HA gives up and the VM stays registered and powered off until an operator powers it on.
// A VM whose restart priority is disabled is registered on a healthy host at detection, not powered on, and waits
// for the operator likewise.
// Sources: docs/model.md ("vSphere HA"). HA moves are invisible to Nova: the VM keeps its claim on the cluster's node.

import { sampler, type Sampler } from '../engine/distributions.js';
import { uniform, type Rng } from '../engine/random-streams.js';
import type { RecoveryPolicy } from '../kernel/recovery-policy.js';
import type { RunContext } from '../kernel/run-context.js';
import { PRIORITY } from '../kernel/priority.js';
import { HA_DISABLED, HA_PRIORITIES } from '../model/ha-priority.js';
import type { PhysicalHost } from '../model/physical-host.js';
import type { Vm } from '../model/vm.js';
import type { DrsBalancer } from './drs-balancer.js';
import type { VsphereHaConfig } from './schema.js';
import { DemandMemo } from './demand-memo.js';
import type { VcenterCluster } from './vcenter-cluster.js';
import { vcenterClusters } from './vcenter-platform.js';

/**
 * detecting: until the failure is declared; queued: an attempt is due; waiting: no unreserved capacity (retried on
 * capacity changes, no attempt spent); retry: a failed attempt's retry is scheduled; powering-on: restarting on
 * `target`; gave-up: retries exhausted, an operator will power it on; registered: restart priority disabled, HA
 * registered it on a healthy host powered off and an operator will power it on; operator: the operator's power-on
 * waits for capacity.
 */
type EntryState = 'detecting' | 'queued' | 'waiting' | 'retry' | 'powering-on' | 'gave-up' | 'registered' | 'operator';

/**
 * A VM HA holds. Its VM's id and restart priority are copied in: the restart order compares them for every pair a
 * sort or a scan meets, and the Vm objects of down VMs, placed long ago, are out of the caches.
 */
class Entry {
  readonly id: number;
  readonly priority: number;
  state: EntryState = 'detecting';
  /** Attempts made so far (the first included); waiting for capacity spends none. */
  attempts = 0;
  /** When the first attempt ran (NaN before it). */
  firstAttemptAt = NaN;
  /** Local host index of the power-on target. */
  target = -1;
  /** Pending retry, operator or power-on completion event. */
  handle = -1;

  constructor(
    readonly vm: Vm,
    readonly cluster: number,
    /** When the failure is declared and the first attempt runs. */
    public readyAt: number,
  ) {
    this.id = vm.id;
    this.priority = vm.haPriority;
  }
}

export function vsphereHaRecovery(context: RunContext): VsphereHa {
  const recovery = context.arm.recovery;
  if (typeof recovery !== 'object' || !('vsphereHa' in recovery)) throw new Error(`arm ${context.arm.name}: no vsphereHa`);
  const found = vcenterClusters(context.nodes);
  return new VsphereHa(context, found.map((c) => c.cluster), recovery.vsphereHa, found.map((c) => c.drs));
}

export class VsphereHa implements RecoveryPolicy {
  private readonly entries = new Map<number, Entry>();
  private readonly byCluster: Set<Entry>[];
  /**
   * Each cluster's entry count (byCluster[c].size): every departure asks, and the Sets, one per cluster, are out of
   * the caches by then.
   */
  private readonly held: Int32Array;
  /** Each host's cluster by host id (−1: none); every departure asks, so an array, not a Map. */
  private readonly clusterOfHostId: Int32Array;
  /** Local index of each cluster's HA master (-1 when no host is up), and when a master last failed. */
  private readonly master: Int32Array;
  private readonly masterFailedAt: Float64Array;
  private readonly detection: number;
  private readonly detectKind: number;
  private readonly retryKind: number;
  private readonly doneKind: number;
  private readonly operatorKind: number;
  private readonly isolationKind: number;
  /** Per host, counts isolation changes: a pending isolation response applies only if none happened since. */
  private readonly isolationEpoch = new Map<number, number>();
  private readonly operatorDelay: Sampler;
  private readonly operatorRng: Rng;
  private readonly failureRng: Rng;
  /** anyHostFits answers, and demands no host takes now, within a loop until it changes the cluster. */
  private readonly fits = new DemandMemo();
  private readonly noTarget = new DemandMemo();
  /** Set by mayPlaceAny when no waiting VM may be placed: the highest-priority one (DRS is asked to make room for it). */
  private firstUnplaceable: Entry | undefined = undefined;

  constructor(
    private readonly context: RunContext,
    readonly clusters: readonly VcenterCluster[],
    readonly config: VsphereHaConfig,
    /** Each cluster's DRS (asked to make room), when known. */
    private readonly drs: readonly (DrsBalancer | undefined)[] = [],
  ) {
    this.detection = config.detection ?? (config.datastoreHeartbeats ? 18 : 15);
    this.byCluster = clusters.map(() => new Set<Entry>());
    this.held = new Int32Array(clusters.length);
    this.master = new Int32Array(clusters.length);
    this.masterFailedAt = new Float64Array(clusters.length).fill(-Infinity);
    let maxHostId = -1;
    for (const cluster of clusters) for (const host of cluster.hosts) maxHostId = Math.max(maxHostId, host.id);
    this.clusterOfHostId = new Int32Array(maxHostId + 1).fill(-1);
    clusters.forEach((cluster, c) => {
      for (const host of cluster.hosts) this.clusterOfHostId[host.id] = c;
      this.master[c] = cluster.hosts.findIndex((h) => h.up);
    });
    const sim = context.sim;
    this.detectKind = sim.defineEvent('ha-detect', PRIORITY.recovery, (c) => this.detect(c));
    this.retryKind = sim.defineEvent('ha-retry', PRIORITY.recovery, (vmId, attempt) => this.retry(vmId, attempt));
    this.doneKind = sim.defineEvent('ha-power-on-done', PRIORITY.recovery, (vmId) => this.powerOnDone(vmId));
    this.operatorKind = sim.defineEvent('ha-operator-power-on', PRIORITY.recovery, (vmId) => this.operatorPowersOn(vmId));
    this.isolationKind = sim.defineEvent('ha-isolation-response', PRIORITY.recovery,
      (hostId, epoch) => this.isolationResponse(hostId, epoch));
    (context.hooks.hostIsolated ??= []).push((host) => this.isolationChanged(host, true));
    (context.hooks.hostReconnected ??= []).push((host) => this.isolationChanged(host, false));
    this.operatorDelay = sampler(config.operatorDelay);
    this.operatorRng = context.policy('ha/operator');
    this.failureRng = context.policy('ha/power-on-failure');
  }

  /** The index of the host's cluster, or −1. */
  private clusterOf(hostId: number): number {
    return hostId < this.clusterOfHostId.length ? this.clusterOfHostId[hostId] : -1;
  }

  /** VMs waiting for or undergoing an HA restart (those HA gave up on included, until they run). */
  get pending(): number {
    return this.entries.size;
  }

  hostFailed(host: PhysicalHost): void {
    const c = this.clusterOf(host.id);
    if (c < 0) return;
    const { sim, world } = this.context;
    const cluster = this.clusters[c];
    const local = cluster.localIndex(host);
    if (this.master[c] === local) {
      this.masterFailedAt[c] = sim.now;
      this.master[c] = cluster.hosts.findIndex((h) => h.up);
    }
    let readyAt = sim.now + this.detection;
    if (sim.now < this.masterFailedAt[c] + this.config.masterDetection) {
      readyAt = Math.max(readyAt, this.masterFailedAt[c] + this.config.masterDetection);
    }
    let count = 0;
    for (const id of world.residents(host)) {
      const vm = world.vms.get(id);
      if (!vm || vm.state !== 'down') continue;
      let entry = this.entries.get(id);
      if (entry) {
        // An HA power-on onto this host was under way: it failed with the host; start over from detection.
        if (entry.state === 'powering-on') {
          sim.cancel(entry.handle);
          cluster.powerOns[entry.target]--;
          entry.state = 'detecting';
          entry.readyAt = readyAt;
          entry.target = -1;
          count++;
        }
        continue;
      }
      entry = new Entry(vm, c, readyAt);
      this.add(entry);
      count++;
    }
    if (count > 0) sim.at(readyAt, this.detectKind, c);
  }

  /**
   * A host of a cluster is isolated (alive, management network cut) or reconnected. With isolationResponse disabled
   * its VMs run on; otherwise the response is scheduled `isolationResponseDelay` later, cancelled by a reconnection.
   */
  private isolationChanged(host: PhysicalHost, isolated: boolean): void {
    const c = this.clusterOf(host.id);
    if (c < 0) return;
    const epoch = (this.isolationEpoch.get(host.id) ?? 0) + 1;
    this.isolationEpoch.set(host.id, epoch);
    if (!isolated) {
      if (this.byCluster[c].size > 0) this.tryRestarts(c);
      return;
    }
    if (this.config.isolationResponse === 'disabled') return;
    const sim = this.context.sim;
    sim.at(sim.now + this.config.isolationResponseDelay, this.isolationKind, host.id, epoch);
  }

  /**
   * The isolated host powers off (or shuts down) its running VMs; the HA master sees them powered off and restarts
   * them at once, like a failed host's VMs after detection.
   */
  private isolationResponse(hostId: number, epoch: number): void {
    if (this.isolationEpoch.get(hostId) !== epoch) return;
    const { world, sim, lifecycle } = this.context;
    const host = world.hosts[hostId];
    if (!host.up) return; // it crashed meanwhile: the failure path has its VMs
    const c = this.clusterOf(hostId);
    let count = 0;
    for (const id of world.residents(host)) {
      const vm = world.vms.get(id);
      if (!vm || vm.state !== 'running') continue;
      lifecycle.down(vm, sim.now);
      this.add(new Entry(vm, c, sim.now));
      count++;
    }
    this.context.log('ha_isolation_response', '', host.name, `${this.config.isolationResponse} vms=${count}`);
    if (count > 0) this.detect(c);
  }

  private detect(c: number): void {
    const now = this.context.sim.now;
    for (const entry of this.byCluster[c]) {
      if (entry.state !== 'detecting' || entry.readyAt > now) continue;
      if (entry.attempts === 0 && entry.priority === HA_DISABLED) {
        this.registerPoweredOff(entry);
      } else if (entry.attempts === 0) {
        entry.state = 'queued';
        entry.attempts = 1;
        entry.firstAttemptAt = now;
      } else {
        // Its power-on target failed: back where it was before that attempt.
        entry.state = 'waiting';
      }
    }
    this.tryRestarts(c);
  }

  private retry(vmId: number, attempt: number): void {
    const entry = this.entries.get(vmId);
    if (!entry || entry.state !== 'retry' || entry.attempts !== attempt) return;
    entry.attempts++;
    entry.state = 'queued';
    entry.handle = -1;
    this.tryRestarts(entry.cluster);
  }

  /** Restarts what can be restarted now, highest priority first (a preference: lower ones fill the room left). */
  private tryRestarts(c: number): void {
    const cluster = this.clusters[c];
    // When no waiting VM fits on any usable host, nothing can be placed, so capacity does not change during the
    // pass: queued VMs start waiting (in priority order), waiting ones keep waiting, without trying placements.
    // Fit answers hold from here until the pass changes the cluster (it resets them then).
    this.fits.reset();
    const anyCould = this.mayPlaceAny(c);
    // Collected without copying the whole set first: a cluster's entries are mostly waiting, and this runs on every
    // capacity change there.
    const waiting: Entry[] = [];
    for (const e of this.byCluster[c]) {
      if (e.state === 'queued' || (anyCould && (e.state === 'waiting' || e.state === 'operator'))) waiting.push(e);
    }
    // byPriority is a strict total order (VM ids differ), so any sort gives this order; V8's sort copies the array
    // first, which the common short lists do not need.
    if (waiting.length > 16) waiting.sort(byPriority);
    else insertionSort(waiting, byPriority);
    const limit = this.config.maxConcurrentPowerOnsPerHost;
    // Placement answers hold until this loop places (or drops) something.
    this.noTarget.reset();
    for (const entry of waiting) {
      const vm = entry.vm;
      if (vm.state !== 'down' || !this.context.world.vms.has(vm.id)) {
        this.drop(entry);
        this.fits.reset();
        this.noTarget.reset();
        continue;
      }
      let target = -1;
      if (this.noTarget.get(vm) < 0) {
        target = cluster.failoverPlacement(vm, limit);
        if (target < 0) target = cluster.drsPlacement(vm, limit);
        if (target < 0) this.noTarget.set(vm, 1);
      }
      if (target >= 0) {
        if (entry.state !== 'operator' && this.config.powerOnFailure > 0 && uniform(this.failureRng) < this.config.powerOnFailure) {
          this.attemptFailed(entry, target);
        } else {
          this.startPowerOn(entry, target);
        }
        this.fits.reset();
        this.noTarget.reset();
        continue;
      }
      // Room exists but every such host is busy with power-ons: wait for one to finish.
      if (this.anyHostFits(cluster, vm)) continue;
      if (entry.state === 'queued') {
        entry.state = 'waiting';
        if (this.context.logEnabled) this.context.log('ha_waiting', vm.id, '', `attempt=${entry.attempts} no unreserved capacity`);
      }
    }
    // A pass that could place none changed nothing: its queued VMs now wait too, and mayPlaceAny has found the
    // highest-priority one of them all.
    const first = anyCould ? undefined : this.firstUnplaceable;
    this.firstUnplaceable = undefined;
    this.askDrsForRoom(c, first);
  }

  /**
   * The highest-priority VM that fits on no host (`first`, when known): DRS may make room by vMotion (one request at a
   * time).
   */
  private askDrsForRoom(c: number, first: Entry | undefined): void {
    const drs = this.drs[c];
    if (drs === undefined || !drs.config.enabled || drs.roomMovesInFlight(this.clusters[c]) > 0) return;
    const cluster = this.clusters[c];
    if (first === undefined) {
      // The restart loop before this resets `fits` after every change it makes, so its answers are current.
      for (const e of this.byCluster[c]) {
        if ((e.state === 'waiting' || e.state === 'operator') && e.vm.state === 'down' &&
          !this.anyHostFits(cluster, e.vm) && (!first || byPriority(e, first) < 0)) first = e;
      }
    }
    if (first) drs.makeRoom(cluster, first.vm);
  }

  /**
   * Whether a pass over the cluster's waiting VMs may place (or drop) any: one fits on a usable host, or is gone
   * (`fits` reset since the cluster last changed). When none may, notes the highest-priority one in firstUnplaceable.
   */
  private mayPlaceAny(c: number): boolean {
    const cluster = this.clusters[c];
    let first: Entry | undefined;
    for (const e of this.byCluster[c]) {
      if (e.state !== 'queued' && e.state !== 'waiting' && e.state !== 'operator') continue;
      if (e.vm.state !== 'down' || !this.context.world.vms.has(e.id) || this.anyHostFits(cluster, e.vm)) return true;
      if (!first || byPriority(e, first) < 0) first = e;
    }
    this.firstUnplaceable = first;
    return false;
  }

  /** cluster.anyHostFits, remembered per demand in `fits` (reset it whenever the cluster may have changed). */
  private anyHostFits(cluster: VcenterCluster, vm: Vm): boolean {
    const known = this.fits.get(vm);
    if (known >= 0) return known === 1;
    const fits = cluster.anyHostFits(vm);
    this.fits.set(vm, fits ? 1 : 0);
    return fits;
  }

  /** A restart failed for a reason other than capacity: retry on the schedule, or give up after the last attempt. */
  private attemptFailed(entry: Entry, target: number): void {
    const { sim } = this.context;
    const host = this.clusters[entry.cluster].hosts[target];
    if (entry.attempts >= this.config.maxAttempts) {
      entry.state = 'gave-up';
      this.context.lifecycle.gaveUp(entry.vm);
      const at = sim.now + Math.max(0, this.operatorDelay(this.operatorRng));
      entry.handle = sim.at(at, this.operatorKind, entry.vm.id);
      this.context.log('ha_gave_up', entry.vm.id, host.name, `attempts=${entry.attempts} operator_at=${round(at)}`);
      return;
    }
    entry.state = 'retry';
    const at = Math.max(sim.now, entry.firstAttemptAt + this.config.retryDelays[entry.attempts - 1]);
    entry.handle = sim.at(at, this.retryKind, entry.vm.id, entry.attempts);
    if (this.context.logEnabled) {
      this.context.log('ha_restart_failed', entry.vm.id, host.name, `attempt=${entry.attempts} next_s=${round(at)}`);
    }
  }

  /**
   * Restart priority disabled (vSphere 6.0+): HA re-registers the VM on a healthy host but does not power it on; it
   * stays down, whatever happens to its failed host, until an operator powers it on after `operatorDelay`.
   */
  private registerPoweredOff(entry: Entry): void {
    const { sim } = this.context;
    entry.state = 'registered';
    entry.vm.poweredOff = true;
    const at = sim.now + Math.max(0, this.operatorDelay(this.operatorRng));
    entry.handle = sim.at(at, this.operatorKind, entry.vm.id);
    this.context.log('ha_registered_off', entry.vm.id, '', `restart priority disabled operator_at=${round(at)}`);
  }

  /** The operator powers on a VM HA gave up on or registered powered off, as soon as a host holds it. */
  private operatorPowersOn(vmId: number): void {
    const entry = this.entries.get(vmId);
    if (!entry || (entry.state !== 'gave-up' && entry.state !== 'registered')) return;
    entry.state = 'operator';
    entry.handle = -1;
    this.tryRestarts(entry.cluster);
  }

  private startPowerOn(entry: Entry, target: number): void {
    const { sim, world } = this.context;
    const cluster = this.clusters[entry.cluster];
    const host = cluster.hosts[target];
    const vm = entry.vm;
    vm.poweredOff = false;
    const source = vm.host >= 0 ? cluster.localIndex(world.hosts[vm.host]) : -1;
    if (source >= 0) {
      const changes = cluster.hosts[source].changes;
      world.unplace(vm);
      cluster.residentChanged(source, vm, -1, changes);
    } else {
      world.unplace(vm);
    }
    const changes = host.changes;
    world.place(vm, host.id);
    cluster.residentChanged(target, vm, 1, changes);
    cluster.powerOns[target]++;
    entry.state = 'powering-on';
    entry.target = target;
    entry.handle = sim.schedule(this.config.restartDelay, this.doneKind, vm.id);
    this.context.lifecycle.recovering(vm, sim.now, 'ha-restart');
    if (this.context.logEnabled) {
      this.context.log('ha_restart', vm.id, host.name,
        `priority=${HA_PRIORITIES[vm.haPriority]} attempt=${entry.attempts}${cluster.failover[target] ? ' failover_host' : ''}`);
    }
  }

  private powerOnDone(vmId: number): void {
    const entry = this.entries.get(vmId);
    if (!entry || entry.state !== 'powering-on') return;
    const c = entry.cluster;
    this.clusters[c].powerOns[entry.target]--;
    this.remove(entry);
    this.context.lifecycle.recovered(entry.vm, this.context.sim.now, false);
    this.context.log('ha_recovered', vmId, this.clusters[c].hosts[entry.target].name, '');
    this.tryRestarts(c);
  }

  hostRepaired(host: PhysicalHost): void {
    const c = this.clusterOf(host.id);
    if (c < 0) return;
    if (this.master[c] < 0) this.master[c] = this.clusters[c].localIndex(host);
    // VMs that came back with their host need no restart (a Set's iteration goes on past the deleted entry).
    for (const entry of this.byCluster[c]) if (entry.vm.state !== 'down') this.drop(entry);
    this.tryRestarts(c);
  }

  capacityFreed(_host: PhysicalHost, hostId: number): void {
    const c = this.clusterOf(hostId);
    if (c >= 0 && this.held[c] > 0) this.tryRestarts(c);
  }

  vmDeparted(vm: Vm): void {
    this.vmIdDeparted(vm.id);
  }

  /** Told instead of vmDeparted: an entry holds its Vm, so a departure need not load it. */
  vmIdDeparted(vmId: number): void {
    const entry = this.entries.get(vmId);
    if (entry) this.drop(entry);
  }

  /** Forgets an entry, cancelling its pending event and freeing its power-on slot. */
  private drop(entry: Entry): void {
    const { sim } = this.context;
    if (entry.state === 'retry' || entry.state === 'gave-up' || entry.state === 'registered') sim.cancel(entry.handle);
    entry.vm.poweredOff = false;
    if (entry.state === 'powering-on') {
      sim.cancel(entry.handle);
      this.clusters[entry.cluster].powerOns[entry.target]--;
    }
    this.remove(entry);
  }

  /** Holds a new entry (a new object: the Set grows by one). */
  private add(entry: Entry): void {
    this.entries.set(entry.id, entry);
    this.byCluster[entry.cluster].add(entry);
    this.held[entry.cluster]++;
  }

  private remove(entry: Entry): void {
    this.entries.delete(entry.id);
    if (this.byCluster[entry.cluster].delete(entry)) this.held[entry.cluster]--;
  }
}

/** Sorts a short array in place. */
function insertionSort<T>(items: T[], compare: (a: T, b: T) => number): void {
  for (let k = 1; k < items.length; k++) {
    const item = items[k];
    let j = k;
    while (j > 0 && compare(items[j - 1], item) > 0) {
      items[j] = items[j - 1];
      j--;
    }
    items[j] = item;
  }
}

/** Restart order: priority, then when the failure was declared, then VM id. */
function byPriority(a: Entry, b: Entry): number {
  return a.priority - b.priority || a.readyAt - b.readyAt || a.id - b.id;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
