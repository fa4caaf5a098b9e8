// Scenario fields that configure Nova per arm (overrides of the release profile; option names as in nova/conf/).

import { z } from 'zod';
import { distribution, duration, positiveInt } from '../scenario/primitives.js';
import { PLUGIN_NAMES } from '../scenario/plugin-names.js';

export const FILTER_NAMES = [
  'RetryFilter',
  'AvailabilityZoneFilter',
  'RamFilter',
  'CoreFilter',
  'DiskFilter',
  'ComputeFilter',
  'ImagePropertiesFilter',
  'ServerGroupAntiAffinityFilter',
  'ServerGroupAffinityFilter',
  'NumInstancesFilter',
] as const;
export type FilterName = (typeof FILTER_NAMES)[number];

export const WEIGHER_NAMES = ['ram', 'cpu', 'disk', 'numInstances', 'buildFailure'] as const;
export type WeigherName = (typeof WEIGHER_NAMES)[number];

export const SCHEDULER_DRIVERS = ['filter', 'chance'] as const;
export type SchedulerDriver = (typeof SCHEDULER_DRIVERS)[number];

/** "expected one of" the built-in names and those plug-ins registered in this process. */
function expectedName(kind: 'filter' | 'weigher', builtIns: readonly string[], got: unknown): string {
  const names = [...builtIns, ...PLUGIN_NAMES[kind]].join(' | ');
  return `unknown ${kind} ${JSON.stringify(got)}: expected one of ${names} (a plug-in's names need --plugin)`;
}

const filterName = z.string().check((ctx) => {
  if (!(FILTER_NAMES as readonly string[]).includes(ctx.value) && !PLUGIN_NAMES.filter.has(ctx.value)) {
    ctx.issues.push({ code: 'custom', input: ctx.value, message: expectedName('filter', FILTER_NAMES, ctx.value) });
  }
});

const weigher = z
  .record(z.string(), z.number())
  .check((ctx) => {
    const names = Object.keys(ctx.value);
    if (names.length !== 1) {
      ctx.issues.push({ code: 'custom', input: ctx.value, message: 'expected one weigher per entry, e.g. { ram: 1.0 }' });
      return;
    }
    if (!(WEIGHER_NAMES as readonly string[]).includes(names[0]) && !PLUGIN_NAMES.weigher.has(names[0])) {
      ctx.issues.push({ code: 'custom', input: ctx.value, path: [names[0]], message: expectedName('weigher', WEIGHER_NAMES, names[0]) });
    }
  })
  .describe('a weigher and its multiplier, e.g. { ram: 1.0 } (spread) or { ram: -1.0 } (stack); ' +
    'names: ram (RAMWeigher), cpu (CPUWeigher), disk (DiskWeigher), numInstances (NumInstancesWeigher), ' +
    'buildFailure (BuildFailureWeigher, multiplier as build_failure_weight_multiplier: positive penalises failures), ' +
    'or a weigher a plug-in loaded with --plugin registered (docs/plugins.md)');

export const novaOverridesSchema = z
  .strictObject({
    driver: z.enum(SCHEDULER_DRIVERS).optional()
      .describe('scheduler_driver: filter = FilterScheduler; chance = ChanceScheduler (random up host, no capacity check, no retries)'),
    ramAllocationRatio: z.number().positive().optional().describe('ram_allocation_ratio'),
    cpuAllocationRatio: z.number().positive().optional().describe('cpu_allocation_ratio'),
    diskAllocationRatio: z.number().positive().optional().describe('disk_allocation_ratio'),
    reservedHostMemoryMiB: z.number().nonnegative().optional().describe('reserved_host_memory_mb'),
    reservedHostDiskMiB: z.number().nonnegative().optional().describe('reserved_host_disk_mb'),
    filters: z.array(filterName).optional()
      .describe(`enabled scheduler filters, in order: ${FILTER_NAMES.join(', ')}, or filters a plug-in loaded with ` +
        '--plugin registered (docs/plugins.md)'),
    weighers: z.array(weigher).optional().describe(`weighers with multipliers, in order, e.g. [{ ram: 1.0 }]; [] = first fit; names: ${WEIGHER_NAMES.join(', ')}, or weighers a plug-in loaded with --plugin registered (docs/plugins.md)`),
    weightNormalisation: z.enum(['none', 'max']).optional()
      .describe('none = raw values × multiplier (grizzly); max = nova/weights.py normalize() (Icehouse+): ' +
        'RAM/CPU/disk clamp at 0 and divide by the largest, other weighers min-max'),
    capacityCheck: z.enum(['filters', 'placement', 'placement+filters']).optional()
      .describe('how capacity is checked: filters only (grizzly), Placement candidates only (modern), ' +
        'or Placement then whichever capacity filters are listed (queens)'),
    hostSubsetSize: positiveInt.optional().describe('scheduler_host_subset_size: pick at random among the top N'),
    shuffleBestSameWeighedHosts: z.boolean().optional()
      .describe('shuffle_best_same_weighed_hosts: break ties among the best-weighed hosts at random (default false)'),
    maxAttempts: positiveInt.optional().describe('scheduler_max_attempts, first try included'),
    maxInstancesPerHost: positiveInt.optional().describe('max_instances_per_host (NumInstancesFilter), default 50'),
    serviceDownTime: duration.optional().describe('service_down_time: a compute service is down after this'),
    resumeGuestsStateOnHostBoot: z.boolean().optional()
      .describe('resume_guests_state_on_host_boot (default false in every release): true = VMs on a repaired KVM host ' +
        'boot with it; false = they stay down until an operator starts them (operatorStartDelay after the repair)'),
    operatorStartDelay: distribution.optional()
      .describe('with resumeGuestsStateOnHostBoot false: time from a KVM host\'s repair until an operator starts ' +
        'the VMs still on it; default lognormal, median 30 min, sigma 1 (the manual evacuation\'s operator response)'),
  })
  .describe('Nova scheduler options; unset fields come from the release profile');

export type NovaOverrides = z.output<typeof novaOverridesSchema>;
