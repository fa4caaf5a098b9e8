// One host's resident VM ids copied into a reusable typed array, for loops over a host's VMs that change no residency:
// a generator (World.residents) allocates a result object per VM it yields.

import type { PhysicalHost } from './physical-host.js';
import type { World } from './world.js';

export class ResidentIdList {
  /** The ids, in residence order, at 0 .. count − 1. */
  ids = new Int32Array(16);
  count = 0;

  /** Copies the host's resident ids (World.residentIdsInto); returns this. */
  of(world: World, host: PhysicalHost): this {
    const n = world.residentCount(host);
    if (n > this.ids.length) this.ids = new Int32Array(2 * n);
    this.count = world.residentIdsInto(host, this.ids);
    return this;
  }
}
