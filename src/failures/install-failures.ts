// Schedules the exogenous failure process of a run: per-host renewal processes, correlated group outages, a failure
// trace, and nova-compute service outages. Every process draws from its own exogenous stream, so every arm of a
// replication sees the same failures at the same times. A host is down while any outage covers it.

import { sampler, type DistributionSpec, type Sampler } from '../engine/distributions.js';
import { equilibriumExcess } from '../engine/equilibrium-excess.js';
import type { Rng } from '../engine/random-streams.js';
import { PRIORITY } from '../experiment/run-replication.js';
import type { RunContext } from '../experiment/run-context.js';
import { failHost, repairHost } from './fail-host.js';
import { NovaServiceLiveness } from './nova-service-liveness.js';
import { FAILURE_PRESETS } from './presets.js';

export function installFailures(context: RunContext): void {
  const failures = context.scenario.failures;
  if (!failures) return;
  const { sim, world, scenario } = context;
  const horizon = scenario.horizon;
  const hosts = world.hosts;
  const liveness = new NovaServiceLiveness(context.nodes, failures.reportInterval);

  // A libvirt nova-compute runs on its host and dies with it; a VCDriver node runs elsewhere.
  const kvmNodeOf = (hostId: number) => {
    const node = context.nodes[hosts[hostId].computeNode];
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

  const outages = new Int32Array(hosts.length);
  const outageStarts = (hostId: number) => {
    if (outages[hostId]++ === 0) failHost(context, hosts[hostId]);
  };
  const outageEnds = (hostId: number) => {
    if (--outages[hostId] === 0) repairHost(context, hosts[hostId]);
  };
  const at = (time: number, kind: number, a: number) => {
    if (time <= horizon) sim.at(time, kind, a);
  };
  // The first gap of a renewal process: from its start, or (equilibrium) from a random moment of a process that has
  // always run, i.e. the equilibrium excess of the gap. A decreasing-hazard gap started anew fails too often at first.
  const equilibrium = scenario.initialState === 'equilibrium';
  const firstGap = (spec: DistributionSpec): Sampler => (equilibrium ? equilibriumExcess(spec) : sampler(spec));

  // Per-host alternating renewal: up for a failure draw, down for a repair draw, from stream failures/host-<i>.
  const preset = failures.preset ? FAILURE_PRESETS[failures.preset] : undefined;
  const failureSpec = failures.hostFailure ?? preset?.hostFailure;
  const repairSpec = failures.repair ?? preset?.repair;
  if (failureSpec && repairSpec) {
    const timeToFailure = sampler(failureSpec);
    const repairTime = sampler(repairSpec);
    const streams: Rng[] = hosts.map((_, i) => context.exogenous(`failures/host-${i}`));
    const hostRepairKind = sim.defineEvent('host-repair', PRIORITY.repair, (i) => {
      outageEnds(i);
      at(sim.now + timeToFailure(streams[i]), hostFailureKind, i);
    });
    const hostFailureKind = sim.defineEvent('host-failure', PRIORITY.failure, (i) => {
      outageStarts(i);
      at(sim.now + positive(repairTime, streams[i]), hostRepairKind, i);
    });
    const firstFailure = firstGap(failureSpec);
    for (let i = 0; i < hosts.length; i++) at(firstFailure(streams[i]), hostFailureKind, i);
  }

  // Correlated outages: the whole group at once, from stream failures/group-<name>.
  const groups = failures.groups.map((g) => ({
    members: hosts.filter((h) => h.group === g.group).map((h) => h.id),
    failure: sampler(g.failure),
    firstFailure: firstGap(g.failure),
    repair: sampler(g.repair),
    rng: context.exogenous(`failures/group-${g.group}`),
  }));
  if (groups.length > 0) {
    const groupRepairKind = sim.defineEvent('group-repair', PRIORITY.repair, (g) => {
      const group = groups[g];
      for (const id of group.members) outageEnds(id);
      at(sim.now + group.failure(group.rng), groupFailureKind, g);
    });
    const groupFailureKind = sim.defineEvent('group-failure', PRIORITY.failure, (g) => {
      const group = groups[g];
      context.log('group_failed', '', failures.groups[g].group, `hosts=${group.members.length}`);
      context.metrics.groupOutages++;
      for (const id of group.members) outageStarts(id);
      at(sim.now + positive(group.repair, group.rng), groupRepairKind, g);
    });
    groups.forEach((group, g) => at(group.firstFailure(group.rng), groupFailureKind, g));
  }

  // The failure trace: rows fire in time order, one pending at a time.
  const trace = context.loaded.failureTrace;
  if (trace && trace.rows.length > 0) {
    const rows = trace.rows;
    const traceRepairKind = sim.defineEvent('trace-repair', PRIORITY.repair, (r) => {
      for (const id of rows[r].hosts) outageEnds(id);
    });
    const traceFailureKind = sim.defineEvent('trace-failure', PRIORITY.failure, (r) => {
      for (const id of rows[r].hosts) outageStarts(id);
      at(sim.now + rows[r].duration, traceRepairKind, r);
      if (r + 1 < rows.length) at(rows[r + 1].time, traceFailureKind, r + 1);
    });
    at(rows[0].time, traceFailureKind, 0);
  }

  // Management plane: a nova-compute service stops heartbeating while its hosts run on (stream per node name).
  const management = failures.managementPlane;
  if (management) {
    const failure = sampler(management.failure);
    const repair = sampler(management.repair);
    const nodes = context.nodes;
    const streams = nodes.map((node) => context.exogenous(`failures/service-${node.name}`));
    const serviceRepairKind = sim.defineEvent('service-repair', PRIORITY.repair, (n) => {
      liveness.revived(nodes[n]);
      context.log('service_repaired', '', nodes[n].name, '');
      at(sim.now + failure(streams[n]), serviceFailureKind, n);
    });
    const serviceFailureKind = sim.defineEvent('service-failure', PRIORITY.failure, (n) => {
      liveness.died(nodes[n], sim.now);
      context.log('service_failed', '', nodes[n].name, '');
      at(sim.now + positive(repair, streams[n]), serviceRepairKind, n);
    });
    const firstFailure = firstGap(management.failure);
    nodes.forEach((_, n) => at(firstFailure(streams[n]), serviceFailureKind, n));
  }
}

/** A repair draw; a zero-length outage would be a failure and repair at one instant, so it lasts at least 1 ms. */
function positive(draw: Sampler, rng: Rng): number {
  return Math.max(1e-3, draw(rng));
}
