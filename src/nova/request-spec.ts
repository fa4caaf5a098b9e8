// What the scheduler is asked to place: a flavor's resources plus constraints.

import type { Hypervisor } from './compute-node.js';

export interface RequestSpec {
  vcpus: number;
  ramMiB: number;
  diskGiB: number;
  /** Requested availability zone, if any. */
  az?: string;
  /** Hypervisor the image requires (ImagePropertiesFilter), if any. */
  hypervisor?: Hypervisor;
}
