// The state of a renewal process seen at a random time: the spell in progress is length-biased (density x·f(x)/E[L]),
// and the time already spent in it is a uniform fraction of its length. Its remaining part then has the
// equilibrium-excess distribution F_e(x) = (1/E[L])∫₀ˣ(1−F(u))du (Cox, "Renewal Theory", 1962, §5.2; Ross,
// "Stochastic Processes", 2nd ed., §3.4). Each length-biased law below is sampled exactly.

import { uniform, type Rng } from './random-streams.js';
import { madeOnce, standardNormal, type DistributionSpec } from './distributions.js';

/** A spell in progress at a random time: its whole length, and how much of it has passed (age < length). */
export interface SpellInProgress {
  length: number;
  age: number;
}

export type SpellSampler = (rng: Rng, out: SpellInProgress) => void;

/**
 * Draws the spell in progress at a random time: a length-biased length, then a uniform share of it as its age. Made
 * once per spec object (docs/performance.md, "call targets"); it holds no state, so sharing one is safe.
 */
export function spellInProgress(spec: DistributionSpec): SpellSampler {
  return madeOnce(spellSamplers, spec, makeSpellSampler);
}

const spellSamplers = new WeakMap<DistributionSpec, SpellSampler>();

function makeSpellSampler(spec: DistributionSpec): SpellSampler {
  const length = lengthBiased(spec);
  return (rng, out) => {
    const l = length(rng);
    out.length = l;
    // A share in (0, 1]: the spell started strictly before the moment it is seen (when l > 0).
    out.age = l * (1 - uniform(rng));
  };
}

/** Draws from F_e: the time left in the spell in progress at a random time. */
export function equilibriumExcess(spec: DistributionSpec): (rng: Rng) => number {
  const length = lengthBiased(spec);
  return (rng) => length(rng) * uniform(rng);
}

/** A sampler of the length-biased law x·f(x)/E[L] of a spec (exact for every distribution capsim accepts). */
export function lengthBiased(spec: DistributionSpec): (rng: Rng) => number {
  if ('constant' in spec) {
    const value = spec.constant;
    return () => value;
  }
  if ('exponential' in spec) {
    // x·e^{−x/m}/m² is Gamma(2, m): the sum of two exponential draws.
    const mean = spec.exponential.mean;
    return (rng) => -mean * (Math.log(1 - uniform(rng)) + Math.log(1 - uniform(rng)));
  }
  if ('lognormal' in spec) {
    // Tilting lognormal(μ, σ) by x gives lognormal(μ + σ², σ).
    const { median, sigma } = spec.lognormal;
    const tiltedMedian = median * Math.exp(sigma * sigma);
    return (rng) => tiltedMedian * Math.exp(sigma * standardNormal(rng));
  }
  if ('weibull' in spec) {
    // With y = (x/λ)^k the tilted density becomes y^{1/k}e^{−y}: Gamma(1 + 1/k, 1).
    const { shape, scale } = spec.weibull;
    const gammaShape = 1 + 1 / shape, inverseShape = 1 / shape;
    return (rng) => scale * Math.pow(standardGamma(gammaShape, rng), inverseShape);
  }
  if ('uniform' in spec) {
    // Density ∝ x on [a, b]: the inverse of its CDF (x² − a²)/(b² − a²).
    const { min, max } = spec.uniform;
    const a2 = min * min, span = max * max - a2;
    return (rng) => Math.sqrt(a2 + span * uniform(rng));
  }
  // Each value with probability ∝ the value.
  const values = spec.empirical.values;
  const cumulative = new Float64Array(values.length);
  let sum = 0;
  values.forEach((v, i) => (cumulative[i] = sum += v));
  if (sum <= 0) return () => 0;
  return (rng) => {
    const target = uniform(rng) * sum;
    let lo = 0, hi = values.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] > target) hi = mid;
      else lo = mid + 1;
    }
    return values[lo];
  };
}

/**
 * Gamma(a, 1) for a ≥ 1 by Marsaglia and Tsang's squeeze-rejection method ("A simple method for generating gamma
 * variables", ACM TOMS 26(3), 2000), exact.
 */
export function standardGamma(a: number, rng: Rng): number {
  const d = a - 1 / 3, c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number, v: number;
    do {
      x = standardNormal(rng);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - uniform(rng);
    if (u < 1 - 0.0331 * x * x * x * x) return d * v;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** Poisson(mean) by counting the unit-rate arrivals in [0, mean] (exact; ~mean + 1 uniforms). */
export function poissonCount(mean: number, rng: Rng): number {
  let n = 0, t = -Math.log(1 - uniform(rng));
  while (t <= mean) {
    n++;
    t -= Math.log(1 - uniform(rng));
  }
  return n;
}
