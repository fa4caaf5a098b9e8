// The scheduler's fast path: the same choice as the FilterScheduler pipeline without scanning every compute node.
// Per request shape (vCPUs, RAM, disk, AZ, hypervisor) a max segment tree (one column of a MaxForest) holds each
// node's sort key when it passes every state-only filter and Placement, or −Infinity; the reference's choice is then
// the leftmost node with the largest key that also passes the two filters that depend on the call (ComputeFilter's
// clock, RetryFilter). With no weigher the keys are 0 or −Infinity, and a bitset per shape replaces the tree
// (leftmost-sets.ts); with a weigher, a bitset per distinct key (value-buckets.ts), which falls back to the trees.
//
// Why the key reproduces Nova's order (nova/weights.py normalize @ 26.0.0): with at most one weigher of non-zero
// multiplier m,
// * no weigher: every score is 0, so the first candidate in host-list order wins → key 0;
// * raw weights (grizzly): score = m × raw, computed here with the same expression → key = m × raw, exact;
// * normalised weights (Icehouse+): score = m × (max(0, raw) / M), M the largest clamped raw among the candidates.
//   x ↦ m × (x / M) is monotone, and when raw values are integers below 2^50 distinct x give distinct scores (the
//   quotients differ by ≥ 1/M, far above one ulp), so the order is that of sign(m) × max(0, raw). Raw values ≤ 0
//   clamp to 0 and tie, and "all equal" or M = 0 make every score 0 — in both cases the leftmost of the tied keys
//   wins, as in Nova. A non-integer raw value switches the fast path off for the rest of the run (the reference
//   pipeline then decides), so exactness never rests on luck.
// Several weighers: grizzly's raw sums (score = Σ m × raw, the same expression, in weigher order) are a key like one
// weigher's; normalised weighing with several weighers, or with a min-max one (BuildFailureWeigher), has a key that
// depends on the candidates (each weigher's maximum, or minimum), so each shape keeps a NormalisedForest instead
// (normalised-forest.ts): the per-weigher extremes below every tree node, searched by branch and bound. There the
// candidate set must be exact before weighing, so nodes whose heartbeat stopped are watched and dropped as soon as
// service_down_time has passed.
// host_subset_size > 1 takes the best `size` nodes in (key desc, host-list order) — the order of Nova's stable
// sort — and draws from the same random stream exactly as the reference does.

import { uniform, type Rng } from '../../engine/random-streams.js';
import { placementAccepts } from '../capacity.js';
import type { ComputeNode, NodeListener } from '../compute-node.js';
import type { FilterName } from '../config-schema.js';
import { FILTERS } from '../filters/index.js';
import type { FilterContext, HostFilter } from '../filters/host-filter.js';
import type { NovaConfig } from '../release-profiles.js';
import type { RequestSpec } from '../request-spec.js';
import type { HostWeigher } from '../weighers/host-weigher.js';
import { WEIGHERS, WEIGHER_REGISTRY } from '../weighers/index.js';
import { MaxForest } from './max-forest.js';
import { LeftmostSets } from './leftmost-sets.js';
import { ValueBuckets } from './value-buckets.js';
import { NormalisedForest, type WeighTerm } from './normalised-forest.js';
import { grown } from '../../engine/typed-arrays.js';

/** Filters whose decision depends only on the node's fields (which notify) and the request. */
const STATE_FILTERS: ReadonlySet<string> = new Set<FilterName>([
  'AvailabilityZoneFilter', 'RamFilter', 'CoreFilter', 'DiskFilter', 'ImagePropertiesFilter', 'NumInstancesFilter',
]);
/** Filters that pass every node when the request names no server group; requests with a group go to the reference. */
const GROUP_FILTERS: ReadonlySet<string> = new Set<FilterName>(['ServerGroupAntiAffinityFilter', 'ServerGroupAffinityFilter']);
/** Weighers whose normalised value orders like the raw value (minval 0, multiplier used as configured): one of them
 *  alone is a fixed key per node. */
