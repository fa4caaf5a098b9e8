// The scenario format: one zod schema is the source of truth for validation, defaults and `capsim schema`.

import { z } from 'zod';
import { distribution, duration, fraction, MAX_FACTOR, MAX_HOSTS_PER_GROUP, positiveDuration, positiveInt, nonNegativeInt } from './primitives.js';
import { novaOverridesSchema } from '../nova/config-schema.js';
import { HA_PRIORITIES } from '../model/ha-priority.js';
import { RELEASES } from '../nova/release-profiles.js';
import { drsSchema, vcenterPlatformSchema, vsphereHaSchema } from '../vsphere/schema.js';
import { checkFailureReferences, failuresSchema, noRecoverySchema, novaEvacuateSchema, pluginRecoverySchema } from '../failures/schema.js';
import { sweepSectionSchema } from './sweep-schema.js';

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
/** Names become folder and host names: short enough for any file system with room for suffixes. */
export const MAX_NAME_CHARS = 100;
const name = z.string().regex(NAME, { error: 'expected a name of letters, digits, ".", "_" or "-"' })
  .max(MAX_NAME_CHARS, { error: `expected a name of at most ${MAX_NAME_CHARS} characters` });
/** Upper bounds of host and flavor sizes: far above real hardware, low enough that sums stay exact. */
const cores = positiveInt.max(1_000_000);
const memoryMiB = positiveInt.max(2 ** 40);
const diskGiB = z.number().nonnegative().max(1e12);

export const hostGroupSchema = z
  .strictObject({
    group: name.describe('group name; hosts are named <group>-<n>'),
    count: positiveInt.max(MAX_HOSTS_PER_GROUP).describe('number of identical hosts'),
    cpus: cores.describe('physical cores (Nova vcpus_total)'),
    ramMiB: memoryMiB.describe('memory, MiB'),
    diskGiB: diskGiB.describe('local disk, GiB'),
    az: name.default('nova').describe('availability zone'),
    coreMhz: positiveInt.optional()
      .describe('clock of one core, MHz: vSphere counts CPU reservations against cores × MHz; default 2400'),
  })
  .describe('a group of identical physical hosts');

export const flavorSchema = z
  .strictObject({
    name: z.string().min(1).max(MAX_NAME_CHARS).describe('flavor name, as request traces and flavors.csv name it'),
    vcpus: cores.describe('virtual CPUs'),
    ramMiB: memoryMiB.describe('memory, MiB'),
    diskGiB: diskGiB.describe('root + ephemeral disk, GiB'),
    weight: z.number().positive().max(MAX_FACTOR).default(1).describe(`relative share of requests (at most ${MAX_FACTOR})`),
    extraSpecs: z.strictObject({
      'quota:memory_reservation': nonNegativeInt.optional()
        .describe('memory reservation, MiB, that VMwareVCDriver sets on the VM; default none (0)'),
      'quota:cpu_reservation': nonNegativeInt.optional()
        .describe('CPU reservation, MHz, that VMwareVCDriver sets on the VM; default none (0)'),
    }).optional()
      .describe('flavor extra specs, Nova\'s key names (nova/virt/vmwareapi/vmops.py _get_extra_specs): ESXi admits a ' +
        'power-on against reservations plus memory overhead, not the configured size; KVM ignores them'),
    bootFromVolume: z.boolean().optional()
      .describe('VMs of this flavor boot from a Cinder volume: their root disk survives an evacuation without shared ' +
        'instance storage (no data lost); default false'),
    haRestartPriority: z.enum(HA_PRIORITIES).optional()
      .describe('vSphere HA restart priority of VMs of this flavor (a per-VM override in vCenter); wins over ' +
        'workload.haPriority shares and, in a trace, applies to rows without ha_priority; default: the shares, else ' +
        'medium'),
  })
  .describe('a VM size');

const poissonArrivals = z.strictObject({
  poisson: z.strictObject({ ratePerHour: z.number().positive().max(1e12).describe('mean requests per hour') })
    .describe('Poisson arrivals (exponential gaps between requests)'),
});

export const serverGroupClassSchema = z
  .strictObject({
    policy: z.enum(['affinity', 'anti-affinity']).describe('server group policy'),
    share: fraction.describe('fraction of all requests that join groups of this class'),
    size: positiveInt.describe('members per group: consecutive requests of this class fill one group, then the next'),
    maxServerPerHost: positiveInt.default(1).describe('anti-affinity rule max_server_per_host (members per compute node)'),
  })
  .describe('a class of server groups in the workload');

