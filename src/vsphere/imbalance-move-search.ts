// The search for DRS's next load-balancing move under the imbalance rule (VcenterCluster.imbalance): the single
// (VM, source, destination) that lowers the CPU plus memory standard deviation of capped normalised entitlements most.
//
// `exhaustive` tries every candidate in a fixed order (source hosts in host order, on each the first movable VM of
// each size in residence order, destinations in host order) and keeps a candidate when it beats the best so far by
// more than 1e-12. `best` returns the same move with far fewer evaluations: it bounds each (source, VM) group from
// below in O(1), evaluates groups best bound first until the minimum is known, and replays the keep rule over the
// few candidates within a hair of it (see `best` for why that is exact). Each host's movable VMs are kept between
// searches (see movable()), so a search over unchanged hosts touches no VM object.

import type { PhysicalHost } from '../model/physical-host.js';
import type { Vm } from '../model/vm.js';
import type { VmLifecycle } from '../model/vm-lifecycle.js';
import type { World } from '../model/world.js';
import { grown } from '../engine/typed-arrays.js';
import { sd, shifted, type VcenterCluster } from './vcenter-cluster.js';

export interface ImbalanceMove {
  vm: Vm;
  src: number;
  dst: number;
  /** The imbalance with the move planned. */
  sigma: number;
}

/** What the search may move: VMs not already migrating, and (with DRS rules) only where every rule allows. */
export interface MoveConstraints {
  /** vMotions a host may take part in at once. */
  limit: number;
  /** Whether the VM is migrating; when its answer changes for a VM, ImbalanceMoveSearch.forget(its host) is due. */
  isMigrating(vmId: number): boolean;
  /** Undefined: no rules. */
  allows?: (vm: Vm, from: PhysicalHost, to: PhysicalHost) => boolean;
}

/** A host's movable VMs, one of each size: their ids and, four numbers each, vCPUs, memory, reservations. */
interface Movable {
  ids: Int32Array;
  sizes: Float64Array;
}

/**
 * A cluster's records of movable VMs, per host: the numbers, the VMs' ids in place, hosts with more than SLOTS sizes.
 * Ids, not Vm objects: a VM kept as its record only (World.keepAsRecord) is rebuilt only when DRS moves it.
 */
interface MovableRecords {
  records: Float64Array;
  ids: Int32Array;
  overflow: Map<number, Movable>;
}

/** Movable VMs a host's record holds in place (one per flavor size); a host with more keeps an overflow entry. */
const SLOTS = 4;
/** A host's record: change counter, VM state changes, count (−1: overflow), then per VM its four numbers. */
const STRIDE = 3 + 4 * SLOTS;

/** A candidate is kept when it beats the best so far by more than this. */
const KEEP = 1e-12;
/** Candidates within this of the smallest imbalance are replayed in search order. */
const WINDOW = 1e-9;
/** earlierTwins: two or more. */
const TWO_TWINS = -2;

export class ImbalanceMoveSearch {
  // Per host of the cluster: uncapped demand over capacity (rc, rm) and capped entitlement (c, m).
  private rc = new Float64Array(0);
  private rm = new Float64Array(0);
  private c = new Float64Array(0);
  private m = new Float64Array(0);
  private targets = new Int32Array(0);
  private targetCount = 0;
  private c1 = 0;
  private c2 = 0;
  private m1 = 0;
  private m2 = 0;
  // Per (source, VM) group, in search order.
  private groupSrc = new Int32Array(0);
  private groupId = new Int32Array(0);
  private groupSums = new Float64Array(0); // c1s, c2s, m1s, m2s: the sums with the VM gone from the source
  private groupSize = new Float64Array(0); // the VM's vCPUs, memory, memory and CPU reservations
  private groupBound = new Float64Array(0);
  /** An evaluated group's bound (groupBound then holds −1). */
  private twinBound = new Float64Array(0);
  // Per VM size met in this search: the smallest destination terms of the bound. Counts instead of `length = 0`, which
  // would drop the arrays' storage and reallocate it on every search.
  private sizeVcpus = new Float64Array(8);
  private sizeRamMiB = new Float64Array(8);
  private sizeQc = new Float64Array(8);
  private sizeQm = new Float64Array(8);
  private sizeCount = 0;
  // Candidates within WINDOW of the running minimum: group, destination, imbalance.
  private nearGroup = new Int32Array(0);
  private nearDst = new Int32Array(0);
  private nearSigma = new Float64Array(0);
  private nearCount = 0;
  private readonly seenVcpus: number[] = [];
  private readonly seenRamMiB: number[] = [];
  // readMovable's sizes seen so far and their VMs' reservations and ids, by count (as the size arrays above).
  private seenSizeVcpus = new Float64Array(8);
  private seenSizeRamMiB = new Float64Array(8);
  private seenSizeMemReservationMiB = new Float64Array(8);
  private seenSizeCpuReservationMhz = new Float64Array(8);

