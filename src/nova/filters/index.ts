// Filters by their Nova configuration name; plug-ins add theirs to FILTER_REGISTRY (docs/plugins.md).

import type { FilterName } from '../config-schema.js';
import { Registry } from '../../kernel/registry.js';
import { PLUGIN_NAMES } from '../../scenario/plugin-names.js';
import { availabilityZoneFilter } from './availability-zone-filter.js';
import { computeFilter } from './compute-filter.js';
import { coreFilter } from './core-filter.js';
import { diskFilter } from './disk-filter.js';
import type { HostFilter } from './host-filter.js';
import { imagePropertiesFilter } from './image-properties-filter.js';
import { numInstancesFilter } from './num-instances-filter.js';
import { ramFilter } from './ram-filter.js';
import { retryFilter } from './retry-filter.js';
import { serverGroupAffinityFilter } from './server-group-affinity-filter.js';
import { serverGroupAntiAffinityFilter } from './server-group-anti-affinity-filter.js';

export const FILTERS: Record<FilterName, HostFilter> = {
  RetryFilter: retryFilter,
  AvailabilityZoneFilter: availabilityZoneFilter,
  RamFilter: ramFilter,
  CoreFilter: coreFilter,
  DiskFilter: diskFilter,
  ComputeFilter: computeFilter,
  ImagePropertiesFilter: imagePropertiesFilter,
  ServerGroupAntiAffinityFilter: serverGroupAntiAffinityFilter,
  ServerGroupAffinityFilter: serverGroupAffinityFilter,
  NumInstancesFilter: numInstancesFilter,
};

export const FILTER_REGISTRY = new Registry<HostFilter>('filter', FILTERS, PLUGIN_NAMES.filter);

/** The filter a (validated) configuration names. */
export function filterNamed(name: string): HostFilter {
  const filter = FILTER_REGISTRY.get(name);
  if (!filter) throw new Error(`no filter ${name} (a plug-in's filter needs --plugin)`);
  return filter;
}
