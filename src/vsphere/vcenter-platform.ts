// Exposes groups of ESXi hosts as vSphere clusters, each one Nova compute node through VMwareVCDriver, and starts
// DRS on them. Hosts are cut into clusters of `clusterSize` in fleet order; a remainder forms a smaller last cluster.

import type { PhysicalHost } from '../model/physical-host.js';
import { ComputeNode } from '../nova/compute-node.js';
import type { RunContext } from '../kernel/run-context.js';
import { defaultPercentage } from './admission-control.js';
import { DrsBalancer } from './drs-balancer.js';
import { drsSchema, type AdmissionControl, type VcenterPlatform } from './schema.js';
import { VcDriver } from './vc-driver.js';
import { VcenterCluster, type ClusterAdmission } from './vcenter-cluster.js';

export function buildVcenterNodes(
  context: RunContext,
  hosts: readonly PhysicalHost[],
  platform: VcenterPlatform,
  firstId: number,
): ComputeNode[] {
  const reporting = platform.reporting ?? context.config.vcdriverReporting;
  const recovery = context.arm.recovery;
  const ha = typeof recovery === 'object' && 'vsphereHa' in recovery ? recovery.vsphereHa : undefined;
  const clusters: VcenterCluster[] = [];
  for (let start = 0; start < hosts.length; start += platform.clusterSize) {
    const members = hosts.slice(start, start + platform.clusterSize);
    for (const host of members) {
      host.capRamMiB = platform.memoryOvercommit === undefined ? Infinity : host.ramMiB * platform.memoryOvercommit;
      host.capVcpus = host.cpus * platform.cpuOvercommit;
      // VMs live on the cluster's shared datastore, not on a host's local disk.
      host.capDiskGiB = Infinity;
      // ESXi admits a power-on against unreserved memory and CPU (vSphere Resource Management, "Admission Control").
      host.reservableRamMiB = host.ramMiB;
      host.reservableMhz = host.cpus * host.coreMhz;
      host.overheadBaseMiB = platform.memoryOverhead.baseMiB;
      host.overheadPerVcpuMiB = platform.memoryOverhead.perVcpuMiB;
      host.overheadPerGiBMiB = platform.memoryOverhead.perGiBMiB;
    }
    const name = `${members[0].group}-vc${clusters.length}`;
    const admission = resolveAdmission(ha ? (ha.admissionControl ?? 'default') : 'none', members.length);
    const cluster = new VcenterCluster(name, members, reporting, admission, context.world);
    holdBackFailoverCapacity(cluster);
    clusters.push(cluster);
  }
  const drsConfig = context.arm.drs ?? drsSchema.parse({});
  for (const cluster of clusters) {
    cluster.cpuDemandShare = drsConfig.cpuDemandShare;
    cluster.memDemandShare = drsConfig.memDemandShare;
  }
  const drs = new DrsBalancer(context, clusters, drsConfig);
  return clusters.map((cluster, i) => {
    const first = cluster.hosts[0];
    const node = new ComputeNode(firstId + i, cluster.name, 'vmware', first.az, cluster.hosts,
      new VcDriver(context.world, cluster, drs));
    cluster.node = node;
    for (const host of cluster.hosts) host.computeNode = node.id;
    cluster.refreshReporting();
    return node;
  });
}

/** Admission control of one cluster; the default is the percentage policy at one host's share. */
export function resolveAdmission(admission: AdmissionControl | 'default', hostCount: number): ClusterAdmission {
  if (admission === 'none') return { kind: 'none' };
  if (admission === 'default') return { kind: 'percentage', percent: defaultPercentage(hostCount) };
  if ('percentage' in admission) return { kind: 'percentage', percent: admission.percentage };
  if ('slot' in admission) return { kind: 'slot', tolerate: admission.slot.hostFailuresToTolerate };
  return { kind: 'failoverHosts', count: admission.failoverHosts };
}

/**
 * Marks on each host the memory HA admission control holds back for failover, for the capacity metrics (vSphere
 * Availability, "Admission Control"): percentage policy, that percentage of the host's memory (rounded up to a MiB);
 * slot policy, the share of cluster memory on the `tolerate` largest hosts (the failover slots when slots are
 * uniform); dedicated failover hosts, the whole host.
 */
function holdBackFailoverCapacity(cluster: VcenterCluster): void {
  const admission = cluster.admission;
  const hosts = cluster.hosts;
  let share = 0;
  if (admission.kind === 'percentage') share = admission.percent / 100;
  if (admission.kind === 'slot') {
    const sizes = hosts.map((h) => h.ramMiB).sort((a, b) => b - a);
    const total = sizes.reduce((s, r) => s + r, 0);
    const held = sizes.slice(0, admission.tolerate).reduce((s, r) => s + r, 0);
    share = total > 0 ? Math.min(1, held / total) : 0;
  }
  hosts.forEach((host, i) => {
    host.policyReserveRamMiB = Math.ceil(host.ramMiB * share);
    host.withheld = cluster.failover[i] === 1;
  });
}

/** The vSphere clusters behind a run's compute nodes, in node order. */
export function vcenterClusters(nodes: readonly ComputeNode[]): { cluster: VcenterCluster; drs: DrsBalancer }[] {
  const found: { cluster: VcenterCluster; drs: DrsBalancer }[] = [];
  for (const node of nodes) {
    if (node.driver instanceof VcDriver) found.push({ cluster: node.driver.cluster, drs: node.driver.drs });
  }
  return found;
}