  // Per cluster, per host, its movable VMs (see movable()) and what they were read at, in one record per host, so a
  // search reads its cluster's records in one sweep of memory; the VMs beside them.
  private readonly byCluster = new Map<VcenterCluster, MovableRecords>();
  private scratchIds = new Int32Array(8);
  /** A host's resident VM ids, copied for readMovable. */
  private ids = new Int32Array(64);
  /** Where the last movable() left the host's numbers: the array and the first VM's offset. */
  private movableSizes: Float64Array = new Float64Array(0);
  private movableBase = 0;

  /** Evaluations of a candidate's imbalance in the last search (for tests). */
  evaluations = 0;

  constructor(private readonly world: World, private readonly lifecycle: VmLifecycle) {}

  /** A VM on the cluster's host i started or stopped migrating (isMigrating changed): its movable VMs are read again. */
  forget(cluster: VcenterCluster, i: number): void {
    const kept = this.byCluster.get(cluster);
    if (kept !== undefined) kept.records[i * STRIDE] = -1;
  }

  private recordsOf(cluster: VcenterCluster): MovableRecords {
    let kept = this.byCluster.get(cluster);
    if (kept === undefined) {
      const records = new Float64Array(cluster.size * STRIDE);
      for (let i = 0; i < cluster.size; i++) records[i * STRIDE] = -1;
      kept = { records, ids: new Int32Array(cluster.size * SLOTS), overflow: new Map() };
      this.byCluster.set(cluster, kept);
    }
    return kept;
  }

  /**
   * How many movable VMs host i has: its first running, not migrating VM of each size, in residence order; their
   * sizes and reservations are left in movableSizes from movableBase, four numbers each. Kept while the host's change
   * counter (VMs placed or released) and its VMs' state changes stay the same and forget() is not called.
   */
  private movable(kept: MovableRecords, host: PhysicalHost, i: number, constraints: MoveConstraints): number {
    const records = kept.records, at = i * STRIDE;
    if (records[at] !== host.changes || records[at + 1] !== this.lifecycle.stateChanges[host.id]) {
      this.readMovable(kept, host, i, constraints);
    }
    const count = records[at + 2];
    if (count >= 0) {
      this.movableSizes = records;
      this.movableBase = at + 3;
      return count;
    }
    const entry = kept.overflow.get(i) as Movable;
    this.movableSizes = entry.sizes;
    this.movableBase = 0;
    return entry.ids.length;
  }

  /** Host i's v-th movable VM's id as of the last movable(). */
  private movableId(kept: MovableRecords, i: number, v: number): number {
    return kept.records[i * STRIDE + 2] >= 0 ? kept.ids[i * SLOTS + v] : (kept.overflow.get(i) as Movable).ids[v];
  }

