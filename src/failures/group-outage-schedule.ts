// The group outages of a run, drawn before it starts: the process is exogenous (no simulated state changes when a
// rack fails next), so its whole schedule over [0, horizon] can be drawn from the group's stream in the order the
// running process would draw it (first gap, repair, gap, repair, ...). Stratified replications (stratify.groupOutages)
// condition the schedule on its outage count by rejection: whole schedules are redrawn from fresh streams until the
// count falls in the replication's stratum, which yields exactly the conditional law whatever the distributions.

import { sampler, type DistributionSpec } from '../engine/distributions.js';
import { equilibriumExcess } from '../engine/equilibrium-excess.js';
import type { Rng } from '../engine/random-streams.js';
import { positive } from './positive-duration.js';

export interface GroupOutageSpec {
  group: string;
  failure: DistributionSpec;
  repair: DistributionSpec;
}

/** One group's outages that start within the horizon, in time order. */
export interface GroupSchedule {
  startS: number[];
  durationS: number[];
}

/** Outage counts a stratum admits: min..max (max = Infinity for the last stratum, "at least min"). */
export interface CountRange {
  min: number;
  max: number;
}

/** Rejection sampling gives up after this many schedules (a stratum this unlikely is refused at load, strata.ts). */
export const MAX_SCHEDULE_ATTEMPTS = 1_000_000;

/** Draws one group's schedule from `rng`: the first gap (an equilibrium excess when the run starts in steady state),
 *  then alternately a repair and the next gap, measured from the end of the repair. */
export function drawGroupSchedule(spec: GroupOutageSpec, equilibrium: boolean, horizonS: number, rng: Rng): GroupSchedule {
  const first = equilibrium ? equilibriumExcess(spec.failure) : sampler(spec.failure);
  const gap = sampler(spec.failure), repair = sampler(spec.repair);
  const schedule: GroupSchedule = { startS: [], durationS: [] };
  let t = first(rng);
  while (t <= horizonS) {
    const d = positive(repair, rng);
    schedule.startS.push(t);
    schedule.durationS.push(d);
    // The running process draws the next gap only when the repair ends within the horizon.
    if (t + d > horizonS) break;
    t = t + d + gap(rng);
  }
  return schedule;
}

/** The name of group `group`'s stream for rejection attempt `attempt` (attempt 0: the unconditioned stream). */
export function scheduleStreamName(group: string, attempt: number): string {
  return attempt === 0 ? `failures/group-${group}` : `failures/group-${group}/stratum-attempt-${attempt}`;
}

/**
 * Every group's schedule, conditioned on the total outage count lying in `range` (none: unconditioned, one draw).
 * `stream(name)` gives the replication's exogenous stream of that name, so every arm gets the same schedules.
 */
export function groupOutageSchedules(specs: readonly GroupOutageSpec[], equilibrium: boolean, horizonS: number,
  stream: (name: string) => Rng, range?: CountRange): GroupSchedule[] {
  for (let attempt = 0; attempt < MAX_SCHEDULE_ATTEMPTS; attempt++) {
    const schedules = specs.map((g) => drawGroupSchedule(g, equilibrium, horizonS, stream(scheduleStreamName(g.group, attempt))));
    const count = schedules.reduce((s, g) => s + g.startS.length, 0);
    if (!range || (count >= range.min && count <= range.max)) return schedules;
  }
  throw new Error(`no group outage schedule with ${range!.min}..${range!.max} outages in ${MAX_SCHEDULE_ATTEMPTS} draws`);
}
