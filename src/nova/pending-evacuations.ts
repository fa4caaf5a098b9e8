// The VMs a Nova evacuation policy (manual or Masakari) still means to bring back: added when their host fails,
// dropped when rebuilt, when they depart, or when their host is repaired first (then guest start owns them).

import type { PhysicalHost } from '../model/physical-host.js';
import type { World } from '../model/world.js';

export class PendingEvacuations {
  private readonly ids = new Set<number>();
  constructor(private readonly world: World) {}

  /** The failed host's VMs that are down now. */
  addDownResidents(host: PhysicalHost): void {
    for (const id of this.world.residents(host)) if (this.world.vms.get(id)?.state === 'down') this.ids.add(id);
  }

  /** The repaired host's VMs run again, or wait for an operator (nova/guest-start.ts): no longer this policy's. */
  releaseHost(host: PhysicalHost): void {
    for (const id of this.world.residents(host)) this.ids.delete(id);
  }

  has(id: number): boolean {
    return this.ids.has(id);
  }

  delete(id: number): void {
    this.ids.delete(id);
  }

  get size(): number {
    return this.ids.size;
  }
}
