// Scenario fields for the failure process (when hosts fail and come back) and for Nova recovery policies.

import { z } from 'zod';
import { distribution, duration, fraction, MAX_HOSTS_PER_GROUP, positiveDuration, positiveInt } from '../scenario/primitives.js';
import { HA_PRIORITIES } from '../model/ha-priority.js';
import { FAILURE_PRESETS } from './presets.js';
import { PLUGIN_NAMES } from '../scenario/plugin-names.js';

const groupFailureSchema = z
  .strictObject({
    group: z.string().min(1).describe('fleet group whose hosts all fail together (a rack, a PDU)'),
    failure: distribution.describe('time from the end of one group outage (or the start) to the next'),
    repair: distribution.describe('duration of a group outage'),
  })
  .describe('correlated failures: the whole group goes down at once');

const managementPlaneSchema = z
  .strictObject({
    failure: distribution.describe('per compute node: time from its nova-compute service coming back (or the start) to its next outage'),
    repair: distribution.describe('duration of a nova-compute service outage (the hosts and their VMs run on)'),
  })
  .describe('management-plane failures: a nova-compute service stops heartbeating while its hosts keep running');

export const failuresSchema = z
  .strictObject({
    preset: z.enum(Object.keys(FAILURE_PRESETS) as [string, ...string[]]).optional()
      .describe(`fitted host failure/repair distributions (LANL 1996–2005 via the Failure Trace Archive; Azure, Lyu et al. OSDI'23): ${Object.entries(FAILURE_PRESETS)
        .map(([k, p]) => `${k} = ${p.description}`).join('; ')}; hostFailure/repair given beside it override it`),
    hostFailure: distribution.optional().describe('per physical host, time from repair (or start) to next failure'),
    repair: distribution.optional().describe('time from a host failure to its repair'),
    groups: z.array(groupFailureSchema).default([]).describe('correlated group outages, each with its own process'),
    trace: z.string().max(4096).optional().describe('failure trace CSV (time_s,target,duration_s), relative to the scenario file'),
    managementPlane: managementPlaneSchema.optional(),
    isolationShare: fraction.default(0)
      .describe('share of independent host failures (hostFailure / preset, not group outages or traces) that are a ' +
        'management-network isolation instead of a crash, for the repair draw: the host and its VMs run on, no new VM ' +
        'is placed there; on KVM Nova sees nova-compute down and no recovery acts; vSphere HA applies its ' +
        'isolationResponse. Drawn per failure from a stream per host, so every arm sees the same isolations'),
    reportInterval: positiveDuration.default(10)
      .describe('nova-compute report_interval: heartbeats on a fixed grid; a dead service is seen down service_down_time after its last one'),
  })
  .superRefine((f, ctx) => {
    const hasFailure = f.hostFailure !== undefined || f.preset !== undefined;
    const hasRepair = f.repair !== undefined || f.preset !== undefined;
    if (hasFailure && !hasRepair) ctx.addIssue({ code: 'custom', path: ['repair'], message: 'expected a repair distribution beside hostFailure' });
    if (hasRepair && !hasFailure) ctx.addIssue({ code: 'custom', path: ['hostFailure'], message: 'expected a hostFailure distribution beside repair' });
  })
  .describe('failure process, shared by every arm; omit for no failures');
export type FailuresConfig = z.output<typeof failuresSchema>;

const reservedHostsSchema = z
  .union([positiveInt, z.array(z.string().min(1)).min(1)], { error: 'expected a count or a list of host names' })
  .describe('standby hosts taken from the fleet: a count (the last N KVM hosts in fleet order) or host names; ' +
    'their nova-compute service is disabled so no build lands there until a recovery uses them');

const masakariSchema = z
  .strictObject({
    method: z.enum(['auto', 'reserved_host', 'auto_priority', 'rh_priority']).default('auto')
      .describe('recovery_method: auto = scheduler picks; reserved_host = enable a standby host and evacuate onto it; ' +
        'auto_priority = auto, then reserved hosts for what failed; rh_priority = reserved hosts, then auto'),
    monitorInterval: positiveDuration.default(60).describe('host monitor polling interval (fixed grid); detection at the first poll after the failure'),
    ipmiCheck: duration.default(0).describe('time the host monitor spends confirming the failure (IPMI) before notifying'),
    waitAfterServiceDisable: duration.default(180).describe('wait_period_after_service_update: sleep after disabling the compute service'),
    recoveryThreads: positiveInt.default(3).describe('host_failure_recovery_threads: concurrent evacuations'),
    waitPerVm: positiveDuration.default(90).describe('wait_period_after_evacuation: a thread waits at most this long for one VM'),
    verifyInterval: positiveDuration.default(1).describe('verify_interval: how often a thread polls the VM it evacuates'),
    evacuateAllInstances: z.boolean().default(true).describe('evacuate VMs without the HA_Enabled tag too (after the tagged ones)'),
    haTagged: z.array(z.enum(HA_PRIORITIES)).default(['highest', 'high'])
      .describe('HA priorities whose VMs carry HA_Enabled=True'),
    unfinishedInterval: positiveDuration.default(120)
      .describe('process_unfinished_notifications_interval: a notification that ended in ERROR is processed once more ' +
        'at the engine\'s next periodic run (a fixed grid), then marked FAILED'),
    hungShare: fraction.default(0)
      .describe('share of host failures that leave the host powered on but hung: IPMI never confirms power off, the ' +
        'monitor never reports the host, and its VMs wait for its repair'),
    operatorReenableDelay: distribution.default({ lognormal: { median: 1800, sigma: 1 } })
      .describe('time from a repaired host\'s return until an operator takes it out of maintenance and re-enables its ' +
        'compute service (Masakari leaves it on_maintenance)'),
  })
  .describe('Masakari options (trigger: masakari)');

