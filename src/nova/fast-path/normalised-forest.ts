// Nova's normalised weighing with several weighers (nova/weights.py `normalize` and `BaseWeigher.weigh_objects`),
// answered by branch and bound over a segment tree instead of scoring every candidate.
//
// Score of a candidate = Σ_k m_k × ((v_k − low_k) / range_k) in weigher order, where v_k is the weigher's raw value
// clamped at its minval, low_k its minval (0 for RAM, CPU, disk) or else the smallest v_k among the candidates, range_k
// the largest v_k minus low_k; a weigher whose range is 0 adds nothing. Each tree node keeps, per weigher, the largest
// and the smallest v_k of the candidates below it, so the root gives every low_k and range_k, and the same expression
// evaluated with the subtree's largest v_k (m_k > 0) or smallest (m_k < 0) bounds every score in that subtree from
// above — in floating point too, because subtraction, division by a positive number, multiplication and addition
// are each monotone under round-to-nearest, and the bound performs the same operations in the same order as the
// score. A leaf's bound is its score, bit for bit, so the search returns the reference's choice: the largest score,
// the first in host-list order among equals.
// That bound adds up maxima that different nodes hold (most free RAM here, most free vCPUs there), so near the root it
// prunes little. A second bound, the guide, keeps per tree node the largest fixed-weight sum Σ_k w_k × s_k × v_k
// (w_k from the values' scales when the forest was built) and splits the query's weights into a multiple of w plus
// non-negative residuals; it is computed in real arithmetic and widened by a margin, and only ever taken where it is
// the smaller bound, so equal scores are still told apart by the exact one.
// The tree's leaves are not hosts but groups of hosts with identical values (ValueGroups): tied hosts are common (a
// fleet of identical hosts under spread holds a handful of distinct vectors), and a tree over hosts had to visit every
// subtree holding a host tied with the best to find the first of them; a group stands for its first host, and one more
// column keeps the smallest first host below each position, so an equal bound is pruned when it cannot come first.

import { grown } from '../../engine/typed-arrays.js';
import { MaxForest } from './max-forest.js';
import { ValueGroups } from './value-groups.js';

export interface WeighTerm {
  /** The configured multiplier times the weigher's sign (Nova negates build_failure_weight_multiplier); not 0. */
  readonly multiplier: number;
  /** BaseWeigher.minval: raw values are clamped up to it and it is the low end; undefined: min-max. */
  readonly floor: number | undefined;
}

/** −Infinity as a constant (see NEG_INF in fast-path-index.ts). */
const NEG_INF = -Infinity;
/** The guide bound's margin relative to the magnitudes summed: rounding in a score of a few terms is ~1e-15 of them. */
const GUIDE_MARGIN = 1e-9;

export class NormalisedForest {
  /** Over the groups' slots: per term, the column of the largest v_k and (when the term needs it) of the largest −v_k
   *  below each position; one more column holds the largest guide sum Σ_k w_k × s_k × v_k (s_k the multiplier's
   *  sign), and one the largest −(first host). */
  private forest: MaxForest;
  private readonly groups: ValueGroups;
  private readonly termCount: number;
  private readonly multipliers: Float64Array;
  private readonly floors: Float64Array;
  private readonly hasFloor: Uint8Array;
  private readonly maxColumn: Int32Array;
  /** −1 when the term never needs its smallest value: a positive multiplier and a floor of 0 or more. */
  private readonly minColumn: Int32Array;
  private readonly guideColumn: number;
  private readonly hostColumn: number;
  /** w_k: |m_k| over the term's largest |value| when the forest was built (1 when 0). */
  private readonly guideWeights: Float64Array;
  private readonly keys: Float64Array;
  private readonly absent: Float64Array;
  /** Per query (prepare): whether each term adds anything, its low end and range. */
  private readonly active: Uint8Array;
  private readonly low: Float64Array;
  private readonly range: Float64Array;
  /** Per query: the guide bound's coefficient c, each term's residual r_k and the constant (see bound()). */
  private guided = false;
  private guideScale = 0;
  private readonly residual: Float64Array;
  private guideConstant = 0;
  private guideMagnitude = 0;
  private stackPosition = new Int32Array(64);
  private stackBound = new Float64Array(64);
  /** bound()'s result: a fraction returned from a call that is not inlined is boxed, one allocation per call. */
  private readonly boundOut = new Float64Array(1);