  private readMovable(kept: MovableRecords, host: PhysicalHost, i: number, constraints: MoveConstraints): void {
    const world = this.world, records = kept.records, at = i * STRIDE;
    const table = world.vms, vmRecords = world.records;
    let found = 0;
    if (this.ids.length < world.residentCount(host)) this.ids = new Int32Array(2 * world.residentCount(host));
    const ids = this.ids, count = world.residentIdsInto(host, ids);
    for (let r = 0; r < count; r++) {
      const vmId = ids[r];
      const slot = table.slotOf(vmId);
      if (slot < 0) continue;
      // Sizes from the record (equal to the Vm's), the rest from the table, without rebuilding dropped objects.
      if (!table.runningAt(slot) || constraints.isMigrating(vmId)) continue;
      // firstOfItsSize without rules, over typed arrays.
      const vcpus = vmRecords.vcpus(slot), ramMiB = vmRecords.ramMiB(slot);
      let seen = false;
      for (let k = 0; k < found && !seen; k++) seen = this.seenSizeVcpus[k] === vcpus && this.seenSizeRamMiB[k] === ramMiB;
      if (seen) continue;
      if (found === this.seenSizeVcpus.length) {
        this.seenSizeVcpus = grown(this.seenSizeVcpus, 2 * found);
        this.seenSizeRamMiB = grown(this.seenSizeRamMiB, 2 * found);
        this.seenSizeMemReservationMiB = grown(this.seenSizeMemReservationMiB, 2 * found);
        this.seenSizeCpuReservationMhz = grown(this.seenSizeCpuReservationMhz, 2 * found);
        this.scratchIds = grown(this.scratchIds, 2 * found);
      }
      this.seenSizeVcpus[found] = vcpus;
      this.seenSizeRamMiB[found] = ramMiB;
      this.seenSizeMemReservationMiB[found] = table.memReservationAt(slot);
      this.seenSizeCpuReservationMhz[found] = table.cpuReservationAt(slot);
      this.scratchIds[found++] = vmId;
    }
    records[at] = host.changes;
    records[at + 1] = this.lifecycle.stateChanges[host.id];
    kept.overflow.delete(i);
    const inPlace = found <= SLOTS;
    for (let v = 0; v < SLOTS; v++) kept.ids[i * SLOTS + v] = inPlace && v < found ? this.scratchIds[v] : -1;
    let sizes = records, base = at + 3;
    if (inPlace) {
      records[at + 2] = found;
    } else {
      records[at + 2] = -1;
      sizes = new Float64Array(4 * found);
      base = 0;
      kept.overflow.set(i, { ids: this.scratchIds.slice(0, found), sizes });
    }
    for (let v = 0; v < found; v++) {
      sizes[base + 4 * v] = this.seenSizeVcpus[v];
      sizes[base + 4 * v + 1] = this.seenSizeRamMiB[v];
      sizes[base + 4 * v + 2] = this.seenSizeMemReservationMiB[v];
      sizes[base + 4 * v + 3] = this.seenSizeCpuReservationMhz[v];
    }
  }

  /** Every candidate in search order, VMs read from the hosts (the rule's definition; also the path with DRS rules). */
  exhaustive(cluster: VcenterCluster, n: number, constraints: MoveConstraints): ImbalanceMove | undefined {
    this.load(cluster, constraints.limit);
    this.evaluations = 0;
    const world = this.world, rc = this.rc, rm = this.rm, c = this.c, m = this.m;
    const share = cluster.cpuDemandShare, memShare = cluster.memDemandShare;
    const c1 = this.c1, c2 = this.c2, m1 = this.m1, m2 = this.m2;
    const meanC = c1 / n, meanM = m1 / n;
    const allows = constraints.allows;
    let best: ImbalanceMove | undefined;
    let bestSigma = sd(c1, c2, n) + sd(m1, m2, n);
    const seenVcpus = this.seenVcpus, seenRamMiB = this.seenRamMiB;
    for (let s = 0; s < cluster.size; s++) {
      if (!cluster.balanceable(s) || cluster.vmotions[s] >= constraints.limit || (c[s] <= meanC && m[s] <= meanM)) continue;
      const src = cluster.hosts[s];
      seenVcpus.length = seenRamMiB.length = 0;
      for (const id of world.residents(src)) {
        const vm = world.vms.get(id);
        if (!vm || vm.state !== 'running' || constraints.isMigrating(id)) continue;
        if (!firstOfItsSize(vm, seenVcpus, seenRamMiB, allows !== undefined)) continue;
        const cs = Math.min(1, rc[s] - (vm.vcpus * share) / src.cpus);
        const ms = Math.min(1, rm[s] - (vm.ramMiB * memShare) / src.ramMiB);
        const c1s = c1 - c[s] + cs, c2s = c2 - c[s] * c[s] + cs * cs;
        const m1s = m1 - m[s] + ms, m2s = m2 - m[s] * m[s] + ms * ms;
        for (let k = 0; k < this.targetCount; k++) {
          const t = this.targets[k];
          if (t === s) continue;
          const dst = cluster.hosts[t];
          if (!dst.fits(vm.vcpus, vm.ramMiB, 0, vm.memReservationMiB, vm.cpuReservationMhz)) continue;
          if (allows !== undefined && !allows(vm, src, dst)) continue;
          const ct = Math.min(1, rc[t] + (vm.vcpus * share) / dst.cpus);
          const mt = Math.min(1, rm[t] + (vm.ramMiB * memShare) / dst.ramMiB);
          const sigma = shifted(c1s, c2s, n, c[t], ct) + shifted(m1s, m2s, n, m[t], mt);
          this.evaluations++;
          if (sigma < bestSigma - KEEP) {
            bestSigma = sigma;
            best = { vm, src: s, dst: t, sigma };
          }
        }
      }
    }
    return best;
  }