const KEY_WEIGHERS: ReadonlySet<string> = new Set(['ram', 'cpu', 'disk']);
/** Of those, the ones that read only fields fixed at construction (az, hypervisor): evaluated once per shape. */
const FIXED_FILTERS: ReadonlySet<string> = new Set<FilterName>(['AvailabilityZoneFilter', 'ImagePropertiesFilter']);
/** Filters the index handles at query time. */
const CALL_FILTERS: ReadonlySet<string> = new Set<FilterName>(['ComputeFilter', 'RetryFilter']);
/** More distinct request shapes than this and new shapes go to the reference pipeline. */
const MAX_SHAPES = 32;
const MAX_EXACT_RAW = 2 ** 50;
/** A module constant (docs/performance.md, "rare paths"). */
const NEG_INF = -Infinity;
const NO_CALLS = new Set<number>();
/** Built-in weighers by name (plug-in weighers never reach the index: fastPathUnsupported). */
const BUILT_IN_WEIGHERS: Readonly<Record<string, HostWeigher>> = WEIGHERS;

/** Why the fast path cannot serve this configuration, or undefined when it can. */
export function fastPathUnsupported(config: NovaConfig): string | undefined {
  if (config.driver !== undefined && config.driver !== 'filter') return `scheduler driver ${config.driver}`;
  if (config.shuffleBestSameWeighedHosts) return 'shuffle_best_same_weighed_hosts draws among ties';
  const unknown = config.filters.filter((f) => !STATE_FILTERS.has(f) && !CALL_FILTERS.has(f) && !GROUP_FILTERS.has(f));
  if (unknown.length > 0) return `filters without an index: ${unknown.join(', ')}`;
  if (config.weightNormalisation !== 'none' && config.weightNormalisation !== 'max') {
    return `weight normalisation without an index: ${String(config.weightNormalisation)}`;
  }
  for (const w of config.weighers) {
    if (!WEIGHER_REGISTRY.isBuiltIn(w.name)) return `weigher without an index (a plug-in's): ${w.name}`;
    if (!Number.isFinite(w.multiplier)) return 'non-finite weigher multiplier';
  }
  const key = keyWeigher(config);
  if (key && config.weightNormalisation === 'max' && Math.abs(key.multiplier) < 2 ** -900) {
    return 'multiplier too small to order exactly';
  }
  return undefined;
}

/** The one weigher whose normalised value orders like its raw value, when normalised weighing has just that one. */
function keyWeigher(config: NovaConfig): { name: string; multiplier: number } | undefined {
  const weighers = config.weighers.filter((w) => w.multiplier !== 0);
  if (weighers.length !== 1) return undefined;
  const weigher = BUILT_IN_WEIGHERS[weighers[0].name];
  return KEY_WEIGHERS.has(weighers[0].name) && weigher.minval === 0 && (weigher.multiplierSign ?? 1) === 1
    ? weighers[0] : undefined;
}

/** Whether normalised weighing needs the candidates' extremes (NormalisedForest) rather than a fixed key per node. */
function weighsByBound(config: NovaConfig): boolean {
  return config.weightNormalisation === 'max' && config.weighers.some((w) => w.multiplier !== 0) &&
    keyWeigher(config) === undefined;
}

interface Shape {
  vcpus: number;
  ramMiB: number;
  diskGiB: number;
  az: string | undefined;
  hypervisor: string | undefined;
  request: RequestSpec;
  /** The shape's column in the index's forest of max trees (−1 when weighing by bound). */
  column: number;
  /** Weighing by bound: the shape's candidates and their weigher values. */
  weighed: NormalisedForest | undefined;
  /** 1 where the fixed filters pass. */
  fixedPass: Uint8Array;
  /** The fixed filters pass every node (one AZ, no image properties: the usual case), so passesShape does not read
   *  fixedPass: at 50,000 hosts each shape's entry for a node is a cache line of its own, cold at most refreshes. */
  fixedEverywhere: boolean;
  /** The request's demand for each threshold filter (see HostFilter.threshold), in `thresholdFilters` order. */
  demands: Float64Array;
}