export const hypervisorRequirementSchema = z
  .partialRecord(z.enum(['kvm', 'vmware']), fraction)
  .refine((r) => Object.values(r).reduce((s, w) => s + (w ?? 0), 0) <= 1 + 1e-9, { error: 'expected shares summing to at most 1' })
  .describe('fraction of requests whose image requires each hypervisor, e.g. { vmware: 0.3 }; the rest run anywhere');

export const generatedWorkloadSchema = z.strictObject({
  arrivals: poissonArrivals.describe('arrival process'),
  lifetime: distribution.describe('VM lifetime distribution'),
  flavors: z.array(flavorSchema).min(1, { error: 'expected at least one flavor' }).describe('VM sizes requested, by weight'),
  haPriority: z
    .partialRecord(z.enum(HA_PRIORITIES), z.number().nonnegative().max(MAX_FACTOR))
    .refine((r) => Object.values(r).some((w) => (w ?? 0) > 0), { error: 'expected at least one positive weight' })
    .transform((r) => HA_PRIORITIES.map((name, index) => ({ index, weight: r[name] ?? 0 })).filter((p) => p.weight > 0))
    .optional()
    .describe('share of requests per vSphere HA restart priority, e.g. { high: 20, medium: 70, disabled: 10 }; default all medium'),
  serverGroups: z.array(serverGroupClassSchema)
    .refine((g) => g.reduce((s, c) => s + c.share, 0) <= 1 + 1e-9, { error: 'expected shares summing to at most 1' })
    .optional()
    .describe('server groups: which share of requests joins affinity / anti-affinity groups of which size; default none'),
  requireHypervisor: hypervisorRequirementSchema.optional(),
  bootFromVolumeShare: fraction.optional()
    .describe('fraction of requests that boot from a Cinder volume whatever their flavor (drawn per request from its ' +
      'own stream, so every arm sees the same VMs); their disks survive an evacuation without shared storage'),
}).describe('generated workload: Poisson arrivals, a lifetime distribution and a flavor mix');

export const traceWorkloadSchema = z.strictObject({
  trace: z.string().min(1).max(4096).describe('request trace CSV: time_s,flavor,lifetime_s[,ha_priority][,server_group,group_policy' +
    '[,max_server_per_host]][,hypervisor][,censored (ignored)], relative to the scenario'),
  flavors: z.array(flavorSchema).min(1, { error: 'expected at least one flavor' }).describe('the flavors the trace names'),
}).describe('replayed workload: requests read from a CSV trace');

const platformSchema = z
  .union([z.literal('kvm'), vcenterPlatformSchema, z.strictObject({
    byGroup: z.record(z.string(), z.union([z.literal('kvm'), vcenterPlatformSchema])),
  })], { error: 'expected "kvm", { vcenter: { clusterSize: N } } or { byGroup: { <group>: kvm | { vcenter: ... } } }' })
  .describe('how the fleet is exposed to Nova');

const recoverySchema = z
  .union([noRecoverySchema, novaEvacuateSchema, vsphereHaSchema, pluginRecoverySchema], {
    error: 'expected "none", { novaEvacuate: {...} }, { vsphereHa: {...} } or { policy: <plug-in policy> }',
  })
  .describe('how VMs of a failed host come back');

export const armSchema = z.strictObject({
  name: name.describe('arm name; the first arm is the baseline of paired differences'),
  platform: platformSchema.default('kvm'),
  nova: novaOverridesSchema.optional(),
  recovery: recoverySchema.default('none'),
  drs: drsSchema.optional(),
  release: z.enum(RELEASES as [string, ...string[]]).optional()
    .describe('this arm\'s Nova release profile, overriding the scenario\'s (one scenario can compare a grizzly KVM arm ' +
      'with a modern Masakari arm); default: the scenario\'s release'),
});

