// Builds an arm's compute nodes from its platform: KVM hosts one node each, vCenter clusters one node per cluster,
// in fleet order (Nova's host-list order).

import type { PhysicalHost } from '../model/physical-host.js';
import type { ComputeNode } from '../nova/compute-node.js';
import { buildKvmNodes } from '../nova/kvm-platform.js';
import { buildVcenterNodes } from '../vsphere/vcenter-platform.js';
import type { VcenterPlatform } from '../vsphere/schema.js';
import type { Arm } from '../scenario/schema.js';
import type { RunContext } from '../kernel/run-context.js';

type GroupPlatform = 'kvm' | { vcenter: VcenterPlatform };

export function platformOfGroup(arm: Arm, group: string): GroupPlatform {
  const platform = arm.platform;
  if (platform === 'kvm') return 'kvm';
  if ('vcenter' in platform) return platform;
  return (platform.byGroup[group] ?? 'kvm') as GroupPlatform;
}

export function buildPlatform(context: RunContext): ComputeNode[] {
  const nodes: ComputeNode[] = [];
  const byGroup = new Map<string, PhysicalHost[]>();
  for (const host of context.world.hosts) {
    const list = byGroup.get(host.group) ?? [];
    list.push(host);
    byGroup.set(host.group, list);
  }
  for (const [group, hosts] of byGroup) {
    const platform = platformOfGroup(context.arm, group);
    if (platform === 'kvm') nodes.push(...buildKvmNodes(context.world, hosts, context.config, nodes.length));
    else nodes.push(...buildVcenterNodes(context, hosts, platform.vcenter, nodes.length));
  }
  return nodes;
}
