// Rare events as strata: how many replications saw each kind of failure event the scenario configures. A rare event
// (a rack outage every 60 days) may occur in none of a few 30-day replications, and then the results say nothing
// about it; capsim warns, and comparison.csv adds rows conditional on a group outage when both strata occur.

import type { Scenario } from '../scenario/schema.js';
import type { RunResult } from './run-result.js';

export interface EventClass {
  /** The summary.csv column counting the event per replication. */
  metric: string;
  configured: boolean;
  /** Replications (of the baseline arm: failures are exogenous, the same in every arm) with at least one. */
  replicationsWithEvent: number;
}

export interface EventStrata {
  replications: number;
  classes: EventClass[];
}

export function eventStrata(scenario: Scenario, results: readonly RunResult[]): EventStrata {
  const baseline = results.filter((r) => r.armIndex === 0);
  const failures = scenario.failures;
  const classes = [
    { metric: 'host_failures', configured: failures !== undefined &&
      (failures.preset !== undefined || failures.hostFailure !== undefined || failures.trace !== undefined ||
        failures.groups.length > 0) },
    { metric: 'group_outages', configured: (failures?.groups.length ?? 0) > 0 },
    { metric: 'host_repairs', configured: failures !== undefined &&
      (failures.preset !== undefined || failures.hostFailure !== undefined || failures.groups.length > 0) },
  ];
  return {
    replications: baseline.length,
    classes: classes.map((c) => ({ ...c,
      replicationsWithEvent: baseline.filter((r) => (r.summary[c.metric] ?? 0) > 0).length })),
  };
}

/** One warning per configured event class that no replication saw. */
export function strataWarnings(strata: EventStrata): string[] {
  return strata.classes.filter((c) => c.configured && c.replicationsWithEvent === 0)
    .map((c) => `warning: the scenario configures ${c.metric.replace(/_/g, ' ')} but none occurred in ` +
      `${strata.replications} replications; the results say nothing about them (longer horizon or more replications)`);
}
