// DRS load balancing with vMotion (vSphere Resource Management 6.7, "DRS Migration Threshold"): rounds every
// `interval`, greedy moves that lower the CPU plus memory imbalance of normalised entitlements while it exceeds the
// migration threshold's tolerance; or (vSphere 7.0+, `algorithm: vm-score`) moves that raise a VM's DRS score by
// more than the threshold's cost; mandatory moves drain maintenance and failover hosts. A vMotion holds the VM's memory on both hosts until
// it completes.

import type { Vm } from '../model/vm.js';
import type { RunContext } from '../kernel/run-context.js';
import { PRIORITY } from '../kernel/priority.js';
import type { PhysicalHost } from '../model/physical-host.js';
import type { DrsConfig } from './schema.js';
import { sd, type VcenterCluster } from './vcenter-cluster.js';
import { DRS_RULE_REGISTRY, type DrsRule } from './drs-rule.js';
import { firstOfItsSize, ImbalanceMoveSearch, type MoveConstraints } from './imbalance-move-search.js';

interface Migration {
  vm: Vm;
  cluster: VcenterCluster;
  src: number;
  dst: number;
  handle: number;
}

/**
 * Host-load standard deviation above which a round acts: a move's priority is 6 − ⌈σ/0.1 × √hosts⌉ and threshold T
 * applies priorities ≤ T, so σ must exceed (5 − T) × 0.1 / √hosts. Threshold 1 applies mandatory moves only.
 */
export function drsTolerance(threshold: number, hosts: number): number {
  if (threshold <= 1) return Infinity;
  return ((5 - threshold) * 0.1) / Math.sqrt(hosts);
}

/**
 * A VM's DRS score on a host whose CPU and memory demand are `cpuDemand` and `memDemand` times its capacity: the
 * share of its CPU demand met times the share of its memory demand met (every VM on a host gets the same share when
 * demand exceeds capacity), 0..1.
 */
export function vmScore(cpuDemand: number, memDemand: number): number {
  return (cpuDemand > 1 ? 1 / cpuDemand : 1) * (memDemand > 1 ? 1 / memDemand : 1);
}

/** vMotion duration: memory / bandwidth × overhead (seconds). */
export function vmotionSeconds(ramMiB: number, config: DrsConfig): number {
  return (ramMiB / config.vmotionBandwidthMiBps) * config.vmotionOverhead;
}

/** Relative slack of makeRoom's free-room test (far above rounding, far below one vCPU, MiB or GiB). */
const ROOM_MARGIN = 1e-9;

/** Per run, the DRS that balances each cluster (see the constructor). */
const drsOfCluster = new WeakMap<RunContext, Map<VcenterCluster, DrsBalancer>>();

export class DrsBalancer {
  private readonly migrations = new Map<number, Migration>();
  /** vMotions started to make room for an HA restart (VM ids). */
  private readonly roomMoves = new Set<number>();
  /** makeRoom's plans: the one being made and the best so far (VM ids, destinations). */
  private planIds = new Int32Array(0);
  private planDst = new Int32Array(0);
  private bestPlanIds = new Int32Array(0);
  private bestPlanDst = new Int32Array(0);
  /** What makeRoom's plan adds to each host of the cluster (cleared for every host it plans for), reused. */
  private extraVcpus = new Float64Array(0);
  private extraRamMiB = new Float64Array(0);
  private extraDiskGiB = new Float64Array(0);
  private extraMoves = new Int32Array(0);
  /** makeRoom's hosts to plan for, in order of the memory missing on each (reused). */
  private roomTargets = new Int32Array(0);
  private roomMissingMiB = new Float64Array(0);
  /** roomMovable's scratch: a host's resident ids; then the movable VMs it returns, their ids and record slots. */
  private roomIds = new Int32Array(64);
  private roomMovableIds = new Int32Array(64);
  private roomMovableSlots = new Int32Array(64);
  /** Of those, how many per cluster (HA asks after every capacity change). */
  private readonly roomMovesByCluster = new Map<VcenterCluster, number>();
  /**
   * Per cluster, the last makeRoom that found no plan: the cluster's signature then and the VM's vCPUs, memory and
   * disk. Asked again for the same size with nothing changed, it would find none again.
   */
  private readonly noRoom = new Map<VcenterCluster, { signature: number; vcpus: number; ramMiB: number; diskGiB: number }>();
  private readonly roundKind: number;
  /** vMotions started so far. */
  private started = 0;
  /**
   * vMotions finished or aborted so far: with none in flight (started = released) a departure's abort() returns
   * without reading the Map, a line of its own and another for its table.
   */
  private released = 0;
  /** Per cluster, the signature after its last round that started no vMotion (−1: none, or changed since). */
  private readonly quietAt: Float64Array;
  private readonly doneKind: number;
  /** The arm's DRS rules (plug-ins'); a move happens only where all allow it. */
  private readonly rules: readonly DrsRule[];
  private readonly moves: ImbalanceMoveSearch;
  private readonly constraints: MoveConstraints;
  /** Each ESXi host's cluster by host id (host failures and repairs ask for every host of the fleet). */
  private readonly clusterOfHost = new Map<number, VcenterCluster>();

