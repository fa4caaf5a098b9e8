// Schema building blocks shared by every part of the scenario format: durations, distributions, counts.

import { z } from 'zod';
import { DURATION_PATTERN_SOURCE, parseDuration } from './duration.js';
import type { DistributionSpec } from '../engine/distributions.js';

const DURATION_HELP = 'a duration: seconds as a number, or a string like "90s", "5m", "2h", "30d"';

/** Longest duration accepted, seconds (about 31,700 years): beyond it sums of times lose whole seconds. */
export const MAX_DURATION_S = 1e12;
/** Shortest positive duration accepted, seconds: a step finer than this never advances a clock of years. */
export const MIN_POSITIVE_DURATION_S = 0.001;

/** A non-negative duration, converted to seconds. */
export const duration = z
  .union([
    z.number({ error: `expected ${DURATION_HELP}` }).nonnegative({ error: 'expected a duration ≥ 0' }),
    z.string().regex(new RegExp(DURATION_PATTERN_SOURCE, 'i'), { error: `expected ${DURATION_HELP}` }),
  ], { error: `expected ${DURATION_HELP}` })
  .transform((value) => (typeof value === 'number' ? value : (parseDuration(value) as number)))
  .refine((s) => Number.isFinite(s) && s <= MAX_DURATION_S, { error: `expected a duration of at most ${MAX_DURATION_S} s` })
  .describe(DURATION_HELP);

export const positiveDuration = duration.refine((s) => s >= MIN_POSITIVE_DURATION_S,
  { error: `expected a duration of at least ${MIN_POSITIVE_DURATION_S} s (1ms)` });

export const positiveInt = z.number().int().positive();
export const nonNegativeInt = z.number().int().nonnegative();
/** Largest host group; the run-size check usually stops far smaller fleets. */
export const MAX_HOSTS_PER_GROUP = 1_000_000;
/** Largest weight, ratio or multiplier accepted: sums of a few stay exact and finite. */
export const MAX_FACTOR = 1e9;
export const positiveNumber = z.number().positive().max(MAX_FACTOR);
export const fraction = z.number().min(0).max(1);

const constantDist = z.strictObject({ constant: duration });
const exponentialDist = z.strictObject({ exponential: z.strictObject({ mean: positiveDuration }) });
const weibullDist = z.strictObject({
  weibull: z.strictObject({ shape: positiveNumber, scale: positiveDuration }),
});
const lognormalDist = z.strictObject({
  lognormal: z.strictObject({ median: positiveDuration, sigma: z.number().nonnegative().max(20) }),
});
const uniformDist = z.strictObject({
  uniform: z
    .strictObject({ min: duration, max: duration })
    .refine((u) => u.max >= u.min, { error: 'expected max ≥ min', path: ['max'] }),
});
const empiricalDist = z.strictObject({
  empirical: z.strictObject({ values: z.array(duration).min(1, { error: 'expected at least one value' }) }),
});

export const DISTRIBUTION_HELP =
  'a distribution: { constant: D } | { exponential: { mean: D } } | { weibull: { shape, scale: D } } | ' +
  '{ lognormal: { median: D, sigma } } | { uniform: { min: D, max: D } } | { empirical: { values: [D...] } }';

/** A distribution of durations (seconds). */
export const distribution = z
  .union([constantDist, exponentialDist, weibullDist, lognormalDist, uniformDist, empiricalDist], {
    error: `expected ${DISTRIBUTION_HELP}`,
  })
  .transform((value) => value as DistributionSpec)
  .describe(DISTRIBUTION_HELP);