export class FastPathIndex implements NodeListener {
  /** State-only filters without a threshold form: called per shape. */
  private readonly stateFilters: HostFilter[];
  /** State-only filters with a threshold form: their node bound is computed once per node change. */
  private readonly thresholdFilters: HostFilter[];
  /** Scratch: the node's bound for each threshold filter. */
  private readonly bounds: Float64Array;
  private readonly fixedFilters: HostFilter[];
  private readonly usePlacement: boolean;
  /** 1 with ComputeFilter, else 0. This flag, `groupFilters`, `normalised` and `inexact` are read on every request
   *  or node change: numbers compared with `=== 1` (docs/performance.md, "truth tests"). */
  private readonly computeFilter: number;
  private readonly retryFilter: boolean;
  /** 1 with a server-group filter, else 0. */
  private readonly groupFilters: number;
  private readonly weigher: HostWeigher | undefined;
  private readonly multiplier: number;
  /** 1 when weights are normalised (Icehouse+), else 0. */
  private readonly normalised: number;
  /** Raw sums (no normalisation) with several weighers: each weigher and its signed multiplier, in config order. */
  private readonly sumWeighers: HostWeigher[];
  private readonly sumMultipliers: Float64Array;
  /** Weighing by bound: the weighers with a non-zero multiplier, their terms, and scratch for a node's values. */
  private readonly boundWeighers: HostWeigher[];
  private readonly terms: WeighTerm[] | undefined;
  private readonly termValues: Float64Array;
  /** Weighing by bound: nodes indexed as up whose heartbeat has stopped (ComputeFilter drops them later). */
  private watched = new Int32Array(16);
  private watchedCount = 0;
  private readonly isWatched: Uint8Array;
  /** The shapes seen so far, in `shapes[0 .. shapeCount)`; a table filled from the start (docs/performance.md,
   *  "stable shapes"). */
  private readonly shapes: (Shape | undefined)[] = new Array<Shape | undefined>(MAX_SHAPES).fill(undefined);
  private shapeCount = 0;
  /**
   * What shapeOf() searches: the shapes, and aliases of them — a request that differs from a shape only in AZ or
   * hypervisor but passes the fixed filters on exactly the same nodes has the same candidates, so it shares that
   * shape's tree and is not refreshed twice (an evacuation asks for hypervisor kvm where the arrivals name none).
   */
  private readonly lookup: (Shape | undefined)[] = new Array<Shape | undefined>(2 * MAX_SHAPES).fill(undefined);
  private lookupCount = 0;
  /**
   * What refresh() reads per shape (shapes' order) instead of the Shape object: the bit of its column, 1 when its
   * threshold demands are all that can fail (the fixed filters pass every node, no Placement, no state filter without
   * a threshold form: passesShape is then only the demand loop), and its demands, `thresholdFilters.length` per shape.
   */
  private readonly columnBits = new Int32Array(MAX_SHAPES);
  private readonly demandsOnly = new Uint8Array(MAX_SHAPES);
  private readonly shapeDemands: Float64Array;
  /** Per shape: a bitset when every key is 0 or −Infinity (LeftmostSets), else one per distinct key (ValueBuckets). */
  private readonly forest: MaxForest | LeftmostSets | ValueBuckets;
  private readonly context: FilterContext;
  /** The latest `now` seen: a node whose heartbeat is older than service_down_time then never passes again. */
  private lastNow = NEG_INF;
  /** 1 once a raw weight is not an integer under normalisation: the reference decides from then on. */
  private inexact = 0;
  // Scratch lists with explicit counts: `array.length = 0` would drop the backing store and re-allocate per request.
  private excluded = new Float64Array(64);
  private excludedCount = 0;
  private picked = new Int32Array(16);
  private pickedCount = 0;

