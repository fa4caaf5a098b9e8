// Per-host alternating renewal: each host is up for a failure draw, then down for a repair draw, from its own
// exogenous stream failures/host-<i>. With failures.isolationShare, each failure is instead a management-network
// isolation (host and VMs run on) with that probability, drawn from failures/isolation-<i>.

import { firstGap } from './first-gap.js';
import { sampler, type DistributionSpec } from '../engine/distributions.js';
import { uniform, type Rng } from '../engine/random-streams.js';
import { PRIORITY } from '../kernel/priority.js';
import type { RunContext } from '../kernel/run-context.js';
import type { Outages } from './outages.js';
import { positive } from './positive-duration.js';

export function installHostRenewal(context: RunContext, outages: Outages, failureSpec: DistributionSpec,
  repairSpec: DistributionSpec): void {
  const { sim, world } = context;
  const hosts = world.hosts;
  const timeToFailure = sampler(failureSpec);
  const repairTime = sampler(repairSpec);
  const streams: Rng[] = hosts.map((_, i) => context.exogenous(`failures/host-${i}`));
  const isolationShare = context.scenario.failures?.isolationShare ?? 0;
  const isolationStreams = isolationShare > 0 ? hosts.map((_, i) => context.exogenous(`failures/isolation-${i}`)) : [];
  const hostRepairKind = sim.defineEvent('host-repair', PRIORITY.repair, (i, isolated) => {
    if (isolated === 1) outages.isolationEnds(i);
    else outages.ends(i);
    outages.at(sim.now + timeToFailure(streams[i]), hostFailureKind, i);
  });
  const hostFailureKind = sim.defineEvent('host-failure', PRIORITY.failure, (i) => {
    const isolated = isolationShare > 0 && uniform(isolationStreams[i]) < isolationShare;
    if (isolated) outages.isolationStarts(i);
    else outages.starts(i);
    outages.at(sim.now + positive(repairTime, streams[i]), hostRepairKind, i, isolated ? 1 : 0);
  });
  const firstFailure = firstGap(context, failureSpec);
  for (let i = 0; i < hosts.length; i++) outages.at(firstFailure(streams[i]), hostFailureKind, i);
}
