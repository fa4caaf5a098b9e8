// Release profiles: Nova defaults by era, checked against the openstack/nova sources named beside each
// value. An arm's `nova:` block overrides these field by field.
//
// Sources (git tags of openstack/nova): grizzly = 2013.1, queens = 17.0.0, modern = 27.0.0 (2023.1 "Antelope", the
// first release whose initial_*_allocation_ratio defaults are 4.0 / 1.0) through master.

import type { FilterName, SchedulerDriver, WeigherName } from './config-schema.js';
import type { NovaOverrides } from './config-schema.js';

export type Release = 'grizzly' | 'queens' | 'modern';
export const RELEASES: readonly Release[] = ['grizzly', 'queens', 'modern'];

export interface WeigherConfig {
  /** A built-in weigher, or one a plug-in registered. */
  name: WeigherName | (string & {});
  multiplier: number;
}

export interface NovaConfig {
  release: Release;
  driver: SchedulerDriver;
  ramAllocationRatio: number;
  cpuAllocationRatio: number;
  diskAllocationRatio: number;
  reservedHostMemoryMiB: number;
  reservedHostDiskMiB: number;
  /** Built-in filters, or ones plug-ins registered. */
  filters: (FilterName | (string & {}))[];
  weighers: WeigherConfig[];
  weightNormalisation: 'none' | 'max';
  capacityCheck: 'filters' | 'placement' | 'placement+filters';
  hostSubsetSize: number;
  shuffleBestSameWeighedHosts: boolean;
  maxAttempts: number;
  maxInstancesPerHost: number;
  serviceDownTime: number;
  /** How a VMwareVCDriver node reports capacity: grizzly = aggregate totals; queens = live hosts + max_unit. */
  vcdriverReporting: 'grizzly' | 'queens';
}

