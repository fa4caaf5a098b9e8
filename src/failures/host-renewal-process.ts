// Per-host alternating renewal: each host is up for a failure draw, then down for a repair draw, from its own
// exogenous stream failures/host-<i>.

import { sampler, type DistributionSpec } from '../engine/distributions.js';
import type { Rng } from '../engine/random-streams.js';
import { PRIORITY } from '../kernel/priority.js';
import type { RunContext } from '../kernel/run-context.js';
import { positive, type Outages } from './outages.js';

export function installHostRenewal(context: RunContext, outages: Outages, failureSpec: DistributionSpec,
  repairSpec: DistributionSpec): void {
  const { sim, world } = context;
  const hosts = world.hosts;
  const timeToFailure = sampler(failureSpec);
  const repairTime = sampler(repairSpec);
  const streams: Rng[] = hosts.map((_, i) => context.exogenous(`failures/host-${i}`));
  const hostRepairKind = sim.defineEvent('host-repair', PRIORITY.repair, (i) => {
    outages.ends(i);
    outages.at(sim.now + timeToFailure(streams[i]), hostFailureKind, i);
  });
  const hostFailureKind = sim.defineEvent('host-failure', PRIORITY.failure, (i) => {
    outages.starts(i);
    outages.at(sim.now + positive(repairTime, streams[i]), hostRepairKind, i);
  });
  for (let i = 0; i < hosts.length; i++) outages.at(timeToFailure(streams[i]), hostFailureKind, i);
}
