// The `sweep:` section of a scenario file: which fields `capsim sweep` varies, and optional adaptive replications.
// It is checked here for shape only; the points it produces are validated as whole scenarios by the sweep planner.

import { z } from 'zod';

const sweepValues = z
  .union([
    z.array(z.unknown()).min(1, { error: 'expected at least one value' }),
    z.string().regex(/^\s*-?[\d.eE+-]+\s*:\s*-?[\d.eE+-]+\s*:\s*-?[\d.eE+-]+\s*$/, { error: 'expected "start:stop:step"' }),
  ], { error: 'expected a list of values or a range "start:stop:step"' })
  .describe('the values of one field: a list, or an inclusive range "start:stop:step"');

export const sweepSectionSchema = z
  .strictObject({
    vary: z
      .record(z.string().min(1), sweepValues)
      .default({})
      .describe('field path (as in --set, e.g. workload.arrivals.poisson.ratePerHour) → values; the sweep is the cartesian product, first path slowest'),
    targetCi: z
      .record(z.string().min(1), z.union([z.number().positive(), z.string().regex(/^\s*\d+(\.\d+)?\s*%\s*$/)]))
      .optional()
      .describe('adaptive replications: summary metric → wanted 95 % CI half-width of every arm\'s mean (absolute, or "N%" of the mean)'),
    maxReplications: z.number().int().positive().optional()
      .describe('cap on replications per point when targetCi is set (default 10 × replications)'),
  })
  .describe('parameter sweep for `capsim sweep` (ignored by `capsim run`)');

export type SweepSection = z.output<typeof sweepSectionSchema>;