const PROFILES: Record<Release, NovaConfig> = {
  grizzly: {
    release: 'grizzly',
    driver: 'filter',
    // nova/scheduler/filters/{ram,core,disk}_filter.py @2013.1: ram_allocation_ratio 1.5, cpu 16.0, disk 1.0
    ramAllocationRatio: 1.5,
    cpuAllocationRatio: 16,
    diskAllocationRatio: 1.0,
    // nova/compute/resource_tracker.py @2013.1: reserved_host_memory_mb 512, reserved_host_disk_mb 0
    reservedHostMemoryMiB: 512,
    reservedHostDiskMiB: 0,
    // nova/scheduler/host_manager.py @2013.1 scheduler_default_filters (ComputeCapabilitiesFilter has no effect here)
    filters: ['RetryFilter', 'AvailabilityZoneFilter', 'RamFilter', 'ComputeFilter', 'ImagePropertiesFilter'],
    // nova/scheduler/weights/ram.py @2013.1: RAMWeigher is the only weigher, ram_weight_multiplier 1.0;
    // nova/weights.py @2013.1 sums multiplier × raw value (no normalisation before Icehouse)
    weighers: [{ name: 'ram', multiplier: 1.0 }],
    weightNormalisation: 'none',
    capacityCheck: 'filters',
    // nova/scheduler/filter_scheduler.py @2013.1 scheduler_host_subset_size 1; nova/scheduler/driver.py
    // scheduler_max_attempts 3; nova/service.py service_down_time 60
    hostSubsetSize: 1,
    shuffleBestSameWeighedHosts: false,
    maxAttempts: 3,
    // nova/scheduler/filters/num_instances_filter.py @2013.1 max_instances_per_host 50
    maxInstancesPerHost: 50,
    serviceDownTime: 60,
    vcdriverReporting: 'grizzly',
  },
  queens: {
    release: 'queens',
    driver: 'filter',
    // nova/conf/compute.py @17.0.0: the *_allocation_ratio options default to 0.0, which the compute node object
    // turns into 16.0 / 1.5 / 1.0; reserved_host_memory_mb 512, reserved_host_disk_mb 0
    ramAllocationRatio: 1.5,
    cpuAllocationRatio: 16,
    diskAllocationRatio: 1.0,
    reservedHostMemoryMiB: 512,
    reservedHostDiskMiB: 0,
    // nova/conf/scheduler.py @17.0.0 enabled_filters: RamFilter and DiskFilter left the defaults in Pike (16.0.0)
    // because Placement checks capacity first; they still exist and run after Placement when listed.
    filters: ['RetryFilter', 'AvailabilityZoneFilter', 'ComputeFilter', 'ImagePropertiesFilter',
      'ServerGroupAntiAffinityFilter', 'ServerGroupAffinityFilter'],
    // nova/scheduler/weights/ @17.0.0: RAMWeigher and DiskWeigher (multipliers 1.0); CPUWeigher came in Rocky.
    // IoOps/Metrics/PCI/soft-affinity weighers are constant in this model and left out.
    weighers: [{ name: 'ram', multiplier: 1.0 }, { name: 'disk', multiplier: 1.0 }],
    weightNormalisation: 'max',
    capacityCheck: 'placement+filters',
    // nova/conf/scheduler.py @17.0.0: host_subset_size 1, max_attempts 3, shuffle_best_same_weighed_hosts false,
    // max_instances_per_host 50
    hostSubsetSize: 1,
    shuffleBestSameWeighedHosts: false,
    maxAttempts: 3,
    maxInstancesPerHost: 50,
    serviceDownTime: 60,
    vcdriverReporting: 'queens',
  },
  modern: {
    release: 'modern',
    driver: 'filter',
    // nova/conf/compute.py @27.0.0..master: initial_cpu_allocation_ratio 4.0, initial_ram_allocation_ratio 1.0,
    // initial_disk_allocation_ratio 1.0 (16.0 / 1.5 / 1.0 from Stein to Zed); reserves 512 MB / 0
    ramAllocationRatio: 1.0,
    cpuAllocationRatio: 4.0,
    diskAllocationRatio: 1.0,
    reservedHostMemoryMiB: 512,
    reservedHostDiskMiB: 0,
    // nova/conf/scheduler.py @master enabled_filters: ComputeFilter, ComputeCapabilitiesFilter, ImagePropertiesFilter,
    // ServerGroupAntiAffinityFilter, ServerGroupAffinityFilter. AvailabilityZoneFilter left the defaults in Xena
    // (24.0.0) because Placement's AZ pre-filter does the same job; it stays here as that pre-filter's stand-in.
    filters: ['AvailabilityZoneFilter', 'ComputeFilter', 'ImagePropertiesFilter',
      'ServerGroupAntiAffinityFilter', 'ServerGroupAffinityFilter'],
    // nova/conf/scheduler.py @master: ram/cpu/disk_weight_multiplier 1.0, build_failure_weight_multiplier 1000000.0,
    // num_instances_weight_multiplier 0.0 (so NumInstancesWeigher is off by default)
    weighers: [
      { name: 'ram', multiplier: 1.0 },
      { name: 'cpu', multiplier: 1.0 },
      { name: 'disk', multiplier: 1.0 },
      { name: 'buildFailure', multiplier: 1_000_000 },
    ],
    weightNormalisation: 'max',
    capacityCheck: 'placement',
    hostSubsetSize: 1,
    shuffleBestSameWeighedHosts: false,
    maxAttempts: 3,
    maxInstancesPerHost: 50,
    serviceDownTime: 60,
    vcdriverReporting: 'queens',
  },
};

/** The release's defaults with an arm's overrides applied. */
export function resolveNovaConfig(release: Release, overrides: NovaOverrides | undefined): NovaConfig {
  const base = PROFILES[release];
  const o = overrides ?? {};
  return {
    ...base,
    ...Object.fromEntries(Object.entries(o).filter(([k, v]) => v !== undefined && k !== 'weighers')),
    filters: o.filters ? [...o.filters] : [...base.filters],
    weighers: o.weighers
      ? o.weighers.map((w) => {
          const [name, multiplier] = Object.entries(w)[0] as [string, number];
          return { name, multiplier };
        })
      : base.weighers.map((w) => ({ ...w })),
  };
}

export function releaseProfile(release: Release): NovaConfig {
  return resolveNovaConfig(release, undefined);
}
