// Scenario fields for the vSphere side: VCDriver clusters, DRS and vSphere HA (sources in docs/model.md).

import { z } from 'zod';
import { distribution, duration, fraction, positiveDuration, positiveInt } from '../scenario/primitives.js';
import { PLUGIN_NAMES } from '../scenario/plugin-names.js';

const drsRuleName = z.string().check((ctx) => {
  if (PLUGIN_NAMES['DRS rule'].has(ctx.value)) return;
  const names = [...PLUGIN_NAMES['DRS rule']];
  ctx.issues.push({ code: 'custom', input: ctx.value, message: `unknown DRS rule ${JSON.stringify(ctx.value)}: ` +
    (names.length > 0 ? `expected one of ${names.join(' | ')}` : 'no plug-in loaded (load the one that registers it with --plugin)') });
});

export const vcenterPlatformSchema = z.strictObject({
  vcenter: z.strictObject({
    clusterSize: positiveInt.describe('ESXi hosts per vSphere cluster (one Nova compute node per cluster); ' +
      'a group that does not divide evenly ends with a smaller cluster'),
    memoryOvercommit: z.number().positive().optional()
      .describe('operator policy, not ESXi behaviour: configured VM memory allowed per ESXi host, as a multiple of ' +
        'its physical memory (1.0 = must fit). Default none: ESXi powers a VM on when its reservation plus memory ' +
        'overhead fits in the host\'s unreserved memory, overcommitting the rest'),
    memoryOverhead: z.strictObject({
      baseMiB: z.number().nonnegative().default(14.4).describe('per VM'),
      perVcpuMiB: z.number().nonnegative().default(4).describe('per vCPU'),
      perGiBMiB: z.number().nonnegative().default(7.6).describe('per GiB of configured memory'),
    }).default({ baseMiB: 14.4, perVcpuMiB: 4, perGiBMiB: 7.6 })
      .describe('ESXi memory overhead a VM reserves to power on, MiB = base + perVcpu × vCPUs + perGiB × GiB, rounded ' +
        'up; the defaults fit VMware\'s sample table (vSphere 6.5 Resource Management, "Overhead Memory on Virtual ' +
        'Machines": 1 vCPU 1 GiB 25.90 MB, 8 vCPU 16 GiB 168.60 MB) within 1 MB'),
    cpuOvercommit: z.number().positive().default(32)
      .describe('vCPUs allowed per ESXi host, as a multiple of its physical cores (vSphere 7 allows 32 per core)'),
    reporting: z.enum(['grizzly', 'queens']).optional()
      .describe('how VMwareVCDriver reports the cluster to Nova: grizzly = Σ over all hosts; queens (Queens through ' +
        'Zed and later) = vCPUs (host threads) and memory Σ over hosts up and not in maintenance with max_unit = the ' +
        'largest such host, disk = the shared datastore\'s capacity with max_unit = its free space; default: the ' +
        'release profile\'s'),
  }),
});
export type VcenterPlatform = z.output<typeof vcenterPlatformSchema>['vcenter'];

export const drsSchema = z
  .strictObject({
    enabled: z.boolean().default(true).describe('DRS load balancing on (initial placement always runs)'),
    algorithm: z.enum(['imbalance', 'vm-score']).default('imbalance')
      .describe('imbalance (before vSphere 7.0): balance while the CPU + memory imbalance exceeds the threshold\'s ' +
        'tolerance; vm-score (vSphere 7.0+): move a VM when another host gives it a better DRS score (the share of ' +
        'its CPU demand times the share of its memory demand that its host can meet) by at least ' +
        '(6 − threshold) × minScoreGain'),
    interval: positiveDuration.optional()
      .describe('time between DRS balancing rounds; default 5 min (imbalance) or 1 min (vm-score, as vSphere 7)'),
    threshold: z.number().int().min(1).max(5).default(3)
      .describe('migration threshold 1 (conservative: mandatory moves only) .. 5 (aggressive); a round balances ' +
        'while the imbalance exceeds (5 − threshold) × 0.1 / √hosts. Imbalance = standard deviation over hosts of ' +
        'CPU entitlement / capacity plus that of memory entitlement / capacity, where a host\'s entitlement is its ' +
        'VMs\' demand capped at its capacity'),
    minImbalanceReduction: z.number().nonnegative().default(0.001)
      .describe('imbalance: a move is made only if it lowers the imbalance by at least this (its cost)'),
    minScoreGain: z.number().nonnegative().default(0.02)
      .describe('vm-score: a move is made only if it raises the moved VM\'s DRS score (0..1) by at least ' +
        '(6 − threshold) × this (its cost; 0.06 at threshold 3)'),
    cpuDemandShare: fraction.default(1)
      .describe('share of a VM\'s configured vCPUs × core MHz that DRS takes as its CPU demand. capsim has no ' +
        'usage data, so demand defaults to the configured size; real DRS uses measured demand (what VMs use, not ' +
        'their configured size), so set this from utilisation data where you have it'),
    memDemandShare: fraction.default(1)
      .describe('share of a VM\'s configured memory that DRS takes as its memory demand (active memory), as ' +
        'cpuDemandShare; default 1 = configured size'),
    vmotionConcurrencyPerHost: positiveInt.default(8).describe('concurrent vMotions per host (4 on 1 GbE, 8 on 10 GbE)'),
    vmotionBandwidthMiBps: z.number().positive().default(1100).describe('vMotion link bandwidth, MiB/s (10 GbE ≈ 1100)'),
    vmotionOverhead: z.number().positive().default(1.3).describe('vMotion duration multiplier over memory / bandwidth'),
    rules: z.array(drsRuleName).optional()
      .describe('DRS rules plug-ins loaded with --plugin registered (docs/plugins.md): DRS moves a VM only where every ' +
        'listed rule allows it; default none'),
  })
  .describe('DRS (vCenter arms): balancing rounds and vMotion; defaults apply when omitted');
