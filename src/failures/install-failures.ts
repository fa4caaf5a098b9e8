// Installs the exogenous failure processes of a run (one per file: host renewal, group outages, a failure trace,
// management-plane outages) and keeps Nova's view of nova-compute liveness in step with hosts. Every process draws
// from its own exogenous stream, so every arm of a replication sees the same failures at the same times. A host is
// down while any outage covers it (outages.ts).

import type { RunContext } from '../kernel/run-context.js';
import { GuestStart } from '../nova/guest-start.js';
import { installGroupOutages } from './group-outage-process.js';
import { installHostRenewal } from './host-renewal-process.js';
import { installManagementPlaneOutages } from './management-plane-process.js';
import { NovaServiceLiveness } from './nova-service-liveness.js';
import { Outages } from './outages.js';
import { FAILURE_PRESETS } from './presets.js';
import { installTraceOutages } from './trace-outage-process.js';

export function installFailures(context: RunContext): void {
  const failures = context.scenario.failures;
  if (!failures) return;
  const { sim, world } = context;
  const liveness = new NovaServiceLiveness(context.nodes, failures.reportInterval);

  // A libvirt nova-compute runs on its host and dies with it; a VCDriver node runs elsewhere.
  const kvmNodeOf = (hostId: number) => {
    const node = context.nodes[world.hosts[hostId].computeNode];
    return node && node.hypervisor === 'kvm' ? node : undefined;
  };
  context.hooks.hostFailed.push((host) => {
    const node = kvmNodeOf(host.id);
    if (node) liveness.died(node, sim.now);
  });
  context.hooks.hostRepaired.push((host) => {
    const node = kvmNodeOf(host.id);
    if (node) liveness.revived(node);
  });
  // An isolated KVM host's nova-compute cannot reach the message bus: Nova sees the service down (no new builds
  // there) while the guests run on. No recovery policy hears of it: Masakari notifies only when IPMI confirms power
  // off, and a manual operator sees the guests running.
  (context.hooks.hostIsolated ??= []).push((host) => {
    const node = kvmNodeOf(host.id);
    if (node) liveness.died(node, sim.now);
  });
  (context.hooks.hostReconnected ??= []).push((host) => {
    const node = kvmNodeOf(host.id);
    if (node) liveness.revived(node);
  });

  const outages = new Outages(context, new GuestStart(context));
  const preset = failures.preset ? FAILURE_PRESETS[failures.preset] : undefined;
  const failureSpec = failures.hostFailure ?? preset?.hostFailure;
  const repairSpec = failures.repair ?? preset?.repair;
  if (failureSpec && repairSpec) installHostRenewal(context, outages, failureSpec, repairSpec);
  installGroupOutages(context, outages, failures.groups);
  const trace = context.loaded.failureTrace;
  if (trace) installTraceOutages(context, outages, trace);
  if (failures.managementPlane) installManagementPlaneOutages(context, outages, liveness, failures.managementPlane);
}
