// Correlated outages: a whole host group (a rack, a power domain) fails at once, from stream failures/group-<name>.

import { sampler } from '../engine/distributions.js';
import { PRIORITY } from '../kernel/priority.js';
import type { RunContext } from '../kernel/run-context.js';
import type { FailuresConfig } from './schema.js';
import { positive, type Outages } from './outages.js';

export function installGroupOutages(context: RunContext, outages: Outages, specs: FailuresConfig['groups']): void {
  const { sim, world } = context;
  const groups = specs.map((g) => ({
    members: world.hosts.filter((h) => h.group === g.group).map((h) => h.id),
    failure: sampler(g.failure),
    repair: sampler(g.repair),
    rng: context.exogenous(`failures/group-${g.group}`),
  }));
  if (groups.length === 0) return;
  const groupRepairKind = sim.defineEvent('group-repair', PRIORITY.repair, (g) => {
    const group = groups[g];
    for (const id of group.members) outages.ends(id);
    outages.at(sim.now + group.failure(group.rng), groupFailureKind, g);
  });
  const groupFailureKind = sim.defineEvent('group-failure', PRIORITY.failure, (g) => {
    const group = groups[g];
    context.log('group_failed', '', specs[g].group, `hosts=${group.members.length}`);
    for (const id of group.members) outages.starts(id);
    outages.at(sim.now + positive(group.repair, group.rng), groupRepairKind, g);
  });
  groups.forEach((group, g) => outages.at(group.failure(group.rng), groupFailureKind, g));
}
