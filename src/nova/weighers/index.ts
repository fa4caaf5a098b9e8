// Weighers by their scenario name; plug-ins add theirs to WEIGHER_REGISTRY (docs/plugins.md).

import type { WeigherName } from '../config-schema.js';
import { Registry } from '../../kernel/registry.js';
import { PLUGIN_NAMES } from '../../scenario/plugin-names.js';
import { buildFailureWeigher } from './build-failure-weigher.js';
import { cpuWeigher } from './cpu-weigher.js';
import { diskWeigher } from './disk-weigher.js';
import type { HostWeigher } from './host-weigher.js';
import { numInstancesWeigher } from './num-instances-weigher.js';
import { ramWeigher } from './ram-weigher.js';

export const WEIGHERS: Record<WeigherName, HostWeigher> = {
  ram: ramWeigher,
  cpu: cpuWeigher,
  disk: diskWeigher,
  numInstances: numInstancesWeigher,
  buildFailure: buildFailureWeigher,
};

export const WEIGHER_REGISTRY = new Registry<HostWeigher>('weigher', WEIGHERS, PLUGIN_NAMES.weigher);

/** The weigher a (validated) configuration names. */
export function weigherNamed(name: string): HostWeigher {
  const weigher = (WEIGHERS as Record<string, HostWeigher | undefined>)[name] ?? WEIGHER_REGISTRY.get(name);
  if (!weigher) throw new Error(`no weigher ${name} (a plug-in's weigher needs --plugin)`);
  return weigher;
}