const stratifySchema = z.strictObject({
  groupOutages: z.strictObject({
    allocation: z.array(z.number().positive().max(1e6)).min(2, { error: 'expected at least two strata' })
      .max(8, { error: 'expected at most eight strata' })
      .describe('relative share of the replications given to each stratum: stratum k of K holds replications whose ' +
        'group-outage schedule has exactly k outages, the last stratum K − 1 or more (e.g. [1, 5]: a sixth with no ' +
        'outage, the rest with at least one). Replication r belongs to a fixed stratum (after two replications per ' +
        'stratum, the one furthest behind its share), so `replications` is the total over the strata'),
  }).describe('condition each replication\'s group-outage schedule (all failures.groups together) on the number of ' +
    'outages within the horizon: the schedule is drawn from the replication\'s stream and redrawn from fresh streams ' +
    'until its count is in the stratum, the same in every arm; the results weight each stratum by its probability ' +
    '(exact for two strata and exponential group failures, else a seeded Monte Carlo estimate). A rare rack outage ' +
    'then sits in a chosen share of the replications instead of a random one (docs/experiments.md)'),
}).describe('stratified sampling of replications on a rare exogenous event: tighter intervals for the same runs');

export const scenarioSchema = z
  .strictObject({
    name: name.describe('scenario name; results go to <out>/<name>/'),
    description: z.string().max(10_000).optional().describe('free text for readers; the simulation ignores it'),
    horizon: positiveDuration.describe('simulated time'),
    warmup: duration.default(0).describe('requests arriving before this are simulated but not counted'),
    initialState: z.enum(['equilibrium', 'empty']).default('equilibrium')
      .describe('equilibrium: the run starts in steady state — a generated workload begins with the Poisson(λ·E[lifetime]) ' +
        'VMs a fleet that has always taken these requests would run, each with the rest of a lifetime in progress, placed ' +
        'by each arm\'s own scheduler before t = 0 in arrival order; every renewal failure process (hosts, groups, ' +
        'nova-compute services) starts at a random moment of its cycle. empty: no VMs and every process starts anew at ' +
        't = 0. A trace workload always starts with what its trace holds (use warmup)'),
    seed: nonNegativeInt.default(1).describe('base seed; replication r uses streams seeded by (seed, r, stream)'),
    replications: positiveInt.max(1_000_000).default(5).describe('independent replications per arm (each arm sees the same randomness in replication r)'),
    sampleInterval: positiveDuration.default(300).describe('time between timeseries samples'),
    release: z.enum(RELEASES as [string, ...string[]]).default('grizzly').describe('Nova release profile'),
    fleet: z.array(hostGroupSchema).min(1, { error: 'expected at least one host group' })
      .describe('physical hosts, shared by all arms; fleet order is Nova\'s host-list order'),
    workload: z.union([generatedWorkloadSchema, traceWorkloadSchema], {
      error: 'expected { arrivals, lifetime, flavors } or { trace, flavors }',
    }).describe('the VM requests, the same in every arm'),
    failures: failuresSchema.optional(),
    stratify: stratifySchema.optional(),
    controlVariates: z.array(z.enum(['hostFailures', 'groupOutages'])).min(1).optional()
      .describe('control variates for the stratified estimates (needs stratify): per replication, quantities of the ' +
        'failure schedule every arm sees alike, whose expectation per stratum is known — hostFailures: per fleet group, ' +
        'the host failures (failures.hostFailure / preset) starting within the horizon and their repair times\' excess ' +
        'over the mean repair; groupOutages: per failures.groups entry, its outages and their repairs\' excess. Each ' +
        'stratum\'s mean is corrected by the regression on them (separate regression estimator), so comparison.csv\'s ' +
        '"all" rows and the terminal table lose the variance the failures explain; summary.csv gets a cv_ column per ' +
        'covariate, manifest.json their expectations (docs/experiments.md)'),
    arms: z.array(armSchema).min(1, { error: 'expected at least one arm' })
      .describe('ways to run the same fleet, workload and failures; the first is the baseline'),
    sweep: sweepSectionSchema.optional(),
  })
  .superRefine(crossFieldChecks, { when: () => true });

