// Correlated outages: a whole host group (a rack, a power domain) fails at once. The schedule is drawn before the run
// from stream failures/group-<name> (group-outage-schedule.ts) — conditioned on the replication's stratum when the
// scenario stratifies on group outages — and replayed here.

import { PRIORITY } from '../kernel/priority.js';
import type { RunContext } from '../kernel/run-context.js';
import type { FailuresConfig } from './schema.js';
import type { Outages } from './outages.js';
import { groupOutageSchedules } from './group-outage-schedule.js';
import { replicationStratum, stratumRange } from './group-outage-strata.js';

export function installGroupOutages(context: RunContext, outages: Outages, specs: FailuresConfig['groups']): void {
  if (specs.length === 0) return;
  const { sim, world, scenario } = context;
  const allocation = scenario.stratify?.groupOutages.allocation;
  const range = allocation ? stratumRange(replicationStratum(allocation, context.replication), allocation.length) : undefined;
  const schedules = groupOutageSchedules(specs, scenario.initialState === 'equilibrium', scenario.horizon,
    (name) => context.exogenous(name), range);
  // Each group's hosts in fleet order, from one pass over the fleet (not one per group: 250 racks of 40 hosts).
  const ofGroup = new Map<string, number[]>(specs.map((g) => [g.group, []]));
  for (const host of world.hosts) ofGroup.get(host.group)?.push(host.id);
  const members = specs.map((g) => ofGroup.get(g.group) as number[]);
  // Each outage is put in the queue when the previous one of its group ends, as a running renewal process would.
  const groupRepairKind = sim.defineEvent('group-repair', PRIORITY.repair, (g, i) => {
    for (const id of members[g]) outages.ends(id);
    if (i + 1 < schedules[g].startS.length) outages.at(schedules[g].startS[i + 1], groupFailureKind, g, i + 1);
  });
  const groupFailureKind = sim.defineEvent('group-failure', PRIORITY.failure, (g, i) => {
    context.log('group_failed', '', specs[g].group, `hosts=${members[g].length}`);
    context.metrics.groupOutages++;
    for (const id of members[g]) outages.starts(id);
    outages.at(sim.now + schedules[g].durationS[i], groupRepairKind, g, i);
  });
  schedules.forEach((s, g) => {
    if (s.startS.length > 0) outages.at(s.startS[0], groupFailureKind, g, 0);
  });
}