  constructor(private readonly nodes: readonly ComputeNode[], private readonly config: NovaConfig) {
    const state = config.filters.filter((f) => STATE_FILTERS.has(f) && !FIXED_FILTERS.has(f)).map((f) => FILTERS[f as FilterName]);
    this.stateFilters = state.filter((f) => !f.threshold);
    this.thresholdFilters = state.filter((f) => f.threshold);
    this.bounds = new Float64Array(this.thresholdFilters.length);
    this.shapeDemands = new Float64Array(MAX_SHAPES * this.thresholdFilters.length);
    this.fixedFilters = config.filters.filter((f) => FIXED_FILTERS.has(f)).map((f) => FILTERS[f as FilterName]);
    this.usePlacement = config.capacityCheck !== 'filters';
    this.computeFilter = config.filters.includes('ComputeFilter') ? 1 : 0;
    this.retryFilter = config.filters.includes('RetryFilter');
    this.groupFilters = config.filters.some((f) => GROUP_FILTERS.has(f)) ? 1 : 0;
    const weighers = config.weighers.filter((w) => w.multiplier !== 0);
    this.normalised = config.weightNormalisation !== 'none' ? 1 : 0;
    const single = weighers.length === 1 && (this.normalised === 0 || keyWeigher(config) !== undefined);
    this.weigher = single ? BUILT_IN_WEIGHERS[weighers[0].name] : undefined;
    this.multiplier = single ? weighers[0].multiplier * (BUILT_IN_WEIGHERS[weighers[0].name].multiplierSign ?? 1) : 0;
    const summed = this.normalised === 0 && weighers.length > 1 ? config.weighers : [];
    this.sumWeighers = summed.map((w) => BUILT_IN_WEIGHERS[w.name]);
    this.sumMultipliers = Float64Array.from(summed, (w) => w.multiplier * (BUILT_IN_WEIGHERS[w.name].multiplierSign ?? 1));
    // A weigher with multiplier 0 adds ±0 to a score that is never −0, which changes no bit: left out.
    const bound = weighsByBound(config);
    this.boundWeighers = bound ? weighers.map((w) => BUILT_IN_WEIGHERS[w.name]) : [];
    this.terms = bound
      ? weighers.map((w) => ({ multiplier: w.multiplier * (BUILT_IN_WEIGHERS[w.name].multiplierSign ?? 1), floor: BUILT_IN_WEIGHERS[w.name].minval }))
      : undefined;
    this.termValues = new Float64Array(this.boundWeighers.length);
    this.isWatched = new Uint8Array(bound ? nodes.length : 0);
    this.context = new StateFilterContext(config);
    // With no weigher every passing node's key is 0 (weightOf), so the columns are sets and a bitset finds the leftmost.
    this.forest = bound ? new MaxForest(0) : weighers.length === 0 ? new LeftmostSets(nodes.length) : new ValueBuckets(nodes.length);
    for (const node of nodes) {
      if (node.onChange) throw new Error(`compute node ${node.name} already has a change listener`);
      node.onChange = this;
      this.checkExact(node);
    }
  }

  /** Request shapes with a tree of their own (aliases share one): each is refreshed on every node change. */
  get indexedShapes(): number {
    return this.shapeCount;
  }

  /** Detaches from the nodes (they notify nobody afterwards). */
  dispose(): void {
    for (const node of this.nodes) node.onChange = undefined;
  }

