// Standby ("reserved") hosts for evacuation, taken from the fleet: their nova-compute service is disabled so the
// scheduler never builds there, and they wait empty for a recovery to use them.

import type { RunContext } from '../kernel/run-context.js';
import type { ComputeNode } from './compute-node.js';

/** A count takes the last N libvirt hosts in fleet order; names take those hosts. Returned in fleet order. */
export function takeReservedHosts(context: RunContext, spec: number | string[] | undefined): ComputeNode[] {
  if (spec === undefined) return [];
  const kvm = context.world.hosts
    .map((host) => context.nodes[host.computeNode])
    .filter((node): node is ComputeNode => node !== undefined && node.hypervisor === 'kvm');
  const chosen = typeof spec === 'number'
    ? kvm.slice(Math.max(0, kvm.length - spec))
    : kvm.filter((node) => spec.includes(node.hosts[0].name));
  for (const node of chosen) node.serviceDisabled = true;
  return chosen;
}