export type DrsConfig = z.output<typeof drsSchema>;

const percentageAdmission = z.strictObject({
  percentage: z.number().min(0).max(100).describe('percent of cluster CPU and RAM kept unreserved'),
});
const slotAdmission = z.strictObject({
  slot: z.strictObject({
    hostFailuresToTolerate: positiveInt.default(1).describe('host failures the cluster must be able to absorb'),
  }),
});
const failoverHostsAdmission = z.strictObject({
  failoverHosts: positiveInt.describe('dedicated failover hosts per cluster (its last N hosts), kept empty'),
});

export const admissionControlSchema = z.union([z.literal('none'), percentageAdmission, slotAdmission, failoverHostsAdmission], {
  error: 'expected "none" | { percentage: P } | { slot: { hostFailuresToTolerate: N } } | { failoverHosts: N }',
});
export type AdmissionControl = z.output<typeof admissionControlSchema>;

export const vsphereHaSchema = z.strictObject({
  vsphereHa: z.strictObject({
    admissionControl: admissionControlSchema.optional()
      .describe('vCenter admission control for new power-ons; default: percentage = one host\'s share of the cluster, ' +
        'rounded up (8 hosts → 13 %)'),
    datastoreHeartbeats: z.boolean().default(false)
      .describe('datastore heartbeating on: a host is declared dead after 18 s instead of 15 s'),
    detection: duration.optional()
      .describe('failure to first restart attempt; default 15 s, or 18 s with datastoreHeartbeats'),
    masterDetection: duration.default(35)
      .describe('failure to first restart attempt when the failed host was the HA master (election first)'),
    restartDelay: duration.default(30).describe('time from a restart decision until the VM runs (power-on and boot)'),
    maxConcurrentPowerOnsPerHost: positiveInt.default(32).describe('HA power-ons in progress per target host'),
    retryDelays: z.array(duration).default([120, 360, 840, 1800])
      .describe('retry times after the first attempt (+2, +6, +14, +30 min) for restarts that fail for a reason other ' +
        'than capacity; a restart that finds no unreserved capacity waits for capacity instead, spending no retry'),
    maxAttempts: positiveInt.default(5)
      .describe('das.maxvmrestartcount + 1: restart attempts in total; after the last failed one HA gives up and the ' +
        'VM stays registered and powered off until an operator powers it on'),
    powerOnFailure: fraction.default(0)
      .describe('probability that a restart attempt fails for a reason other than capacity (e.g. a file lock); ' +
        'such failures use the retry schedule'),
    isolationResponse: z.enum(['disabled', 'powerOff', 'shutdown']).default('disabled')
      .describe('host isolation response (failures.isolationShare makes isolations): disabled = the VMs keep running ' +
        'on the isolated host; powerOff / shutdown = the isolated host stops its VMs isolationResponseDelay after the ' +
        'isolation and HA restarts them on other hosts'),
    isolationResponseDelay: duration.default(60)
      .describe('isolation to its response: isolation is declared after 30 s, the response follows at 60 s'),
    operatorDelay: distribution.default({ lognormal: { median: 1800, sigma: 1 } })
      .describe('time from HA giving up on a VM, or registering a VM of restart priority disabled powered off, ' +
        'until an operator powers it on (then it starts once a host holds it)'),
  }).superRefine((ha, ctx) => {
    if (ha.retryDelays.length < ha.maxAttempts - 1) {
      ctx.addIssue({ code: 'custom', path: ['retryDelays'],
        message: `expected at least maxAttempts − 1 = ${ha.maxAttempts - 1} retry delays, got ${ha.retryDelays.length}` });
    }
    ha.retryDelays.forEach((d, i) => {
      if (i > 0 && d <= ha.retryDelays[i - 1]) {
        ctx.addIssue({ code: 'custom', path: ['retryDelays', i], message: 'expected increasing delays' });
      }
    });
  }),
});
export type VsphereHaConfig = z.output<typeof vsphereHaSchema>['vsphereHa'];