  /**
   * The move `exhaustive` returns, found by bounding. Why it is the same: a candidate X is kept only if its imbalance
   * is below the best so far minus 1e-12, and the best so far is at most 1e-12 above the smallest imbalance among
   * candidates before X (the current one, or each earlier candidate was kept or was within 1e-12 of the best then),
   * so a kept candidate is a new strict minimum of the sequence. Let m* be the smallest imbalance of all and
   * K = m* + WINDOW. Candidates at K or above are never kept once one below K is, so the keep rule over the
   * candidates below K, in search order, gives the same last kept move, provided its state when it meets the first
   * of them is known: the current imbalance when that is at most K; otherwise some value ≥ K, which keeps any
   * candidate below K − 1e-12 (the one case left, a first candidate in [K − 1e-12, K), falls back to `exhaustive`).
   * Every candidate below K is evaluated because each group's bound is at most each of its candidates' imbalance,
   * except candidates equal to an earlier one (a twin group's), which are no new strict minimum.
   * `fresh`: the cluster's moments() ran just before, with nothing changed since (its noted loads are used).
   */
  best(cluster: VcenterCluster, n: number, constraints: MoveConstraints, fresh = false): ImbalanceMove | undefined {
    if (constraints.allows !== undefined) return this.exhaustive(cluster, n, constraints);
    this.load(cluster, constraints.limit, fresh);
    this.evaluations = 0;
    const rc = this.rc, rm = this.rm, c = this.c, m = this.m;
    const share = cluster.cpuDemandShare, memShare = cluster.memDemandShare;
    const c1 = this.c1, c2 = this.c2, m1 = this.m1, m2 = this.m2;
    const meanC = c1 / n, meanM = m1 / n;
    const current = sd(c1, c2, n) + sd(m1, m2, n);
    // Rounding in the sums and in the two forms of the variance stays far below this (values ≤ 1, n terms).
    const slack = 1e-12 * Math.max(1, n);
    this.sizeCount = 0;
    let groups = 0;
    let lowest = Infinity;
    const kept = this.recordsOf(cluster);
    const hostCpus = cluster.hostCpus, hostRamMiB = cluster.hostRamMiB;
    for (let s = 0; s < cluster.size; s++) {
      if (!cluster.balanceable(s) || cluster.vmotions[s] >= constraints.limit || (c[s] <= meanC && m[s] <= meanM)) continue;
      const src = cluster.hosts[s];
      const count = this.movable(kept, src, s, constraints);
      const sizes = this.movableSizes, base = this.movableBase;
      for (let v = 0; v < count; v++) {
        const vcpus = sizes[base + 4 * v], ramMiB = sizes[base + 4 * v + 1];
        const cs = Math.min(1, rc[s] - (vcpus * share) / hostCpus[s]);
        const ms = Math.min(1, rm[s] - (ramMiB * memShare) / hostRamMiB[s]);
        const c1s = c1 - c[s] + cs, c2s = c2 - c[s] * c[s] + cs * cs;
        const m1s = m1 - m[s] + ms, m2s = m2 - m[s] * m[s] + ms * ms;
        const size = this.sizeIndex(cluster, n, vcpus, ramMiB);
        // With the VM gone from the source, a destination t adds δ = (its new term − its term) ≥ 0 to one sum, so the
        // variance becomes V0 + δ(2·term + δ)/n − (2·sum·δ + δ²)/n², and the sum here is at most the current one.
        const boundC = c2s / n - (c1s / n) ** 2 + this.sizeQc[size] - slack;
        const boundM = m2s / n - (m1s / n) ** 2 + this.sizeQm[size] - slack;
        const bound = Math.sqrt(Math.max(0, boundC)) + Math.sqrt(Math.max(0, boundM));
        this.ensureGroups(groups + 1);
        this.groupSrc[groups] = s;
        this.groupId[groups] = this.movableId(kept, s, v);
        for (let k = 0; k < 4; k++) this.groupSize[4 * groups + k] = sizes[base + 4 * v + k];
        this.groupSums[4 * groups] = c1s;
        this.groupSums[4 * groups + 1] = c2s;
        this.groupSums[4 * groups + 2] = m1s;
        this.groupSums[4 * groups + 3] = m2s;
        this.groupBound[groups] = bound;
        if (bound < lowest) lowest = bound;
        groups++;
      }
    }
    // Nothing can beat the current imbalance by more than 1e-12.
    if (groups === 0 || lowest >= current - KEEP) return undefined;
    // Groups in order of their bounds until the next bound reaches the running minimum plus the window.
    let minimum = Infinity;
    this.nearCount = 0;
    for (;;) {
      let g = -1;
      const bounds = this.groupBound;
      let lowestBound = Infinity;
      for (let k = 0; k < groups; k++) {
        const bound = bounds[k];
        if (bound >= 0 && (g < 0 || bound < lowestBound)) {
          g = k;
          lowestBound = bound;
        }
      }
      if (g < 0 || lowestBound >= Math.min(minimum + WINDOW, current - KEEP)) break;
      this.twinBound[g] = lowestBound;
      bounds[g] = -1; // evaluated
      const s = this.groupSrc[g];
      const vcpus = this.groupSize[4 * g], ramMiB = this.groupSize[4 * g + 1];
      const memReservationMiB = this.groupSize[4 * g + 2], cpuReservationMhz = this.groupSize[4 * g + 3];
      const c1s = this.groupSums[4 * g], c2s = this.groupSums[4 * g + 1];
      const m1s = this.groupSums[4 * g + 2], m2s = this.groupSums[4 * g + 3];
      // An earlier twin (same sums, same VM size and reservations) has the same candidate, with the same imbalance, at
      // every destination but its own source, so this group's others are no new minimum and never kept.
      const twin = this.earlierTwins(g);
      if (twin === TWO_TWINS) continue;
      for (let k = 0; k < this.targetCount; k++) {
        const t = this.targets[k];
        if (t === s || (twin >= 0 && t !== this.groupSrc[twin])) continue;
        const dst = cluster.hosts[t];
        if (!dst.fits(vcpus, ramMiB, 0, memReservationMiB, cpuReservationMhz)) continue;
        const ct = Math.min(1, rc[t] + (vcpus * share) / hostCpus[t]);
        const mt = Math.min(1, rm[t] + (ramMiB * memShare) / hostRamMiB[t]);
        // shifted() for both resources, written out (the same operations): a call here that is not inlined returns
        // its double boxed, an allocation per candidate.
        const a1 = c1s - c[t] + ct, a2 = c2s - c[t] * c[t] + ct * ct;
        const b1 = m1s - m[t] + mt, b2 = m2s - m[t] * m[t] + mt * mt;
        const sigma = Math.sqrt(Math.max(0, a2 / n - (a1 / n) ** 2)) + Math.sqrt(Math.max(0, b2 / n - (b1 / n) ** 2));
        this.evaluations++;
        if (sigma < minimum) minimum = sigma;
        if (sigma < minimum + WINDOW) {
          // The candidate joins the near list here, not in a method: a call that is not inlined boxes `sigma`.
          if (this.nearCount === this.nearGroup.length) this.growNear();
          const at = this.nearCount++;
          this.nearGroup[at] = g;
          this.nearDst[at] = t;
          this.nearSigma[at] = sigma;
        }
      }
    }
    if (minimum >= current - KEEP) return undefined;
    const cutoff = minimum + WINDOW;
    this.sortNear();
    let known = current <= cutoff;
    let bestSigma = current;
    let best = -1;
    for (let k = 0; k < this.nearCount; k++) {
      const sigma = this.nearSigma[k];
      if (sigma >= cutoff) continue;
      if (!known) {
        // The best so far is ≥ K here: below K − 1e-12 is kept; in [K − 1e-12, K) it would depend on its value.
        if (sigma >= cutoff - KEEP) return this.exhaustive(cluster, n, constraints);
        known = true;
      } else if (!(sigma < bestSigma - KEEP)) {
        continue;
      }
      bestSigma = sigma;
      best = k;
    }
    if (best < 0) return undefined;
    // The moved VM's object, rebuilt if the world kept it as its record only.
    const g = this.nearGroup[best];
    return { vm: this.world.vms.get(this.groupId[g]) as Vm, src: this.groupSrc[g], dst: this.nearDst[best], sigma: bestSigma };
  }

