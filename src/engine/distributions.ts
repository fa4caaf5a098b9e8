// Samplers for the scenario's distribution specs. Each spec is a one-key object whose values are already
// converted to seconds (or plain numbers) by scenario/.

import { uniform, type Rng } from './random-streams.js';

export type DistributionSpec =
  | { constant: number }
  | { exponential: { mean: number } }
  | { weibull: { shape: number; scale: number } }
  | { lognormal: { median: number; sigma: number } }
  | { uniform: { min: number; max: number } }
  | { empirical: { values: number[] } };

export type Sampler = (rng: Rng) => number;

/**
 * The sampler of a spec, made once per spec object (docs/performance.md, "call targets"). Samplers hold no state, so
 * sharing one is safe.
 */
export function sampler(spec: DistributionSpec): Sampler {
  return madeOnce(samplers, spec, makeSampler);
}

const samplers = new WeakMap<DistributionSpec, Sampler>();

/** What `make` makes of a spec, made once per spec object and kept in `made`. */
export function madeOnce<T>(made: WeakMap<DistributionSpec, T>, spec: DistributionSpec,
  make: (spec: DistributionSpec) => T): T {
  let value = made.get(spec);
  if (value === undefined) {
    value = make(spec);
    made.set(spec, value);
  }
  return value;
}

function makeSampler(spec: DistributionSpec): Sampler {
  if ('constant' in spec) {
    const value = spec.constant;
    return () => value;
  }
  if ('exponential' in spec) {
    const mean = spec.exponential.mean;
    return (rng) => -mean * Math.log(1 - uniform(rng));
  }
  if ('weibull' in spec) {
    const { shape, scale } = spec.weibull;
    const inverseShape = 1 / shape;
    return (rng) => scale * Math.pow(-Math.log(1 - uniform(rng)), inverseShape);
  }
  if ('lognormal' in spec) {
    const { median, sigma } = spec.lognormal;
    return (rng) => median * Math.exp(sigma * standardNormal(rng));
  }
  if ('uniform' in spec) {
    const { min, max } = spec.uniform;
    return (rng) => min + (max - min) * uniform(rng);
  }
  const values = spec.empirical.values;
  return (rng) => values[Math.floor(uniform(rng) * values.length)];
}

/** Box–Muller with two fresh uniforms per draw (no cached state, so draws per sample are fixed). */
export function standardNormal(rng: Rng): number {
  const u1 = 1 - uniform(rng); // (0, 1]
  const u2 = uniform(rng);
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/** Mean of a distribution, in the spec's units. */
export function distributionMean(spec: DistributionSpec): number {
  if ('constant' in spec) return spec.constant;
  if ('exponential' in spec) return spec.exponential.mean;
  if ('weibull' in spec) return spec.weibull.scale * gamma(1 + 1 / spec.weibull.shape);
  if ('lognormal' in spec) return spec.lognormal.median * Math.exp((spec.lognormal.sigma ** 2) / 2);
  if ('uniform' in spec) return (spec.uniform.min + spec.uniform.max) / 2;
  const v = spec.empirical.values;
  return v.reduce((s, x) => s + x, 0) / v.length;
}

/** Lanczos approximation of the gamma function (|relative error| < 1e-13 for the arguments we use). */
export function gamma(z: number): number {
  if (z < 0.5) return Math.PI / (Math.sin(Math.PI * z) * gamma(1 - z));
  const g = 7;
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  const x = z - 1;
  let a = c[0];
  const t = x + g + 0.5;
  for (let i = 1; i < g + 2; i++) a += c[i] / (x + i);
  return Math.sqrt(2 * Math.PI) * Math.pow(t, x + 0.5) * Math.exp(-t) * a;
}