  /** `scales[k]`: the largest |v_k| expected (any positive number is exact; a typical one keeps the guide tight). */
  constructor(length: number, terms: readonly WeighTerm[], scales: Float64Array) {
    const count = terms.length;
    this.termCount = count;
    this.multipliers = Float64Array.from(terms, (t) => t.multiplier);
    this.floors = Float64Array.from(terms, (t) => t.floor ?? 0);
    this.hasFloor = Uint8Array.from(terms, (t) => (t.floor === undefined ? 0 : 1));
    this.maxColumn = new Int32Array(count);
    this.minColumn = new Int32Array(count).fill(-1);
    let columns = 0;
    for (let k = 0; k < count; k++) {
      this.maxColumn[k] = columns++;
      const t = terms[k];
      if (t.floor === undefined || t.multiplier < 0 || t.floor < 0) this.minColumn[k] = columns++;
    }
    this.guideColumn = columns++;
    this.hostColumn = columns++;
    this.guideWeights = Float64Array.from(terms, (t, k) => Math.abs(t.multiplier) / (scales[k] > 0 ? scales[k] : 1));
    this.keys = new Float64Array(columns);
    this.absent = new Float64Array(columns).fill(NEG_INF);
    this.active = new Uint8Array(count);
    this.low = new Float64Array(count);
    this.range = new Float64Array(count);
    this.residual = new Float64Array(count);
    this.groups = new ValueGroups(length, count);
    this.forest = this.forestOver(this.groups.capacity, undefined);
  }

  /** Makes the host a candidate with the terms' clamped values values[offset + k]. */
  set(host: number, values: Float64Array, offset: number): void {
    const groups = this.groups;
    const current = groups.slot(host);
    // A host alone in its group leaves the slot free, and a new vector most often takes that same slot (the free
    // list's last): then one climb writes the new keys, instead of one clearing the slot and one filling it.
    let freed = -1;
    if (current >= 0) {
      if (groups.holds(current, values, offset)) return;
      const change = groups.remove(host);
      if (change === 2) freed = current;
      else if (change === 1) this.forest.set(this.hostColumn, current, -groups.first(current));
    }
    const slot = groups.find(values, offset);
    if (groups.capacity !== this.forest.length) this.forest = this.forestOver(groups.capacity, this.forest);
    if (groups.add(slot, host)) {
      if (groups.created) this.setSlot(slot, values, offset, host);
      else this.forest.set(this.hostColumn, slot, -host);
    }
    if (freed >= 0 && !(groups.created && slot === freed)) this.forest.setAll(freed, this.absent);
  }

  /** The slot's keys: its vector, the guide sum and its first host. */
  private setSlot(slot: number, values: Float64Array, offset: number, host: number): void {
    const keys = this.keys, multipliers = this.multipliers, weights = this.guideWeights;
    let guide = 0;
    for (let k = 0; k < this.termCount; k++) {
      const v = values[offset + k];
      keys[this.maxColumn[k]] = v;
      if (this.minColumn[k] >= 0) keys[this.minColumn[k]] = -v;
      guide += weights[k] * (multipliers[k] > 0 ? v : -v);
    }
    keys[this.guideColumn] = guide;
    keys[this.hostColumn] = -host;
    this.forest.setAll(slot, keys);
  }

  /** The host is not a candidate. */
  remove(host: number): void {
    const groups = this.groups;
    const slot = groups.slot(host);
    if (slot < 0) return;
    const change = groups.remove(host);
    if (change === 2) this.forest.setAll(slot, this.absent);
    else if (change === 1) this.forest.set(this.hostColumn, slot, -groups.first(slot));
  }

  has(host: number): boolean {
    return this.groups.slot(host) >= 0;
  }

  /** Copies a candidate's values to out[offset + k]. */
  valuesOf(host: number, out: Float64Array, offset: number): void {
    const base = this.groups.slot(host) * this.termCount, values = this.groups.values;
    for (let k = 0; k < this.termCount; k++) out[offset + k] = values[base + k];
  }

  /** A forest over `slots` slots holding the keys of `old` (none: every slot empty). */
  private forestOver(slots: number, old: MaxForest | undefined): MaxForest {
    const forest = new MaxForest(slots);
    const column = new Float64Array(slots).fill(NEG_INF);
    for (let c = 0; c < this.keys.length; c++) {
      if (old) for (let slot = 0; slot < old.length; slot++) column[slot] = old.get(c, slot);
      forest.addColumn(column);
    }
    return forest;
  }

  /** Fixes each term's low end and range from the candidates present (Nova's normalize); false when there are none. */
  prepare(): boolean {
    const forest = this.forest;
    if (forest.at(1, 0) === NEG_INF) return false;
    let scale = Infinity;
    for (let k = 0; k < this.termCount; k++) {
      const max = forest.at(1, this.maxColumn[k]);
      const low = this.hasFloor[k] === 1 ? this.floors[k] : -forest.at(1, this.minColumn[k]);
      this.active[k] = low === max ? 0 : 1;
      this.low[k] = low;
      this.range[k] = max - low;
      if (low !== max) scale = Math.min(scale, Math.abs(this.multipliers[k]) / (max - low) / this.guideWeights[k]);
    }
    // The guide: score = Σ_k a_k × u_k + C with u_k = s_k × v_k, a_k = |m_k| / range_k (0 when inactive) and
    // C = −Σ m_k × low_k / range_k; written as c × (Σ w_k u_k) + Σ r_k u_k + C with c = min a_k / w_k, so r_k ≥ 0
    // for the active terms and c × (the subtree's largest guide sum) is tight when the ranges are in proportion to
    // the scales.
    this.guided = scale !== Infinity;
    if (!this.guided) return true;
    this.guideScale = scale;
    let constant = 0, magnitude = 0;
    for (let k = 0; k < this.termCount; k++) {
      const m = this.multipliers[k];
      let r = -scale * this.guideWeights[k];
      if (this.active[k] === 1) {
        r += Math.abs(m) / this.range[k];
        constant -= (m * this.low[k]) / this.range[k];
        magnitude += Math.abs(m);
        if (this.minColumn[k] < 0 && r < 0) r = 0; // u_k ≥ 0 there, so dropping a rounding-sized negative r only loosens
      } else if (this.minColumn[k] < 0) {
        r = 0; // every candidate's value is the floor, 0: the term adds nothing to the guide's sum either
      }
      this.residual[k] = r;
    }
    this.guideConstant = constant;
    this.guideMagnitude = magnitude + Math.abs(constant);
    return true;
  }

