// vSphere HA restarts (vSphere Availability guide; "vSphere HA Deepdive", Restarting Virtual Machines): a failed ESXi
// host is declared dead after `detection` (35 s if it was the HA master), then its VMs are restarted inside the cluster
// by priority, on dedicated failover hosts first, else where DRS would place them, at most 32 power-ons per target host
// at a time. A VM that finds no room waits on the pending list, retried at +2, +6, +14, +30 min after the first attempt
// and whenever capacity frees up; after the last attempt it is lost. HA moves are invisible to Nova: the VM keeps its
// claim on the cluster's compute node.

import type { RecoveryPolicy } from '../kernel/recovery-policy.js';
import type { RunContext } from '../kernel/run-context.js';
import { PRIORITY } from '../kernel/priority.js';
import { loseVm } from '../failures/fail-host.js';
import { HA_DISABLED, HA_PRIORITIES } from '../model/ha-priority.js';
import type { PhysicalHost } from '../model/physical-host.js';
import type { Vm } from '../model/vm.js';
import type { VsphereHaConfig } from './schema.js';
import type { VcenterCluster } from './vcenter-cluster.js';
import { vcenterClusters } from './vcenter-platform.js';

type EntryState = 'detecting' | 'queued' | 'pending' | 'powering-on';

interface Entry {
  vm: Vm;
  cluster: number;
  state: EntryState;
  /** When the failure is declared and the first attempt runs. */
  readyAt: number;
  /** Scheduled attempts made so far (the first included); capacity-triggered tries do not count. */
  attempts: number;
  firstAttemptAt: number;
  /** Local host index of the power-on target. */
  target: number;
  /** Pending retry or power-on completion event. */
  handle: number;
}

export function vsphereHaRecovery(context: RunContext): VsphereHa {
  const recovery = context.arm.recovery;
  if (typeof recovery !== 'object' || !('vsphereHa' in recovery)) throw new Error(`arm ${context.arm.name}: no vsphereHa`);
  return new VsphereHa(context, vcenterClusters(context.nodes).map((c) => c.cluster), recovery.vsphereHa);
}

export class VsphereHa implements RecoveryPolicy {
  private readonly entries = new Map<number, Entry>();
  private readonly byCluster: Set<Entry>[];
  private readonly clusterOfHost = new Map<number, number>();
  /** Local index of each cluster's HA master (-1 when no host is up), and when a master last failed. */
  private readonly master: Int32Array;
  private readonly masterFailedAt: Float64Array;
  private readonly detection: number;
  private readonly detectKind: number;
  private readonly retryKind: number;
  private readonly doneKind: number;

  constructor(
    private readonly context: RunContext,
    readonly clusters: readonly VcenterCluster[],
    readonly config: VsphereHaConfig,
  ) {
    this.detection = config.detection ?? (config.datastoreHeartbeats ? 18 : 15);
    this.byCluster = clusters.map(() => new Set<Entry>());
    this.master = new Int32Array(clusters.length);
    this.masterFailedAt = new Float64Array(clusters.length).fill(-Infinity);
    clusters.forEach((cluster, c) => {
      for (const host of cluster.hosts) this.clusterOfHost.set(host.id, c);
      this.master[c] = cluster.hosts.findIndex((h) => h.up);
    });
    const sim = context.sim;
    this.detectKind = sim.defineEvent('ha-detect', PRIORITY.recovery, (c) => this.detect(c));
    this.retryKind = sim.defineEvent('ha-retry', PRIORITY.recovery, (vmId, attempt) => this.retry(vmId, attempt));
    this.doneKind = sim.defineEvent('ha-power-on-done', PRIORITY.recovery, (vmId) => this.powerOnDone(vmId));
  }

  /** VMs waiting for or undergoing an HA restart. */
  get pending(): number {
    return this.entries.size;
  }