  /**
   * The node the reference pipeline would pick, null for NoValidHost, or undefined when this call is outside what
   * the index serves (the caller then runs the reference pipeline).
   */
  select(request: RequestSpec, now: number, tried: ReadonlySet<number>, rng: Rng): ComputeNode | null | undefined {
    if (this.inexact === 1 || now < this.lastNow || (this.groupFilters === 1 && request.group !== undefined)) {
      return undefined;
    }
    const shape = this.shapeOf(request);
    if (shape === undefined) return undefined;
    if (shape.weighed !== undefined) return this.selectWeighed(shape.weighed, now, tried, rng);
    if (now > this.lastNow) this.lastNow = now;
    const forest = this.forest, column = shape.column;
    this.excludedCount = 0;
    if (tried.size > 0 && (this.retryFilter || this.usePlacement)) {
      for (const id of tried) {
        if (id >= 0 && id < this.nodes.length && forest.get(column, id) !== NEG_INF) {
          this.exclude(column, id);
        }
      }
    }
    const subset = this.config.hostSubsetSize;
    this.pickedCount = 0;
    for (;;) {
      const leaf = forest.argmaxLeftmost(column);
      if (leaf < 0) break;
      const node = this.nodes[leaf];
      if (this.computeFilter === 1 && !(now - node.lastHeartbeat <= this.config.serviceDownTime)) {
        // Dead for longer than service_down_time at `now`, hence at every later call: drop it from every tree.
        this.refresh(node);
        if (forest.get(column, leaf) !== NEG_INF) throw new Error(`fast path: ${node.name} failed ComputeFilter but stays indexed`);
        continue;
      }
      this.pick(leaf);
      if (this.pickedCount >= subset) break;
      this.exclude(column, leaf);
    }
    const excluded = this.excluded;
    for (let i = this.excludedCount - 2; i >= 0; i -= 2) forest.set(column, excluded[i], excluded[i + 1]);
    const picked = this.picked;
    if (this.pickedCount === 0) return null;
    if (this.pickedCount === 1) return this.nodes[picked[0]];
    return this.nodes[picked[Math.floor(uniform(rng) * this.pickedCount)]];
  }

  /** select() when weighing by bound. */
  private selectWeighed(weighed: NormalisedForest, now: number, tried: ReadonlySet<number>, rng: Rng): ComputeNode | null {
    if (now > this.lastNow) {
      this.lastNow = now;
      if (this.watchedCount > 0) this.dropStopped(now);
    }
    const stride = this.termValues.length + 1;
    this.excludedCount = 0;
    if (tried.size > 0 && (this.retryFilter || this.usePlacement)) {
      for (const id of tried) {
        if (id >= 0 && id < this.nodes.length && weighed.has(id)) this.excludeWeighed(weighed, id, stride);
      }
    }
    this.pickedCount = 0;
    if (weighed.prepare()) {
      const subset = this.config.hostSubsetSize;
      for (;;) {
        const leaf = weighed.best();
        if (leaf < 0) break;
        this.pick(leaf);
        if (this.pickedCount >= subset) break;
        this.excludeWeighed(weighed, leaf, stride);
      }
    }
    const excluded = this.excluded;
    for (let i = this.excludedCount - stride; i >= 0; i -= stride) weighed.set(excluded[i], excluded, i + 1);
    const picked = this.picked;
    if (this.pickedCount === 0) return null;
    if (this.pickedCount === 1) return this.nodes[picked[0]];
    return this.nodes[picked[Math.floor(uniform(rng) * this.pickedCount)]];
  }

  /** Takes a candidate out of a weighed shape for this call, remembering its values to put back. */
  private excludeWeighed(weighed: NormalisedForest, leaf: number, stride: number): void {
    if (this.excludedCount + stride > this.excluded.length) this.excluded = grown(this.excluded, this.excluded.length * 2 + stride);
    this.excluded[this.excludedCount] = leaf;
    weighed.valuesOf(leaf, this.excluded, this.excludedCount + 1);
    this.excludedCount += stride;
    weighed.remove(leaf);
  }