  /**
   * Per-host loads, their sums over balanceable hosts, and the destinations with a free vMotion slot; `fresh`: the
   * cluster's moments() ran with nothing changed since, so its noted loads are current.
   */
  private load(cluster: VcenterCluster, limit: number, fresh = false): void {
    const size = cluster.size;
    if (this.rc.length < size) {
      this.rc = new Float64Array(size);
      this.rm = new Float64Array(size);
      this.c = new Float64Array(size);
      this.m = new Float64Array(size);
      this.targets = new Int32Array(size);
    }
    const rc = this.rc, rm = this.rm, c = this.c, m = this.m;
    let c1 = 0, c2 = 0, m1 = 0, m2 = 0, targets = 0;
    for (let i = 0; i < size; i++) {
      rc[i] = rm[i] = c[i] = m[i] = 0;
      if (fresh) {
        // The loads moments() noted: the same values, without reading every host again.
        if (!cluster.notedBalanceable(i)) continue;
        rc[i] = cluster.notedCpuDemand(i);
        rm[i] = cluster.notedMemDemand(i);
      } else {
        if (!cluster.balanceable(i)) continue;
        rc[i] = cluster.cpuDemand(i);
        rm[i] = cluster.memDemand(i);
      }
      c[i] = Math.min(1, rc[i]);
      m[i] = Math.min(1, rm[i]);
      c1 += c[i];
      c2 += c[i] * c[i];
      m1 += m[i];
      m2 += m[i] * m[i];
      if (cluster.vmotions[i] < limit) this.targets[targets++] = i;
    }
    this.targetCount = targets;
    this.c1 = c1;
    this.c2 = c2;
    this.m1 = m1;
    this.m2 = m2;
  }