  /**
   * Writes to boundOut[0] an upper bound of every score below a position (its score, for a leaf); −Infinity when no
   * candidate is below it.
   * The smaller of two bounds: the exact one (the score's own expression on the subtree's extremes; a leaf's score
   * bit for bit) and the guide (real arithmetic, tighter when the weighers' values move together, widened by a
   * margin far above any rounding of the score).
   */
  private bound(position: number): void {
    const forest = this.forest;
    if (forest.at(position, 0) === NEG_INF) {
      this.boundOut[0] = NEG_INF;
      return;
    }
    const multipliers = this.multipliers, active = this.active, low = this.low, range = this.range;
    let exact = 0;
    for (let k = 0; k < this.termCount; k++) {
      if (active[k] === 0) continue;
      const m = multipliers[k];
      const v = m > 0 ? forest.at(position, this.maxColumn[k]) : -forest.at(position, this.minColumn[k]);
      exact += m * ((v - low[k]) / range[k]);
    }
    if (!this.guided || position >= this.forest.size) {
      this.boundOut[0] = exact;
      return;
    }
    const head = this.guideScale * forest.at(position, this.guideColumn);
    let guide = this.guideConstant + head;
    let magnitude = this.guideMagnitude + Math.abs(head);
    const residual = this.residual;
    for (let k = 0; k < this.termCount; k++) {
      const r = residual[k];
      if (r === 0) continue;
      // u_k's largest (r > 0) or smallest (r < 0) value below the position.
      const positive = multipliers[k] > 0;
      const u = r > 0
        ? (positive ? forest.at(position, this.maxColumn[k]) : forest.at(position, this.minColumn[k]))
        : (positive ? -forest.at(position, this.minColumn[k]) : -forest.at(position, this.maxColumn[k]));
      const t = r * u;
      guide += t;
      magnitude += Math.abs(t);
    }
    guide += magnitude * GUIDE_MARGIN;
    this.boundOut[0] = guide < exact ? guide : exact;
  }

  /** The smallest first host of the groups below a position (+Infinity when there are none). */
  private firstHost(position: number): number {
    return -this.forest.at(position, this.hostColumn);
  }

  /**
   * The candidate with the largest score, the first in host order among equals, or −1 when there is none; prepare()
   * must have run since the candidates last changed in a way the caller wants counted.
   */
  best(): number {
    const size = this.forest.size;
    let bestScore = NEG_INF, bestHost = Infinity;
    let top = 0;
    const out = this.boundOut;
    this.bound(1);
    const rootBound = out[0];
    if (rootBound === NEG_INF) return -1;
    this.push(top++, 1, rootBound);
    while (top > 0) {
      top--;
      let position = this.stackPosition[top], bound = this.stackBound[top];
      if (!(bound > bestScore || (bound === bestScore && this.firstHost(position) < bestHost))) continue;
      // Descend towards the child with the larger bound (on equal bounds, the one with the smaller first host),
      // keeping the other for later.
      let viable = true;
      while (position < size) {
        const left = 2 * position, right = left + 1;
        this.bound(left);
        const leftBound = out[0];
        this.bound(right);
        const rightBound = out[0];
        let other: number, otherBound: number;
        if (leftBound > rightBound || (leftBound === rightBound && this.firstHost(left) < this.firstHost(right))) {
          position = left; bound = leftBound; other = right; otherBound = rightBound;
        } else {
          position = right; bound = rightBound; other = left; otherBound = leftBound;
        }
        if (otherBound !== NEG_INF &&
          (otherBound > bestScore || (otherBound === bestScore && this.firstHost(other) < bestHost))) {
          this.push(top++, other, otherBound);
        }
        if (!(bound > bestScore || (bound === bestScore && this.firstHost(position) < bestHost))) {
          viable = false;
          break;
        }
      }
      if (!viable) continue;
      const host = this.firstHost(position);
      if (bound > bestScore || (bound === bestScore && host < bestHost)) {
        bestScore = bound;
        bestHost = host;
      }
    }
    return bestHost === Infinity ? -1 : bestHost;
  }

  private push(index: number, position: number, bound: number): void {
    if (index === this.stackPosition.length) {
      this.stackPosition = grown(this.stackPosition, index * 2);
      this.stackBound = grown(this.stackBound, index * 2);
    }
    this.stackPosition[index] = position;
    this.stackBound[index] = bound;
  }
}