  /** Refreshes watched nodes whose heartbeat is older than service_down_time at `now` (ComputeFilter now fails them). */
  private dropStopped(now: number): void {
    const serviceDownTime = this.config.serviceDownTime;
    for (let i = 0; i < this.watchedCount;) {
      const node = this.nodes[this.watched[i]];
      const heartbeat = node.lastHeartbeat;
      if (heartbeat !== Infinity && now - heartbeat <= serviceDownTime) {
        i++;
        continue;
      }
      this.isWatched[node.id] = 0;
      this.watched[i] = this.watched[--this.watchedCount];
      if (heartbeat !== Infinity) this.refresh(node);
    }
  }

  /** Takes a leaf out of the shape's tree for this call, remembering its key to put back. */
  private exclude(column: number, leaf: number): void {
    if (this.excludedCount + 2 > this.excluded.length) this.excluded = grown(this.excluded, this.excluded.length * 2);
    this.excluded[this.excludedCount++] = leaf;
    this.excluded[this.excludedCount++] = this.forest.get(column, leaf);
    this.forest.set(column, leaf, NEG_INF);
  }

  private pick(leaf: number): void {
    if (this.pickedCount === this.picked.length) this.picked = grown(this.picked, this.picked.length * 2);
    this.picked[this.pickedCount++] = leaf;
  }

  private shapeOf(request: RequestSpec): Shape | undefined {
    const lookup = this.lookup, count = this.lookupCount;
    for (let i = 0; i < count; i++) {
      const s = lookup[i] as Shape;
      if (s.vcpus === request.vcpus && s.ramMiB === request.ramMiB && s.diskGiB === request.diskGiB &&
        s.az === request.az && s.hypervisor === request.hypervisor) return s;
    }
    return this.shapeCount < MAX_SHAPES && count < lookup.length ? this.addShape(request) : undefined;
  }

  // Kept out of shapeOf: its closures capture `copy`, and a function whose closures capture a local allocates a
  // context on every call, the early return included (measured: 48 bytes per request).
  private addShape(request: RequestSpec): Shape {
    const copy: RequestSpec = { vcpus: request.vcpus, ramMiB: request.ramMiB, diskGiB: request.diskGiB };
    if (request.az !== undefined) copy.az = request.az;
    if (request.hypervisor !== undefined) copy.hypervisor = request.hypervisor;
    const n = this.nodes.length;
    const shape: Shape = { vcpus: request.vcpus, ramMiB: request.ramMiB, diskGiB: request.diskGiB, az: request.az,
      hypervisor: request.hypervisor, request: copy, column: -1, weighed: undefined, fixedPass: new Uint8Array(n),
      fixedEverywhere: false, demands: Float64Array.from(this.thresholdFilters, (f) => f.threshold!.demand(copy)) };
    for (let i = 0; i < n; i++) shape.fixedPass[i] = this.fixedFilters.every((f) => f.passes(this.nodes[i], copy, this.context)) ? 1 : 0;
    shape.fixedEverywhere = shape.fixedPass.every((pass) => pass === 1);
    const same = this.sameCandidates(shape);
    if (same) {
      // The state-only filters other than the fixed ones, Placement and the weighers read the request's resources only.
      const alias: Shape = { vcpus: same.vcpus, ramMiB: same.ramMiB, diskGiB: same.diskGiB, az: shape.az,
        hypervisor: shape.hypervisor, request: same.request, column: same.column, weighed: same.weighed,
        fixedPass: same.fixedPass, fixedEverywhere: same.fixedEverywhere, demands: same.demands };
      this.lookup[this.lookupCount++] = alias;
      return alias;
    }
    if (this.terms !== undefined) {
      shape.weighed = new NormalisedForest(n, this.terms, this.termScales());
      for (let i = 0; i < n; i++) this.refreshWeighed(this.nodes[i], shape);
    } else {
      const keys = new Float64Array(n);
      for (let i = 0; i < n; i++) keys[i] = this.keyOf(this.nodes[i], shape);
      shape.column = this.forest.addColumn(keys);
      const i = this.shapeCount;
      this.columnBits[i] = 1 << shape.column;
      this.demandsOnly[i] = shape.fixedEverywhere && !this.usePlacement && this.stateFilters.length === 0 ? 1 : 0;
      this.shapeDemands.set(shape.demands, i * shape.demands.length);
    }
    this.shapes[this.shapeCount++] = shape;
    this.lookup[this.lookupCount++] = shape;
    return shape;
  }

