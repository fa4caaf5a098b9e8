// The VMs a Nova evacuation policy (manual or Masakari) still means to bring back: added when their host fails,
// dropped when rebuilt, when they depart, or when their host is repaired first (then guest start owns them).

import type { PhysicalHost } from '../model/physical-host.js';
import { ResidentIdList } from '../model/resident-id-list.js';
import { IdMap } from './id-map.js';
import type { World } from '../model/world.js';

export class PendingEvacuations {
  private readonly ids = new IdMap();
  /** The ids of the host being failed or repaired (neither loop changes residency). */
  private readonly residents = new ResidentIdList();
  constructor(private readonly world: World) {}

  /** The failed host's VMs that are down now. */
  addDownResidents(host: PhysicalHost): void {
    const { ids, count } = this.residents.of(this.world, host);
    for (let i = 0; i < count; i++) if (this.world.vms.get(ids[i])?.state === 'down') this.ids.set(ids[i], 0);
  }

  /** The repaired host's VMs run again, or wait for an operator (nova/guest-start.ts): no longer this policy's. */
  releaseHost(host: PhysicalHost): void {
    const { ids, count } = this.residents.of(this.world, host);
    for (let i = 0; i < count; i++) this.ids.delete(ids[i]);
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