  /** Seconds between balancing rounds. */
  readonly interval: number;

  constructor(
    private readonly context: RunContext,
    readonly clusters: readonly VcenterCluster[],
    readonly config: DrsConfig,
  ) {
    const sim = context.sim;
    // The first cluster that holds a host, as a scan in cluster order finds it.
    for (let c = clusters.length - 1; c >= 0; c--) for (const host of clusters[c].hosts) this.clusterOfHost.set(host.id, clusters[c]);
    this.rules = (config.rules ?? []).map((name) => {
      const rule = DRS_RULE_REGISTRY.get(name);
      if (!rule) throw new Error(`no DRS rule ${name} (a plug-in's rule needs --plugin)`);
      return rule;
    });
    this.moves = new ImbalanceMoveSearch(context.world, context.lifecycle);
    this.constraints = {
      limit: config.vmotionConcurrencyPerHost,
      isMigrating: (vmId) => this.migrations.has(vmId),
      allows: this.rules.length === 0 ? undefined : (vm, from, to) => this.allows(vm, from, to),
    };
    const interval = config.interval ?? (config.algorithm === 'vm-score' ? 60 : 300);
    this.interval = interval;
    this.quietAt = new Float64Array(clusters.length).fill(-1);
    this.roundKind = sim.defineEvent('drs-round', PRIORITY.drs, (c) => {
      // A round is a function of the cluster's hosts, its vMotions and its VMs' states: when none of them changed
      // since a round that started no vMotion, this one would start none either (see signature()).
      const signature = this.signature(this.clusters[c]);
      if (signature !== this.quietAt[c]) {
        const before = this.started;
        this.round(this.clusters[c]);
        // A round that starts no vMotion changes nothing it reads: the signature stays.
        this.quietAt[c] = this.started === before ? signature : -1;
      }
      if (sim.now + interval <= context.scenario.horizon) sim.schedule(interval, this.roundKind, c);
    });
    this.doneKind = sim.defineEvent('vmotion-done', PRIORITY.drs, (vmId) => this.finish(vmId));
    if (config.enabled && interval <= context.scenario.horizon) {
      clusters.forEach((_, c) => sim.at(interval, this.roundKind, c));
    }
    // A fleet of many groups builds one DrsBalancer per group, one after another: the first installs the run's host
    // hooks for all of them, which hand each host to the DRS of its cluster (the others' hooks would do nothing).
    let owners = drsOfCluster.get(context);
    if (owners === undefined) {
      const found = new Map<VcenterCluster, DrsBalancer>();
      owners = found;
      drsOfCluster.set(context, found);
      const drsOf = (host: PhysicalHost) => {
        const cluster = host.onClusterChange;
        return cluster === undefined ? undefined : found.get(cluster as VcenterCluster);
      };
      context.hooks.hostFailed.push((host) => drsOf(host)?.hostChanged(host));
      context.hooks.hostRepaired.push((host) => drsOf(host)?.hostChanged(host));
      (context.hooks.hostIsolated ??= []).push((host) => drsOf(host)?.isolationChanged(host, true));
      (context.hooks.hostReconnected ??= []).push((host) => drsOf(host)?.isolationChanged(host, false));
    }
    for (const cluster of clusters) if (!owners.has(cluster)) owners.set(cluster, this);
  }

