// Scenario fields for the failure process (when hosts fail and come back) and for recovery policies.

import { z } from 'zod';
import { distribution, duration, positiveInt } from '../scenario/primitives.js';

export const failuresSchema = z
  .strictObject({
    hostFailure: distribution.optional().describe('per physical host, time from repair (or start) to next failure'),
    repair: distribution.optional().describe('time from a host failure to its repair'),
    trace: z.string().optional().describe('failure trace CSV (time_s,target,duration_s), relative to the scenario file'),
  })
  .describe('failure process; omit for no failures');
export type FailuresConfig = z.output<typeof failuresSchema>;

export const novaEvacuateSchema = z.strictObject({
  novaEvacuate: z.strictObject({
    trigger: z.enum(['manual', 'masakari']).default('manual'),
    operatorDelay: distribution.optional().describe('manual: detection-to-action delay per incident'),
    rebuild: distribution.optional().describe('time to rebuild one VM on its new host'),
    storage: z.enum(['shared', 'local']).default('shared').describe('local storage: evacuated VMs lose disk data'),
    parallelism: positiveInt.default(1).describe('concurrent per-VM evacuations'),
  }),
});

export const noRecoverySchema = z.literal('none');
export { duration };