  /** A shape with the new shape's resources whose fixed filters pass the same nodes, if any. */
  private sameCandidates(shape: Shape): Shape | undefined {
    for (let i = 0; i < this.shapeCount; i++) {
      const s = this.shapes[i] as Shape;
      if (s.vcpus !== shape.vcpus || s.ramMiB !== shape.ramMiB || s.diskGiB !== shape.diskGiB) continue;
      let equal = true;
      for (let j = 0; j < s.fixedPass.length && equal; j++) equal = s.fixedPass[j] === shape.fixedPass[j];
      if (equal) return s;
    }
    return undefined;
  }

  /** NodeListener: a node's field changed. */
  nodeChanged(node: ComputeNode): void {
    this.checkExact(node);
    this.refresh(node);
  }

  /** Recomputes the node's key in every shape's tree, in one climb; the node-level part (service state, weight) once. */
  private refresh(node: ComputeNode): void {
    const shapes = this.shapes, count = this.shapeCount;
    if (count === 0) return;
    if (this.terms !== undefined) {
      this.refreshWeighed(node, undefined);
      return;
    }
    const weight = this.weightOf(node);
    // Bit c: the node passes column c's shape (its key there is `weight`, elsewhere −Infinity).
    let passing = 0;
    if (weight !== NEG_INF) {
      this.computeBounds(node);
      const bounds = this.bounds, terms = bounds.length, demands = this.shapeDemands, demandsOnly = this.demandsOnly;
      for (let i = 0; i < count; i++) {
        let meets = true;
        for (let k = 0, at = i * terms; k < terms && meets; k++) meets = demands[at + k] <= bounds[k];
        if (meets && (demandsOnly[i] === 1 || this.passesShape(node, shapes[i] as Shape))) passing |= this.columnBits[i];
      }
    }
    this.forest.setRow(node.id, weight, passing);
  }

  /**
   * Weighing by bound: the node's candidacy and weigher values in every shape's forest, or only in `only` (a shape
   * being added).
   */
  private refreshWeighed(node: ComputeNode, only: Shape | undefined): void {
    const config = this.config;
    const up = !(this.computeFilter === 1 &&
      (node.serviceDisabled === true || !(this.lastNow - node.lastHeartbeat <= config.serviceDownTime)));
    const values = this.termValues, weighers = this.boundWeighers, terms = this.terms as WeighTerm[];
    if (up) {
      for (let k = 0; k < weighers.length; k++) {
        const raw = weighers[k].raw(node, config);
        if (!Number.isFinite(raw)) this.inexact = 1;
        const floor = terms[k].floor;
        values[k] = floor !== undefined && raw < floor ? floor : raw;
      }
      this.computeBounds(node);
      if (this.computeFilter === 1 && node.lastHeartbeat !== Infinity && this.isWatched[node.id] === 0) {
        this.watch(node.id);
      }
    }
    if (only !== undefined) {
      this.placeWeighed(node, only, up);
      return;
    }
    const shapes = this.shapes;
    for (let i = 0; i < this.shapeCount; i++) this.placeWeighed(node, shapes[i] as Shape, up);
  }

  private placeWeighed(node: ComputeNode, shape: Shape, up: boolean): void {
    const weighed = shape.weighed as NormalisedForest;
    if (up && this.passesShape(node, shape)) weighed.set(node.id, this.termValues, 0);
    else if (weighed.has(node.id)) weighed.remove(node.id);
  }