  /**
   * The cluster's host changes (VcenterCluster.hostChanges, the sum of its hosts' change counters' growth), its
   * maintenance flag changes and the VM lifecycle's recoveries: all only grow, so an equal value means nothing a round
   * reads has changed. vMotions reserve and release host capacity, and a VM goes down, departs or is lost only with a
   * change on its host (failure, unplace), so those count already.
   */
  private signature(cluster: VcenterCluster): number {
    return this.context.lifecycle.recoveries + cluster.flagChanges + cluster.hostChanges;
  }

  /**
   * signature() plus the VMs' up/down changes on the cluster's hosts: also covers a VM going down on a host that did
   * not change (an isolation response), which makeRoom's movable VMs would see.
   */
  private roomSignature(cluster: VcenterCluster): number {
    const stateChanges = this.context.lifecycle.stateChanges;
    let changes = this.context.lifecycle.recoveries + cluster.flagChanges;
    for (const host of cluster.hosts) changes += host.changes + stateChanges[host.id];
    return changes;
  }

  /** vMotions in flight. */
  get inFlight(): number {
    return this.migrations.size;
  }

  isMigrating(vmId: number): boolean {
    return this.migrations.has(vmId);
  }

  clusterOf(host: PhysicalHost): VcenterCluster | undefined {
    return this.clusterOfHost.get(host.id);
  }

  /** One balancing round on a cluster: mandatory drains first, then load balancing moves. */
  round(cluster: VcenterCluster): void {
    const limit = this.config.vmotionConcurrencyPerHost;
    const world = this.context.world;
    // Mandatory moves: VMs off maintenance hosts and off dedicated failover hosts, wherever DRS would place them.
    const flagged = cluster.hasFlaggedHost();
    for (let s = 0; flagged && s < cluster.size; s++) {
      if (cluster.maintenance[s] === 0 && cluster.failover[s] === 0) continue;
      const host = cluster.hosts[s];
      if (!host.up) continue;
      for (const id of world.residents(host)) {
        if (cluster.vmotions[s] >= limit) break;
        const vm = world.vms.get(id);
        if (!vm || vm.state !== 'running' || this.migrations.has(id)) continue;
        const dst = this.placementWithVmotionSlot(cluster, vm);
        if (dst >= 0) this.start(cluster, vm, s, dst);
      }
    }
    let moments = cluster.moments();
    const n = moments.n;
    if (this.config.algorithm === 'vm-score') {
      if (n < 2 || this.config.threshold <= 1) return;
      const minGain = (6 - this.config.threshold) * this.config.minScoreGain;
      for (;;) {
        const move = this.bestScoreMove(cluster, minGain);
        if (!move || move.gain < minGain - 1e-12) return;
        this.start(cluster, move.vm, move.src, move.dst);
      }
    }
    const tolerance = drsTolerance(this.config.threshold, n);
    if (n < 2 || !Number.isFinite(tolerance)) return;
    for (;;) {
      // cluster.imbalance(), from the moments in hand.
      const sigma = sd(moments.c1, moments.c2, n) + sd(moments.m1, moments.m2, n);
      if (sigma <= tolerance) return;
      // `moments` is the cluster's moments() of this state: nothing changed since.
      const move = this.moves.best(cluster, n, this.constraints, true);
      if (!move || sigma - move.sigma < this.config.minImbalanceReduction) return;
      this.start(cluster, move.vm, move.src, move.dst);
      moments = cluster.moments();
    }
  }

  /** DRS placement restricted to hosts with a free vMotion slot. */
  private placementWithVmotionSlot(cluster: VcenterCluster, vm: Vm): number {
    const dst = cluster.drsPlacement(vm, Infinity, this.config.vmotionConcurrencyPerHost);
    // A destination a rule vetoes: the mandatory move waits for a later round.
    return dst >= 0 && this.rules.length > 0 && !this.allows(vm, this.context.world.hosts[vm.host], cluster.hosts[dst]) ? -1 : dst;
  }

