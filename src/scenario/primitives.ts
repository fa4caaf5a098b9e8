// Schema building blocks shared by every part of the scenario format: durations, distributions, counts.

import { z } from 'zod';
import { DURATION_PATTERN_SOURCE, parseDuration } from './duration.js';
import type { DistributionSpec } from '../engine/distributions.js';

const DURATION_HELP = 'a duration: seconds as a number, or a string like "90s", "5m", "2h", "30d"';

/** A non-negative duration, converted to seconds. */
export const duration = z
  .union([
    z.number({ error: `expected ${DURATION_HELP}` }).nonnegative({ error: 'expected a duration ≥ 0' }),
    z.string().regex(new RegExp(DURATION_PATTERN_SOURCE, 'i'), { error: `expected ${DURATION_HELP}` }),
  ], { error: `expected ${DURATION_HELP}` })
  .transform((value) => (typeof value === 'number' ? value : (parseDuration(value) as number)))
  .describe(DURATION_HELP);

export const positiveDuration = duration.refine((s) => s > 0, { error: 'expected a duration greater than zero' });

export const positiveInt = z.number().int().positive();
export const nonNegativeInt = z.number().int().nonnegative();
export const positiveNumber = z.number().positive();
export const fraction = z.number().min(0).max(1);

const constantDist = z.strictObject({ constant: duration });
const exponentialDist = z.strictObject({ exponential: z.strictObject({ mean: positiveDuration }) });
const weibullDist = z.strictObject({
  weibull: z.strictObject({ shape: positiveNumber, scale: positiveDuration }),
});
const lognormalDist = z.strictObject({
  lognormal: z.strictObject({ median: positiveDuration, sigma: z.number().nonnegative() }),
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