/** Checks across fields, run even when other fields are invalid so that every problem is reported at once. */
function crossFieldChecks(input: unknown, ctx: z.RefinementCtx): void {
  const s = input as { fleet?: unknown; arms?: unknown; workload?: { flavors?: unknown }; warmup?: unknown; horizon?: unknown };
  const list = (x: unknown): Record<string, unknown>[] => (Array.isArray(x) ? x.filter((e) => e && typeof e === 'object') : []);
  const groups = new Set<string>();
  list(s.fleet).forEach((g, i) => {
    if (typeof g.group !== 'string') return;
    if (groups.has(g.group)) ctx.addIssue({ code: 'custom', path: ['fleet', i, 'group'], message: `duplicate group "${g.group}"` });
    groups.add(g.group);
  });
  const arms = new Set<string>();
  const scenarioRelease = typeof (s as { release?: unknown }).release === 'string' ? (s as { release: string }).release : 'grizzly';
  list(s.arms).forEach((a, i) => {
    const release = typeof a.release === 'string' ? a.release : scenarioRelease;
    const evacuate = (a.recovery as { novaEvacuate?: { trigger?: unknown } } | undefined)?.novaEvacuate;
    if (release === 'grizzly' && evacuate && typeof evacuate === 'object' && evacuate.trigger === 'masakari') {
      // masakari's Nova client pins API microversion 2.53 (masakari/compute/nova.py), which Nova serves from Pike on.
      ctx.addIssue({ code: 'custom', path: ['arms', i, 'recovery', 'novaEvacuate', 'trigger'],
        message: 'masakari needs Nova API microversion 2.53 (Pike or later), not available in release grizzly: ' +
          'set release: queens or modern on this arm or on the scenario' });
    }
    if (typeof a.name === 'string') {
      if (arms.has(a.name)) ctx.addIssue({ code: 'custom', path: ['arms', i, 'name'], message: `duplicate arm "${a.name}"` });
      arms.add(a.name);
    }
    const byGroup = (a.platform as { byGroup?: unknown } | undefined)?.byGroup;
    if (byGroup && typeof byGroup === 'object') {
      for (const g of Object.keys(byGroup)) {
        if (!groups.has(g)) ctx.addIssue({ code: 'custom', path: ['arms', i, 'platform', 'byGroup', g], message: `unknown fleet group "${g}"` });
      }
    }
  });
  const flavors = new Set<string>();
  list(s.workload?.flavors).forEach((f, i) => {
    if (typeof f.name !== 'string') return;
    if (flavors.has(f.name)) ctx.addIssue({ code: 'custom', path: ['workload', 'flavors', i, 'name'], message: `duplicate flavor "${f.name}"` });
    flavors.add(f.name);
  });
  checkFailureReferences(s.fleet, (s as { failures?: unknown }).failures, s.arms, (path, message) => ctx.addIssue({ code: 'custom', path, message }));
  const stratify = (s as { stratify?: { groupOutages?: unknown } }).stratify;
  const failureGroups = (s as { failures?: { groups?: unknown } }).failures?.groups;
  if (stratify?.groupOutages && !(Array.isArray(failureGroups) && failureGroups.length > 0)) {
    ctx.addIssue({ code: 'custom', path: ['stratify', 'groupOutages'],
      message: 'expected failures.groups to configure at least one group outage process (the strata count its outages)' });
  }
  const controlVariates = (s as { controlVariates?: unknown }).controlVariates;
  if (Array.isArray(controlVariates)) {
    const failures = (s as { failures?: { hostFailure?: unknown; preset?: unknown } }).failures;
    if (!stratify?.groupOutages) {
      ctx.addIssue({ code: 'custom', path: ['controlVariates'], message: 'expected stratify.groupOutages beside controlVariates' });
    }
    if (controlVariates.includes('hostFailures') && failures?.hostFailure === undefined && failures?.preset === undefined) {
      ctx.addIssue({ code: 'custom', path: ['controlVariates'],
        message: 'expected failures.hostFailure or failures.preset for the hostFailures control variates' });
    }
    if (controlVariates.includes('groupOutages') && !(Array.isArray(failureGroups) && failureGroups.length > 0)) {
      ctx.addIssue({ code: 'custom', path: ['controlVariates'],
        message: 'expected failures.groups for the groupOutages control variates' });
    }
  }
  if (typeof s.warmup === 'number' && typeof s.horizon === 'number' && s.warmup >= s.horizon) {
    ctx.addIssue({ code: 'custom', path: ['warmup'], message: 'expected warmup < horizon' });
  }
}

export type Scenario = z.output<typeof scenarioSchema>;
export type ScenarioInput = z.input<typeof scenarioSchema>;
export type Arm = z.output<typeof armSchema>;
export type Flavor = z.output<typeof flavorSchema>;
export type HostGroup = z.output<typeof hostGroupSchema>;

export function scenarioJsonSchema(): object {
  return z.toJSONSchema(scenarioSchema, { io: 'input', unrepresentable: 'any' });
}