  /**
   * The index of the VM's size in this search, computing the destination terms of its bound on first use: over all
   * destinations, the smallest δ(2·term + δ)/n − (2·sum·δ + δ²)/n² for CPU and for memory (each its own minimum).
   */
  private sizeIndex(cluster: VcenterCluster, n: number, vcpus: number, ramMiB: number): number {
    for (let k = 0; k < this.sizeCount; k++) {
      if (this.sizeVcpus[k] === vcpus && this.sizeRamMiB[k] === ramMiB) return k;
    }
    const share = cluster.cpuDemandShare, memShare = cluster.memDemandShare;
    const rc = this.rc, rm = this.rm, c = this.c, m = this.m, c1 = this.c1, m1 = this.m1;
    let qc = Infinity, qm = Infinity;
    const hostCpus = cluster.hostCpus, hostRamMiB = cluster.hostRamMiB;
    for (let k = 0; k < this.targetCount; k++) {
      const t = this.targets[k];
      const dc = Math.min(1, rc[t] + (vcpus * share) / hostCpus[t]) - c[t];
      const dm = Math.min(1, rm[t] + (ramMiB * memShare) / hostRamMiB[t]) - m[t];
      const termC = (dc * (2 * c[t] + dc)) / n - (2 * c1 * dc + dc * dc) / (n * n);
      const termM = (dm * (2 * m[t] + dm)) / n - (2 * m1 * dm + dm * dm) / (n * n);
      if (termC < qc) qc = termC;
      if (termM < qm) qm = termM;
    }
    const k = this.sizeCount;
    if (k === this.sizeVcpus.length) {
      this.sizeVcpus = grown(this.sizeVcpus, 2 * k);
      this.sizeRamMiB = grown(this.sizeRamMiB, 2 * k);
      this.sizeQc = grown(this.sizeQc, 2 * k);
      this.sizeQm = grown(this.sizeQm, 2 * k);
    }
    this.sizeVcpus[k] = vcpus;
    this.sizeRamMiB[k] = ramMiB;
    this.sizeQc[k] = qc;
    this.sizeQm[k] = qm;
    this.sizeCount = k + 1;
    return k;
  }