  /** Each bound weigher's largest |value| over the nodes now: the guide's scales (see NormalisedForest). */
  private termScales(): Float64Array {
    const scales = new Float64Array(this.boundWeighers.length);
    for (const node of this.nodes) {
      for (let k = 0; k < scales.length; k++) {
        scales[k] = Math.max(scales[k], Math.abs(this.boundWeighers[k].raw(node, this.config)));
      }
    }
    return scales;
  }

  private watch(id: number): void {
    if (this.watchedCount === this.watched.length) this.watched = grown(this.watched, this.watched.length * 2);
    this.watched[this.watchedCount++] = id;
    this.isWatched[id] = 1;
  }

  private checkExact(node: ComputeNode): void {
    if (this.normalised === 0 || this.weigher === undefined) return;
    const raw = this.weigher.raw(node, this.config);
    if (!Number.isInteger(raw) || Math.abs(raw) > MAX_EXACT_RAW) this.inexact = 1;
  }

  /** The node's sort key for this request shape, or −Infinity when a state-only filter or Placement rejects it. */
  private keyOf(node: ComputeNode, shape: Shape): number {
    const weight = this.weightOf(node);
    if (weight === NEG_INF) return NEG_INF;
    this.computeBounds(node);
    return this.passesShape(node, shape) ? weight : NEG_INF;
  }

  /** The node's bound for each threshold filter, into `bounds` (read by passesShape). */
  private computeBounds(node: ComputeNode): void {
    const filters = this.thresholdFilters, bounds = this.bounds;
    for (let k = 0; k < filters.length; k++) bounds[k] = filters[k].threshold!.bound(node, this.config);
  }

  /** The part of the key that does not depend on the request: −Infinity when ComputeFilter rejects, else the weight. */
  private weightOf(node: ComputeNode): number {
    const config = this.config;
    if (this.computeFilter === 1 &&
      (node.serviceDisabled === true || !(this.lastNow - node.lastHeartbeat <= config.serviceDownTime))) {
      return NEG_INF;
    }
    const weigher = this.weigher;
    if (weigher === undefined) return this.sumWeighers.length > 0 ? this.rawSum(node) : 0;
    const raw = weigher.raw(node, config);
    if (this.normalised === 0) return this.multiplier * raw;
    const clamped = Math.max(0, raw);
    return this.multiplier > 0 ? clamped : -clamped;
  }

  /** Grizzly's score with several weighers: Σ m × raw in config order, the reference's expression (weigh.ts). */
  private rawSum(node: ComputeNode): number {
    const weighers = this.sumWeighers, multipliers = this.sumMultipliers;
    let score = 0;
    for (let k = 0; k < weighers.length; k++) score += multipliers[k] * weighers[k].raw(node, this.config);
    return score;
  }

  /**
   * Whether the fixed filters, Placement and the state-only filters pass the node for this request shape; the
   * threshold filters' bounds must be those of this node (computeBounds).
   */
  private passesShape(node: ComputeNode, shape: Shape): boolean {
    if (!shape.fixedEverywhere && shape.fixedPass[node.id] === 0) return false;
    const request = shape.request;
    if (this.usePlacement && !placementAccepts(node, this.config, request.vcpus, request.ramMiB, request.diskGiB)) return false;
    const demands = shape.demands, bounds = this.bounds;
    for (let k = 0; k < demands.length; k++) if (!(demands[k] <= bounds[k])) return false;
    const filters = this.stateFilters;
    for (let i = 0; i < filters.length; i++) if (!filters[i].passes(node, request, this.context)) return false;
    return true;
  }
}

/** What the state-only filters are called with: they read neither the clock nor the tried set. A class, not a
 *  literal, for the reason given at EmptyRequest (workload/request-source.ts). */
class StateFilterContext implements FilterContext {
  readonly now = 0;
  readonly tried: ReadonlySet<number> = NO_CALLS;
  constructor(readonly config: NovaConfig) {}
}