export const novaEvacuateSchema = z.strictObject({
  novaEvacuate: z.strictObject({
    trigger: z.enum(['manual', 'masakari']).default('manual').describe('who evacuates: an operator, or Masakari'),
    storage: z.enum(['shared', 'local']).default('shared')
      .describe('shared: disks survive; local: evacuated VMs are rebuilt from their image and their disk counts as data lost'),
    rebuild: distribution.default({ constant: 60 }).describe('time to rebuild one VM on its new host'),
    target: z.enum(['scheduler', 'admin', 'reserved']).optional()
      .describe('manual: scheduler = Nova picks (Juno+, no retries); admin = the operator names the up host with the most ' +
        'free RAM that fits (grizzly); reserved = the first standby host that fits. Default: admin for grizzly, scheduler later'),
    reservedHosts: reservedHostsSchema.optional(),
    operatorDelay: distribution.default({ lognormal: { median: 1800, sigma: 1 } })
      .describe('manual: from Nova seeing the service down to the operator starting evacuations, per incident'),
    parallelism: positiveInt.default(1).describe('manual: concurrent per-VM evacuations (host-evacuate is a client-side loop)'),
    masakari: masakariSchema.default(() => masakariSchema.parse({})),
  }).transform(keepTriggerFields),
});

/** Drops the options the other trigger uses, so resolved scenarios (manifest.json, the report) show what applies. */
function keepTriggerFields<T extends { trigger: 'manual' | 'masakari'; masakari: unknown; operatorDelay: unknown;
  parallelism: unknown; target?: unknown }>(e: T) {
  const { masakari, operatorDelay, parallelism, target, ...common } = e;
  return e.trigger === 'masakari'
    ? { ...common, trigger: 'masakari' as const, masakari: masakari as T['masakari'] }
    : { ...common, trigger: 'manual' as const, operatorDelay: operatorDelay as T['operatorDelay'],
      parallelism: parallelism as T['parallelism'], ...(target === undefined ? {} : { target: target as NonNullable<T['target']> }) };
}

export type NovaEvacuateConfig = z.output<typeof novaEvacuateSchema>['novaEvacuate'];
export type ManualEvacuateConfig = Extract<NovaEvacuateConfig, { trigger: 'manual' }>;
export type MasakariEvacuateConfig = Extract<NovaEvacuateConfig, { trigger: 'masakari' }>;
export type MasakariConfig = MasakariEvacuateConfig['masakari'];

export const noRecoverySchema = z.literal('none');

/** A recovery policy a plug-in loaded with `--plugin` registered (docs/plugins.md), with its own options. */
export const pluginRecoverySchema = z.strictObject({
  policy: z.string().check((ctx) => {
    if (PLUGIN_NAMES['recovery policy'].has(ctx.value)) return;
    const names = [...PLUGIN_NAMES['recovery policy']];
    ctx.issues.push({ code: 'custom', input: ctx.value, message: `unknown recovery policy ${JSON.stringify(ctx.value)}: ` +
      (names.length > 0 ? `expected one of ${names.join(' | ')}` : 'no plug-in loaded (load the one that registers it with --plugin)') });
  }).describe('name of a recovery policy a plug-in registered'),
  options: z.record(z.string(), z.unknown()).optional()
    .describe('passed to the policy as it is (the plug-in checks them); default {}'),
}).describe('a plug-in\'s recovery policy');
export { duration };

/**
 * Cross-field checks against the fleet: group names of correlated failures, standby host names. Runs on input that
 * may be invalid elsewhere (every problem is reported at once), so it checks shapes as it goes.
 */
export function checkFailureReferences(
  fleet: unknown,
  failures: unknown,
  arms: unknown,
  addIssue: (path: (string | number)[], message: string) => void,
): void {
  const list = (x: unknown): Record<string, unknown>[] => (Array.isArray(x) ? x.filter((e) => e && typeof e === 'object') : []);
  const groups = new Set<string>();
  const hosts = new Set<string>();
  for (const g of list(fleet)) {
    if (typeof g.group !== 'string' || typeof g.count !== 'number') continue;
    groups.add(g.group);
    // A count the schema refuses (1e9, Infinity) must not drive this loop.
    if (!(g.count <= MAX_HOSTS_PER_GROUP)) continue;
    for (let n = 0; n < g.count; n++) hosts.add(`${g.group}-${n}`);
  }
  const failureGroups = failures && typeof failures === 'object' ? (failures as { groups?: unknown }).groups : undefined;
  list(failureGroups).forEach((g, i) => {
    if (typeof g.group === 'string' && !groups.has(g.group)) addIssue(['failures', 'groups', i, 'group'], `unknown fleet group "${g.group}"`);
  });
  list(arms).forEach((arm, i) => {
    const recovery = arm.recovery as { novaEvacuate?: { reservedHosts?: unknown } } | undefined;
    const reserved = recovery && typeof recovery === 'object' ? recovery.novaEvacuate?.reservedHosts : undefined;
    const path = ['arms', i, 'recovery', 'novaEvacuate', 'reservedHosts'];
    if (Array.isArray(reserved)) {
      reserved.forEach((name, j) => {
        if (typeof name === 'string' && !hosts.has(name)) addIssue([...path, j], `unknown host "${name}"`);
      });
    } else if (typeof reserved === 'number' && reserved >= hosts.size) {
      addIssue(path, `expected fewer standby hosts than the fleet's ${hosts.size}`);
    }
  });
}
