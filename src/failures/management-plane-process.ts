// Management-plane outages: a nova-compute service stops heartbeating while its hosts run on, from a stream per node
// name (failures/service-<node>).

import { firstGap } from './first-gap.js';
import { sampler } from '../engine/distributions.js';
import { PRIORITY } from '../kernel/priority.js';
import type { RunContext } from '../kernel/run-context.js';
import type { NovaServiceLiveness } from './nova-service-liveness.js';
import type { Outages } from './outages.js';
import { positive } from './positive-duration.js';
import type { FailuresConfig } from './schema.js';

export function installManagementPlaneOutages(context: RunContext, outages: Outages, liveness: NovaServiceLiveness,
  management: NonNullable<FailuresConfig['managementPlane']>): void {
  const { sim } = context;
  const failure = sampler(management.failure);
  const repair = sampler(management.repair);
  const nodes = context.nodes;
  const streams = nodes.map((node) => context.exogenous(`failures/service-${node.name}`));
  const serviceRepairKind = sim.defineEvent('service-repair', PRIORITY.repair, (n) => {
    liveness.revived(nodes[n]);
    context.log('service_repaired', '', nodes[n].name, '');
    outages.at(sim.now + failure(streams[n]), serviceFailureKind, n);
  });
  const serviceFailureKind = sim.defineEvent('service-failure', PRIORITY.failure, (n) => {
    liveness.died(nodes[n], sim.now);
    context.log('service_failed', '', nodes[n].name, '');
    outages.at(sim.now + positive(repair, streams[n]), serviceRepairKind, n);
  });
  const firstFailure = firstGap(context, management.failure);
  nodes.forEach((_, n) => outages.at(firstFailure(streams[n]), serviceFailureKind, n));
}