  hostFailed(host: PhysicalHost): void {
    const c = this.clusterOfHost.get(host.id);
    if (c === undefined) return;
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
        }
        entry.state = 'detecting';
        entry.readyAt = readyAt;
        entry.target = -1;
        count++;
        continue;
      }
      if (vm.haPriority === HA_DISABLED) {
        this.context.log('ha_disabled', vm.id, host.name, 'restart priority disabled: waits for its host');
        continue;
      }
      entry = { vm, cluster: c, state: 'detecting', readyAt, attempts: 0, firstAttemptAt: -1, target: -1, handle: -1 };
      this.entries.set(id, entry);
      this.byCluster[c].add(entry);
      count++;
    }
    if (count > 0) sim.at(readyAt, this.detectKind, c);
  }

  private detect(c: number): void {
    const now = this.context.sim.now;
    for (const entry of this.byCluster[c]) {
      if (entry.state !== 'detecting' || entry.readyAt > now) continue;
      entry.state = 'queued';
      if (entry.attempts === 0) {
        entry.attempts = 1;
        entry.firstAttemptAt = now;
      }
    }
    this.tryRestarts(c);
  }

  private retry(vmId: number, attempt: number): void {
    const entry = this.entries.get(vmId);
    if (!entry || entry.state !== 'pending' || entry.attempts !== attempt) return;
    entry.attempts++;
    entry.state = 'queued';
    entry.handle = -1;
    this.tryRestarts(entry.cluster);
  }

  /** Restarts what can be restarted now, highest priority first (a preference: lower ones fill the room left). */
  private tryRestarts(c: number): void {
    const cluster = this.clusters[c];
    // When no waiting VM fits on any usable host, nothing can be placed, so capacity does not change during the
    // pass and the outcome is known without trying placements: queued VMs spend their attempt (in priority order),
    // pending ones keep waiting. This keeps a whole-cluster outage, whose many retries each used to re-sort and
    // re-try every waiting VM, linear in the number of waiting VMs.
    const anyCould = this.mayPlaceAny(c);
    const waiting = [...this.byCluster[c]].filter((e) => e.state === 'queued' || (anyCould && e.state === 'pending'));
    if (waiting.length === 0) return;
    waiting.sort((a, b) => a.vm.haPriority - b.vm.haPriority || a.readyAt - b.readyAt || a.vm.id - b.vm.id);
    const limit = this.config.maxConcurrentPowerOnsPerHost;
    for (const entry of waiting) {
      const vm = entry.vm;
      if (vm.state !== 'down' || !this.context.world.vms.has(vm.id)) {
        this.drop(entry);
        continue;
      }
      let target = cluster.failoverPlacement(vm, limit);
      if (target < 0) target = cluster.drsPlacement(vm, limit);
      if (target >= 0) {
        this.startPowerOn(entry, target);
        continue;
      }
      // Room exists but every such host is busy with power-ons: wait for one to finish, no attempt spent.
      if (cluster.anyHostFits(vm)) continue;
      if (entry.state === 'queued') this.attemptFailed(entry);
    }
  }

  /** Whether a pass over the cluster's waiting VMs may place (or drop) any: one fits on a usable host, or is gone. */
  private mayPlaceAny(c: number): boolean {
    const cluster = this.clusters[c];
    for (const e of this.byCluster[c]) {
      if ((e.state === 'queued' || e.state === 'pending') &&
        (e.vm.state !== 'down' || !this.context.world.vms.has(e.vm.id) ||
          cluster.anyHostFits(e.vm))) return true;
    }
    return false;
  }

  private attemptFailed(entry: Entry): void {
    const { sim } = this.context;
    if (entry.attempts >= this.config.maxAttempts) {
      this.drop(entry);
      loseVm(this.context, entry.vm);
      return;
    }
    entry.state = 'pending';
    const at = Math.max(sim.now, entry.firstAttemptAt + this.config.retryDelays[entry.attempts - 1]);
    entry.handle = sim.at(at, this.retryKind, entry.vm.id, entry.attempts);
    if (this.context.logEnabled) {
      this.context.log('ha_pending', entry.vm.id, '', `attempt=${entry.attempts} next_s=${at}`);
    }
  }

  private startPowerOn(entry: Entry, target: number): void {
    const { sim, world } = this.context;
    const cluster = this.clusters[entry.cluster];
    if (entry.state === 'pending') sim.cancel(entry.handle);
    const host = cluster.hosts[target];
    const vm = entry.vm;
    world.unplace(vm);
    world.place(vm, host.id);
    cluster.powerOns[target]++;
    entry.state = 'powering-on';
    entry.target = target;
    entry.handle = sim.schedule(this.config.restartDelay, this.doneKind, vm.id);
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
    const c = this.clusterOfHost.get(host.id);
    if (c === undefined) return;
    if (this.master[c] < 0) this.master[c] = this.clusters[c].localIndex(host);
    // VMs that came back with their host need no restart.
    for (const entry of [...this.byCluster[c]]) if (entry.vm.state !== 'down') this.drop(entry);
    this.tryRestarts(c);
  }

  capacityFreed(host: PhysicalHost): void {
    const c = this.clusterOfHost.get(host.id);
    if (c !== undefined && this.byCluster[c].size > 0) this.tryRestarts(c);
  }

  vmDeparted(vm: Vm): void {
    const entry = this.entries.get(vm.id);
    if (entry) this.drop(entry);
  }

  /** Forgets an entry, cancelling its pending event and freeing its power-on slot. */
  private drop(entry: Entry): void {
    const { sim } = this.context;
    if (entry.state === 'pending') sim.cancel(entry.handle);
    if (entry.state === 'powering-on') {
      sim.cancel(entry.handle);
      this.clusters[entry.cluster].powerOns[entry.target]--;
    }
    this.remove(entry);
  }

  private remove(entry: Entry): void {
    this.entries.delete(entry.vm.id);
    this.byCluster[entry.cluster].delete(entry);
  }
}
