// Scores candidate nodes as Nova does (nova/weights.py). Grizzly: score = Σ multiplier × raw value. Icehouse+: each
// weigher's values are normalised by normalize(values, minval=weigher.minval): clamp at minval, then
// (v − min) / (max − min) with min = minval when the weigher sets one (RAM, CPU, disk: 0, so v / max) and the list's
// minimum otherwise; all 0 when min = max. A single candidate is not weighed. Not min-max for RAM/CPU/disk.

import type { ComputeNode } from '../compute-node.js';
import type { NovaConfig } from '../release-profiles.js';
import { weigherNamed } from './index.js';

/**
 * Writes each candidate's score into `scores` (same order). `scratch`, if given, is reused for raw values (length
 * ≥ candidates.length) so the hot path does not allocate.
 */
export function weigh(candidates: readonly ComputeNode[], config: NovaConfig, scores: Float64Array,
  scratch?: Float64Array): void {
  const n = candidates.length;
  scores.fill(0, 0, n);
  if (config.weightNormalisation === 'none') {
    for (const { name, multiplier } of config.weighers) {
      const weigher = weigherNamed(name);
      const m = multiplier * (weigher.multiplierSign ?? 1);
      for (let i = 0; i < n; i++) scores[i] += m * weigher.raw(candidates[i], config);
    }
    return;
  }
  if (n <= 1) return;
  const raw = scratch && scratch.length >= n ? scratch : new Float64Array(n);
  for (const { name, multiplier } of config.weighers) {
    const weigher = weigherNamed(name);
    const floor = weigher.minval;
    let max = -Infinity;
    let min = Infinity;
    for (let i = 0; i < n; i++) {
      let v = weigher.raw(candidates[i], config);
      if (floor !== undefined && v < floor) v = floor;
      raw[i] = v;
      if (v > max) max = v;
      if (v < min) min = v;
    }
    const low = floor ?? min;
    if (low === max) continue;
    const m = multiplier * (weigher.multiplierSign ?? 1);
    const range = max - low;
    for (let i = 0; i < n; i++) scores[i] += m * ((raw[i] - low) / range);
  }
}