  /**
   * vm-score: the move (VM, source, destination) that raises the moved VM's DRS score most (vmScore: the share of its
   * demand its host meets, planned with in-flight vMotions done), or undefined when no move raises it.
   */
  private bestScoreMove(cluster: VcenterCluster, minGain: number): { vm: Vm; src: number; dst: number; gain: number } | undefined {
    const limit = this.config.vmotionConcurrencyPerHost;
    const world = this.context.world;
    const share = cluster.cpuDemandShare, memShare = cluster.memDemandShare;
    const rc = new Float64Array(cluster.size), rm = new Float64Array(cluster.size);
    const targets: number[] = [];
    // The two best target scores before any move: a VM cannot score more than its best other target's.
    let top = -1, second = -1;
    for (let i = 0; i < cluster.size; i++) {
      if (!cluster.balanceable(i)) continue;
      rc[i] = cluster.cpuDemand(i);
      rm[i] = cluster.memDemand(i);
      if (cluster.vmotions[i] >= limit) continue;
      targets.push(i);
      const score = vmScore(rc[i], rm[i]);
      if (top < 0 || score > vmScore(rc[top], rm[top])) {
        second = top;
        top = i;
      } else if (second < 0 || score > vmScore(rc[second], rm[second])) {
        second = i;
      }
    }
    let best: { vm: Vm; src: number; dst: number; gain: number } | undefined;
    let bestGain = 1e-12;
    const seenVcpus: number[] = [], seenRamMiB: number[] = [];
    for (let s = 0; s < cluster.size; s++) {
      if (!cluster.balanceable(s) || cluster.vmotions[s] >= limit) continue;
      const score = vmScore(rc[s], rm[s]);
      const other = top === s ? second : top;
      if (other < 0 || vmScore(rc[other], rm[other]) - score < minGain - 1e-12) continue;
      seenVcpus.length = seenRamMiB.length = 0;
      for (const id of world.residents(cluster.hosts[s])) {
        const vm = world.vms.get(id);
        if (!vm || vm.state !== 'running' || this.migrations.has(id)) continue;
        if (!firstOfItsSize(vm, seenVcpus, seenRamMiB, this.rules.length > 0)) continue;
        for (const t of targets) {
          if (t === s) continue;
          const dst = cluster.hosts[t];
          if (!dst.fits(vm.vcpus, vm.ramMiB, 0, vm.memReservationMiB, vm.cpuReservationMhz)) continue;
          if (this.rules.length > 0 && !this.allows(vm, cluster.hosts[s], dst)) continue;
          const gain = vmScore(rc[t] + (vm.vcpus * share) / dst.cpus, rm[t] + (vm.ramMiB * memShare) / dst.ramMiB) - score;
          if (gain > bestGain + 1e-12) {
            bestGain = gain;
            best = { vm, src: s, dst: t, gain };
          }
        }
      }
    }
    return best;
  }

  private allows(vm: Vm, from: PhysicalHost, to: PhysicalHost): boolean {
    for (const rule of this.rules) if (!rule.allowsMove(vm, from, to)) return false;
    return true;
  }

  /** Starts a vMotion: the destination reserves the VM's CPU and memory until the move completes. */
  start(cluster: VcenterCluster, vm: Vm, src: number, dst: number): void {
    const { world, sim } = this.context;
    const target = cluster.hosts[dst];
    // Both hosts hold the VM during the move, its reservation and overhead included (an incoming vMotion is admitted
    // against the destination's unreserved memory like a power-on).
    const reservedRamMiB = target.reservationRamMiB(vm.vcpus, vm.ramMiB, vm.memReservationMiB);
    const reservedMhz = target.reservationMhz(vm.cpuReservationMhz);
    world.reserve(target, vm.vcpus, vm.ramMiB, 0, reservedRamMiB, reservedMhz);
    cluster.incomingReservedRamMiB[dst] += reservedRamMiB;
    cluster.incomingReservedMhz[dst] += reservedMhz;
    cluster.vmotions[src]++;
    cluster.vmotions[dst]++;
    cluster.addOutgoing(src, vm.vcpus, vm.ramMiB);
    cluster.incomingRamMiB[dst] += vm.ramMiB;
    cluster.incomingVcpus[dst] += vm.vcpus;
    cluster.touch(src);
    cluster.touch(dst);
    this.started++;
    this.moves.forget(cluster, src);
    const handle = sim.schedule(vmotionSeconds(vm.ramMiB, this.config), this.doneKind, vm.id);
    this.migrations.set(vm.id, { vm, cluster, src, dst, handle });
    if (this.context.logEnabled) {
      this.context.log('vmotion_start', vm.id, target.name, `from=${cluster.hosts[src].name} ram_mib=${vm.ramMiB}`);
    }
  }

