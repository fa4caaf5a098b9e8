// Exposes groups of ESXi hosts as vSphere clusters, each one Nova compute node through VMwareVCDriver.

import type { PhysicalHost } from '../model/physical-host.js';
import type { ComputeNode } from '../nova/compute-node.js';
import type { RunContext } from '../experiment/run-context.js';
import type { VcenterPlatform } from './schema.js';

export function buildVcenterNodes(
  _context: RunContext,
  _hosts: readonly PhysicalHost[],
  _platform: VcenterPlatform,
  _firstId: number,
): ComputeNode[] {
  throw new Error('the vcenter platform is not built yet (issue 5)');
}
