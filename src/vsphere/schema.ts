// Scenario fields for the vSphere side: VCDriver clusters, DRS and vSphere HA (DOMAIN.md §4–§6).

import { z } from 'zod';
import { duration, fraction, nonNegativeInt, positiveInt } from '../scenario/primitives.js';

export const vcenterPlatformSchema = z.strictObject({
  vcenter: z.strictObject({
    clusterSize: positiveInt.describe('ESXi hosts per vSphere cluster (one Nova compute node per cluster)'),
    memoryOvercommit: z.number().positive().default(1.0)
      .describe('powered-on VM memory allowed per ESXi host, as a multiple of its physical memory'),
    cpuOvercommit: z.number().positive().default(4.0)
      .describe('vCPUs allowed per ESXi host, as a multiple of its physical cores'),
  }),
});
export type VcenterPlatform = z.output<typeof vcenterPlatformSchema>['vcenter'];

export const drsSchema = z
  .strictObject({
    enabled: z.boolean().default(true).describe('DRS load balancing on (initial placement always runs)'),
    interval: duration.default(300).describe('time between DRS balancing rounds'),
    threshold: z.number().int().min(1).max(5).default(3).describe('migration threshold 1 (conservative) .. 5 (aggressive)'),
    vmotionConcurrencyPerHost: positiveInt.default(8).describe('concurrent vMotions per host (4 on 1 GbE, 8 on 10 GbE)'),
    vmotionBandwidthMiBps: z.number().positive().default(1100).describe('vMotion link bandwidth, MiB/s (10 GbE ≈ 1100)'),
    vmotionOverhead: z.number().positive().default(1.3).describe('vMotion duration multiplier over memory / bandwidth'),
  })
  .describe('DRS balancing');
export type DrsConfig = z.output<typeof drsSchema>;

export const admissionControlSchema = z.union([
  z.strictObject({ none: z.strictObject({}).default({}) }),
  z.strictObject({ percentage: z.number().min(0).max(100).describe('percent of cluster CPU and RAM kept unreserved') }),
  z.strictObject({
    slot: z.strictObject({ hostFailuresToTolerate: positiveInt.default(1) }),
  }),
  z.strictObject({ failoverHosts: positiveInt.describe('dedicated failover hosts per cluster, kept empty') }),
], { error: 'expected { percentage: P } | { slot: { hostFailuresToTolerate: N } } | { failoverHosts: N } | { none: {} }' });

export const vsphereHaSchema = z.strictObject({
  vsphereHa: z.strictObject({
    admissionControl: admissionControlSchema.optional()
      .describe('default: percentage = one host\'s share of the cluster, rounded up'),
    detection: duration.default(15).describe('failure to restart start (15 s; 18 s with datastore heartbeats)'),
    restartDelay: duration.default(30).describe('time for one VM power-on after a target is chosen'),
    maxConcurrentPowerOnsPerHost: positiveInt.default(32),
    retryDelays: z.array(duration).default([120, 360, 840, 1800])
      .describe('retry times after the first attempt (+2, +6, +14, +30 min)'),
    haPriorityDisabledShare: fraction.default(0).describe('unused placeholder'),
    maxAttempts: nonNegativeInt.default(5),
  }),
});