  private release(m: Migration): void {
    const { cluster, vm, src, dst } = m;
    const target = cluster.hosts[dst];
    const reservedRamMiB = target.reservationRamMiB(vm.vcpus, vm.ramMiB, vm.memReservationMiB);
    const reservedMhz = target.reservationMhz(vm.cpuReservationMhz);
    this.context.world.unreserve(target, vm.vcpus, vm.ramMiB, 0, reservedRamMiB, reservedMhz);
    cluster.incomingReservedRamMiB[dst] -= reservedRamMiB;
    cluster.incomingReservedMhz[dst] -= reservedMhz;
    cluster.vmotions[src]--;
    cluster.vmotions[dst]--;
    // x + (−y) is x − y bit for bit (IEEE 754).
    cluster.addOutgoing(src, -vm.vcpus, -vm.ramMiB);
    cluster.incomingRamMiB[dst] -= vm.ramMiB;
    cluster.incomingVcpus[dst] -= vm.vcpus;
    cluster.touch(src);
    cluster.touch(dst);
    this.migrations.delete(vm.id);
    this.released++;
    if (this.roomMoves.delete(vm.id)) this.roomMovesByCluster.set(cluster, (this.roomMovesByCluster.get(cluster) ?? 0) - 1);
    this.moves.forget(cluster, src);
  }

  private finish(vmId: number): void {
    const m = this.migrations.get(vmId);
    if (!m) return;
    const { world, metrics, scenario, sim, hooks } = this.context;
    this.release(m);
    const source = m.cluster.hosts[m.src];
    world.unplace(m.vm);
    world.place(m.vm, m.cluster.hosts[m.dst].id);
    if (sim.now >= scenario.warmup) {
      metrics.migrations++;
      metrics.migratedGiB += m.vm.ramMiB / 1024;
    }
    if (this.context.logEnabled) this.context.log('vmotion_done', vmId, m.cluster.hosts[m.dst].name, `from=${source.name}`);
    for (const hook of hooks.capacityFreed) hook(source, source.id);
  }

  /** vMotions in flight that make room for an HA restart in this cluster. */
  roomMovesInFlight(cluster: VcenterCluster): number {
    return this.roomMovesByCluster.get(cluster) ?? 0;
  }

