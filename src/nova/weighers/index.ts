// Weighers by their scenario name.

import type { WeigherName } from '../config-schema.js';
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