  /** The index of group g's one earlier twin, −1 without one, TWO_TWINS with two or more. */
  private earlierTwins(g: number): number {
    const sums = this.groupSums, size = this.groupSize, bounds = this.groupBound, twinBound = this.twinBound;
    // Twins have the same bound (the same inputs); an earlier group still unevaluated has its bound in groupBound, an
    // evaluated one in twinBound.
    const bound = twinBound[g];
    let twin = -1;
    for (let j = 0; j < g; j++) {
      if ((bounds[j] >= 0 ? bounds[j] : twinBound[j]) !== bound) continue;
      let same = true;
      for (let k = 0; k < 4 && same; k++) same = sums[4 * j + k] === sums[4 * g + k] && size[4 * j + k] === size[4 * g + k];
      if (!same) continue;
      if (twin >= 0) return TWO_TWINS;
      twin = j;
    }
    return twin;
  }

  private ensureGroups(count: number): void {
    if (this.groupSrc.length >= count) return;
    const grow = Math.max(16, 2 * count);
    this.groupSrc = grown(this.groupSrc, grow);
    this.groupId = grown(this.groupId, grow);
    this.groupSums = grown(this.groupSums, 4 * grow);
    this.groupSize = grown(this.groupSize, 4 * grow);
    this.groupBound = grown(this.groupBound, grow);
    this.twinBound = grown(this.twinBound, grow);
  }

  private growNear(): void {
    const grow = Math.max(16, 2 * this.nearCount);
    this.nearGroup = grown(this.nearGroup, grow);
    this.nearDst = grown(this.nearDst, grow);
    this.nearSigma = grown(this.nearSigma, grow);
  }

  /** Near candidates into search order: by group (groups are numbered in search order), then destination. */
  private sortNear(): void {
    const group = this.nearGroup, dst = this.nearDst, sigma = this.nearSigma;
    for (let i = 1; i < this.nearCount; i++) {
      const g = group[i], t = dst[i], v = sigma[i];
      let j = i - 1;
      while (j >= 0 && (group[j] > g || (group[j] === g && dst[j] > t))) {
        group[j + 1] = group[j];
        dst[j + 1] = dst[j];
        sigma[j + 1] = sigma[j];
        j--;
      }
      group[j + 1] = g;
      dst[j + 1] = t;
      sigma[j + 1] = v;
    }
  }
}

/**
 * True the first time this search meets a VM of this size (then remembered): VMs of one size are interchangeable
 * for a move, so one of each is tried. With rules every VM is tried (a rule may pin one and not another).
 */
export function firstOfItsSize(vm: Vm, seenVcpus: number[], seenRamMiB: number[], withRules: boolean): boolean {
  if (!withRules) {
    for (let k = 0; k < seenVcpus.length; k++) if (seenVcpus[k] === vm.vcpus && seenRamMiB[k] === vm.ramMiB) return false;
  }
  seenVcpus.push(vm.vcpus);
  seenRamMiB.push(vm.ramMiB);
  return true;
}