  /**
   * HA asks DRS to make room for a VM that fits on no host (vSphere Availability: DRS "defragments" the cluster when
   * a restart finds no host with enough unreserved capacity). For each host, DRS plans to move its running VMs,
   * largest first, to other hosts (the one with most free memory that holds each, within vMotion slots) until the VM
   * would fit there; it starts the plan that moves the least memory. The moves are vMotions like balancing moves
   * (same duration, counted as migrations). Returns whether it started any.
   */
  makeRoom(cluster: VcenterCluster, vm: Vm): boolean {
    // What a plan reads changes only with the hosts, the flags, vMotions (they change their destination) and the VMs'
    // states; DRS rules may read anything, so with rules every call plans.
    const memo = this.rules.length === 0;
    const signature = memo ? this.roomSignature(cluster) : -1;
    if (memo) {
      const last = this.noRoom.get(cluster);
      if (last !== undefined && last.signature === signature && last.vcpus === vm.vcpus && last.ramMiB === vm.ramMiB &&
        last.diskGiB === vm.diskGiB) return false;
    }
    if (this.roomCannotExist(cluster, vm)) {
      if (memo) this.noRoom.set(cluster, { signature, vcpus: vm.vcpus, ramMiB: vm.ramMiB, diskGiB: vm.diskGiB });
      return false;
    }
    const limit = this.config.vmotionConcurrencyPerHost;
    // The plan being made and the best plan so far: VMs and destinations, at most `limit` moves each.
    if (this.planDst.length < limit) {
      this.planIds = new Int32Array(limit);
      this.planDst = new Int32Array(limit);
      this.bestPlanIds = new Int32Array(limit);
      this.bestPlanDst = new Int32Array(limit);
    }
    const planIds = this.planIds, planDst = this.planDst, bestIds = this.bestPlanIds, bestDst = this.bestPlanDst;
    const world = this.context.world, records = world.records;
    let bestTarget = -1, bestCount = 0, bestMovedMiB = 0;
    if (this.roomTargets.length < cluster.size) {
      this.roomTargets = new Int32Array(cluster.size);
      this.roomMissingMiB = new Float64Array(cluster.size);
    }
    if (this.extraVcpus.length < cluster.size) {
      this.extraVcpus = new Float64Array(cluster.size);
      this.extraRamMiB = new Float64Array(cluster.size);
      this.extraDiskGiB = new Float64Array(cluster.size);
      this.extraMoves = new Int32Array(cluster.size);
    }
    const extraVcpus = this.extraVcpus, extraRamMiB = this.extraRamMiB;
    const extraDiskGiB = this.extraDiskGiB, extraMoves = this.extraMoves;
    // The best plan is the one that moves least memory, the lower host index among equals. A plan moves at least the
    // memory missing on its host, so hosts are planned for in order of that (then index): the best plan tends to come
    // first, and later hosts stop as soon as they cannot beat it.
    const targets = this.roomTargets, missing = this.roomMissingMiB;
    let targetCount = 0;
    for (let t = 0; t < cluster.size; t++) {
      const host = cluster.hosts[t];
      if (!cluster.balanceable(t) || !fitsEmpty(host, vm) || host.usedDiskGiB + vm.diskGiB > host.capDiskGiB) continue;
      const needVcpus = host.usedVcpus + vm.vcpus - host.capVcpus;
      const needRamMiB = host.usedRamMiB + vm.ramMiB - host.capRamMiB;
      if (needVcpus <= 0 && needRamMiB <= 0) continue;
      targets[targetCount] = t;
      missing[targetCount++] = needRamMiB;
    }
    this.orderRoomTargets(targetCount);
    for (let q = 0; q < targetCount; q++) {
      const t = targets[q];
      const host = cluster.hosts[t];
      let needVcpus = host.usedVcpus + vm.vcpus - host.capVcpus;
      let needRamMiB = host.usedRamMiB + vm.ramMiB - host.capRamMiB;
      // A plan that completes moves at least the memory missing here; more than the best plan's (or as much, from a
      // higher index) cannot replace it.
      if (bestTarget >= 0 && (needRamMiB > bestMovedMiB || (needRamMiB === bestMovedMiB && t > bestTarget))) continue;
      const movableCount = this.roomMovable(host), movableIds = this.roomMovableIds, movableSlots = this.roomMovableSlots;
      extraVcpus.fill(0);
      extraRamMiB.fill(0);
      extraDiskGiB.fill(0);
      extraMoves.fill(0);
      let planned = 0;
      let movedMiB = 0;
      for (let k = 0; k < movableCount; k++) {
        // The VM's sizes from its record (equal to its Vm's): its object is read only for the rules and once moved.
        const id = movableIds[k], slot = movableSlots[k];
        const vcpus = records.vcpus(slot), ramMiB = records.ramMiB(slot), diskGiB = records.diskGiB(slot);
        if (needVcpus <= 0 && needRamMiB <= 0) break;
        if (cluster.vmotions[t] + planned >= limit) break;
        let dst = -1, dstFree = -Infinity;
        for (let d = 0; d < cluster.size; d++) {
          if (d === t || !cluster.balanceable(d) || cluster.vmotions[d] + extraMoves[d] >= limit) continue;
          const h = cluster.hosts[d];
          if (this.rules.length > 0 && !this.allows(world.vms.get(id) as Vm, host, h)) continue;
          if (h.usedVcpus + extraVcpus[d] + vcpus > h.capVcpus || h.usedRamMiB + extraRamMiB[d] + ramMiB > h.capRamMiB ||
            h.usedDiskGiB + extraDiskGiB[d] + diskGiB > h.capDiskGiB) continue;
          const free = h.capRamMiB - h.usedRamMiB - extraRamMiB[d];
          if (free > dstFree) {
            dstFree = free;
            dst = d;
          }
        }
        if (dst < 0) continue;
        planIds[planned] = id;
        planDst[planned] = dst;
        planned++;
        extraVcpus[dst] += vcpus;
        extraRamMiB[dst] += ramMiB;
        extraDiskGiB[dst] += diskGiB;
        extraMoves[dst]++;
        needVcpus -= vcpus;
        needRamMiB -= ramMiB;
        movedMiB += ramMiB;
        // The plan only grows: once it moves more than the best plan (or as much, from a higher index), it cannot
        // replace it.
        if (bestTarget >= 0 && (movedMiB > bestMovedMiB || (movedMiB === bestMovedMiB && t > bestTarget))) break;
      }
      if (needVcpus > 0 || needRamMiB > 0) continue;
      if (bestTarget < 0 || movedMiB < bestMovedMiB || (movedMiB === bestMovedMiB && t < bestTarget)) {
        bestTarget = t;
        bestMovedMiB = movedMiB;
        bestCount = planned;
        for (let k = 0; k < planned; k++) {
          bestIds[k] = planIds[k];
          bestDst[k] = planDst[k];
        }
      }
    }
    if (bestTarget < 0) {
      if (memo) this.noRoom.set(cluster, { signature, vcpus: vm.vcpus, ramMiB: vm.ramMiB, diskGiB: vm.diskGiB });
      return false;
    }
    this.noRoom.delete(cluster);
    this.context.log('drs_make_room', vm.id, cluster.hosts[bestTarget].name, `vmotions=${bestCount} ram_mib=${bestMovedMiB}`);
    for (let k = 0; k < bestCount; k++) {
      const moved = world.vms.get(bestIds[k]) as Vm;
      this.start(cluster, moved, bestTarget, bestDst[k]);
      if (!this.roomMoves.has(moved.id)) {
        this.roomMoves.add(moved.id);
        this.roomMovesByCluster.set(cluster, (this.roomMovesByCluster.get(cluster) ?? 0) + 1);
      }
    }
    return true;
  }

