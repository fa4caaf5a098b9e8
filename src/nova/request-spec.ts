// What the scheduler is asked to place: a flavor's resources plus constraints.

import type { Hypervisor } from './compute-node.js';
import type { ServerGroup } from './server-group.js';

export interface RequestSpec {
  vcpus: number;
  ramMiB: number;
  diskGiB: number;
  /** Requested availability zone, if any. */
  az?: string;
  /** Hypervisor the image requires (ImagePropertiesFilter `hypervisor_type`), if any. */
  hypervisor?: Hypervisor;
  /** Server group the instance joins, if any (ServerGroupAffinityFilter / ServerGroupAntiAffinityFilter). */
  group?: ServerGroup;
}
