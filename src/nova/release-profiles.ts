// Release profiles: Nova defaults by era (DOMAIN.md §2). An arm's `nova:` block overrides these field by field.

import type { FilterName, WeigherName } from './config-schema.js';
import type { NovaOverrides } from './config-schema.js';

export type Release = 'grizzly' | 'queens' | 'modern';
export const RELEASES: readonly Release[] = ['grizzly', 'queens', 'modern'];

export interface WeigherConfig {
  name: WeigherName;
  multiplier: number;
}

export interface NovaConfig {
  release: Release;
  ramAllocationRatio: number;
  cpuAllocationRatio: number;
  diskAllocationRatio: number;
  reservedHostMemoryMiB: number;
  reservedHostDiskMiB: number;
  filters: FilterName[];
  weighers: WeigherConfig[];
  weightNormalisation: 'none' | 'max';
  capacityCheck: 'filters' | 'placement' | 'placement+filters';
  hostSubsetSize: number;
  maxAttempts: number;
  serviceDownTime: number;
  /** How a VMwareVCDriver node reports capacity: grizzly = aggregate totals; queens = live hosts + max_unit. */
  vcdriverReporting: 'grizzly' | 'queens';
}

const PROFILES: Record<Release, NovaConfig> = {
  grizzly: {
    release: 'grizzly',
    ramAllocationRatio: 1.5,
    cpuAllocationRatio: 16,
    diskAllocationRatio: 1.0,
    reservedHostMemoryMiB: 512,
    reservedHostDiskMiB: 0,
    // nova/scheduler grizzly scheduler_default_filters (ComputeCapabilities has no effect on this model)
    filters: ['RetryFilter', 'AvailabilityZoneFilter', 'RamFilter', 'ComputeFilter', 'ImagePropertiesFilter'],
    weighers: [{ name: 'ram', multiplier: 1.0 }],
    weightNormalisation: 'none',
    capacityCheck: 'filters',
    hostSubsetSize: 1,
    maxAttempts: 3,
    serviceDownTime: 60,
    vcdriverReporting: 'grizzly',
  },
  queens: {
    release: 'queens',
    ramAllocationRatio: 1.5,
    cpuAllocationRatio: 16,
    diskAllocationRatio: 1.0,
    reservedHostMemoryMiB: 512,
    reservedHostDiskMiB: 0,
    filters: ['RetryFilter', 'AvailabilityZoneFilter', 'RamFilter', 'DiskFilter', 'ComputeFilter', 'ImagePropertiesFilter'],
    weighers: [{ name: 'ram', multiplier: 1.0 }],
    weightNormalisation: 'max',
    capacityCheck: 'placement+filters',
    hostSubsetSize: 1,
    maxAttempts: 3,
    serviceDownTime: 60,
    vcdriverReporting: 'queens',
  },
  modern: {
    release: 'modern',
    ramAllocationRatio: 1.0,
    cpuAllocationRatio: 4.0,
    diskAllocationRatio: 1.0,
    reservedHostMemoryMiB: 512,
    reservedHostDiskMiB: 0,
    filters: ['AvailabilityZoneFilter', 'ComputeFilter', 'ImagePropertiesFilter'],
    weighers: [{ name: 'ram', multiplier: 1.0 }, { name: 'cpu', multiplier: 1.0 }, { name: 'disk', multiplier: 1.0 }],
    weightNormalisation: 'max',
    capacityCheck: 'placement',
    hostSubsetSize: 1,
    maxAttempts: 3,
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
          const [name, multiplier] = Object.entries(w)[0] as [WeigherName, number];
          return { name, multiplier };
        })
      : base.weighers.map((w) => ({ ...w })),
  };
}

export function releaseProfile(release: Release): NovaConfig {
  return resolveNovaConfig(release, undefined);
}