  /** Sorts makeRoom's first `count` targets by the memory missing on each, stably (the index order among equals). */
  private orderRoomTargets(count: number): void {
    const targets = this.roomTargets, missing = this.roomMissingMiB;
    for (let q = 1; q < count; q++) {
      const t = targets[q], need = missing[q];
      let k = q;
      while (k > 0 && missing[k - 1] > need) {
        targets[k] = targets[k - 1];
        missing[k] = missing[k - 1];
        k--;
      }
      targets[k] = t;
      missing[k] = need;
    }
  }

  /**
   * Whether no plan of makeRoom's can exist: moves only shift load between balanceable hosts, each taking at most its
   * free room, so a plan needs the VM's vCPUs, memory and disk within the free room summed over the balanceable hosts.
   * A full cluster, where HA waits, fails this at once instead of planning for every host. The margin keeps the test
   * on the safe side of rounding when sizes are not integers.
   */
  private roomCannotExist(cluster: VcenterCluster, vm: Vm): boolean {
    let freeVcpus = 0, freeRamMiB = 0, freeDiskGiB = 0;
    for (let d = 0; d < cluster.size; d++) {
      if (!cluster.balanceable(d)) continue;
      const h = cluster.hosts[d];
      freeVcpus += Math.max(0, h.capVcpus - h.usedVcpus);
      freeRamMiB += Math.max(0, h.capRamMiB - h.usedRamMiB);
      freeDiskGiB += Math.max(0, h.capDiskGiB - h.usedDiskGiB);
    }
    return freeVcpus < vm.vcpus - ROOM_MARGIN * Math.max(1, vm.vcpus) ||
      freeRamMiB < vm.ramMiB - ROOM_MARGIN * Math.max(1, vm.ramMiB) ||
      freeDiskGiB < vm.diskGiB - ROOM_MARGIN * Math.max(1, vm.diskGiB);
  }

