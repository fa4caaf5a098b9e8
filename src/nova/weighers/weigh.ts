// Scores candidate nodes as Nova does: Σ multiplier × value, where value is the raw value (grizzly) or, since
// Icehouse, the raw value clamped at 0 and divided by the largest among the candidates (0 if that is 0 or all equal).

import type { ComputeNode } from '../compute-node.js';
import type { NovaConfig } from '../release-profiles.js';
import { WEIGHERS } from './index.js';

/** Writes each candidate's score into `scores` (same order). A single candidate is not weighed (score 0). */
export function weigh(candidates: readonly ComputeNode[], config: NovaConfig, scores: Float64Array): void {
  const n = candidates.length;
  scores.fill(0, 0, n);
  if (n <= 1) return;
  const raw = new Float64Array(n);
  for (const { name, multiplier } of config.weighers) {
    const weigher = WEIGHERS[name];
    if (config.weightNormalisation === 'none') {
      for (let i = 0; i < n; i++) scores[i] += multiplier * weigher.raw(candidates[i], config);
      continue;
    }
    let max = 0;
    let allEqual = true;
    for (let i = 0; i < n; i++) {
      raw[i] = Math.max(0, weigher.raw(candidates[i], config));
      if (raw[i] > max) max = raw[i];
      if (raw[i] !== raw[0]) allEqual = false;
    }
    if (max === 0 || allEqual) continue;
    for (let i = 0; i < n; i++) scores[i] += multiplier * (raw[i] / max);
  }
}