  /**
   * Puts the ids and record slots of the host's running VMs not already migrating into roomMovableIds and
   * roomMovableSlots from index 0, largest memory first, then by id, and returns how many (makeRoom asks for every host
   * of the cluster; the arrays are reused). Sizes come from the records: a VM kept as its record only is running, and
   * its object is not rebuilt.
   */
  private roomMovable(host: PhysicalHost): number {
    const world = this.context.world, vms = world.vms, records = world.records;
    const resident = world.residentCount(host);
    if (this.roomIds.length < resident) {
      this.roomIds = new Int32Array(2 * resident);
      this.roomMovableIds = new Int32Array(2 * resident);
      this.roomMovableSlots = new Int32Array(2 * resident);
    }
    const ids = this.roomIds, count = world.residentIdsInto(host, ids);
    const movableIds = this.roomMovableIds, movableSlots = this.roomMovableSlots;
    let n = 0;
    for (let r = 0; r < count; r++) {
      const id = ids[r], slot = vms.slotOf(id);
      if (slot < 0) throw new Error(`vm ${id} is resident on ${host.name} but not in the world`);
      if (!vms.runningAt(slot) || this.migrations.has(id)) continue;
      const ramMiB = records.ramMiB(slot);
      // Insertion in order; ids are unique, so any sort by this comparator gives this order.
      let k = n++;
      while (k > 0) {
        const before = records.ramMiB(movableSlots[k - 1]);
        if (!(before < ramMiB || (before === ramMiB && movableIds[k - 1] > id))) break;
        movableIds[k] = movableIds[k - 1];
        movableSlots[k] = movableSlots[k - 1];
        k--;
      }
      movableIds[k] = id;
      movableSlots[k] = slot;
    }
    return n;
  }

  /** Cancels a VM's vMotion (the VM departed, or a host it touches failed); the VM stays on its source. */
  abort(vmId: number): void {
    if (this.started === this.released) return;
    const m = this.migrations.get(vmId);
    if (!m) return;
    this.context.sim.cancel(m.handle);
    this.release(m);
    if (this.context.logEnabled) this.context.log('vmotion_aborted', vmId, m.cluster.hosts[m.dst].name, '');
  }

  /** Puts a host into or out of maintenance mode; entering drains it by vMotion at once (a mandatory move). */
  setMaintenance(host: PhysicalHost, on: boolean): void {
    const cluster = this.clusterOf(host);
    if (!cluster) throw new Error(`${host.name} is not an ESXi host of this vCenter`);
    const i = cluster.localIndex(host);
    cluster.maintenance[i] = on ? 1 : 0;
    cluster.touch(i);
    host.withheld = on || cluster.failover[i] === 1;
    cluster.flagChanges++;
    cluster.refreshReporting();
    if (on) this.round(cluster);
  }

  /** vCenter loses (or regains) an isolated host: no placements or vMotions there; its vMotions in flight fail. */
  private isolationChanged(host: PhysicalHost, isolated: boolean): void {
    const cluster = this.clusterOf(host);
    if (!cluster) return;
    const i = cluster.localIndex(host);
    cluster.isolated[i] = isolated ? 1 : 0;
    cluster.touch(i);
    cluster.flagChanges++;
    if (isolated) {
      for (const m of [...this.migrations.values()]) {
        if (m.cluster === cluster && (m.src === i || m.dst === i)) this.abort(m.vm.id);
      }
    }
    cluster.refreshReporting();
  }

  private hostChanged(host: PhysicalHost): void {
    const cluster = this.clusterOf(host);
    if (!cluster) return;
    const i = cluster.localIndex(host);
    if (!host.up) {
      for (const m of [...this.migrations.values()]) {
        if (m.cluster === cluster && (m.src === i || m.dst === i)) this.abort(m.vm.id);
      }
    }
    cluster.refreshReporting();
  }
}

/** Whether the VM would fit on the host were it empty. */
function fitsEmpty(host: PhysicalHost, vm: Vm): boolean {
  return vm.vcpus <= host.capVcpus && vm.ramMiB <= host.capRamMiB && vm.diskGiB <= host.capDiskGiB;
}
