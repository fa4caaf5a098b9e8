// An estimate of a run's size from the scenario alone — hosts, requests, samples, events — refused above fixed
// limits before anything is allocated or simulated, so a typo (ratePerHour: 1e7, sampleInterval: 1ms,
// replications: 1e9) is an error in a second instead of a run that never ends or runs out of memory.
// `--force` lifts the limits.

import { distributionMean } from '../engine/distributions.js';
import type { Problem } from './input-error.js';
import type { Scenario } from './schema.js';

/** A bound on expectedLiveVms per host: a sizing hint must not allocate for VMs an overloaded fleet would reject. */
const MAX_EXPECTED_VMS_PER_HOST = 64;

export const RUN_SIZE_LIMITS = {
  /** Hosts in the fleet (each holds its own state and indices). */
  hosts: 100_000,
  /** VM requests in one run (every VM keeps a record until the run ends). */
  requestsPerRun: 20_000_000,
  /** Timeseries samples in one run. */
  samplesPerRun: 1_000_000,
  /** Timeseries rows of all runs together (`capsim run` holds them in memory until it writes). */
  timeseriesRows: 5_000_000,
  /** Events of all runs together (about 2 per request plus 1 per sample): hours of CPU time. */
  events: 1_000_000_000,
} as const;

export interface RunSize {
  hosts: number;
  requestsPerRun: number;
  samplesPerRun: number;
  runs: number;
  timeseriesRows: number;
  events: number;
}

/** `traceRows`: rows of the request trace when the workload is a trace. */
export function estimateRunSize(scenario: Scenario, traceRows = 0): RunSize {
  const hosts = scenario.fleet.reduce((n, g) => n + g.count, 0);
  const workload = scenario.workload;
  const requestsPerRun = 'arrivals' in workload ? workload.arrivals.poisson.ratePerHour * scenario.horizon / 3600 : traceRows;
  const samplesPerRun = scenario.horizon / scenario.sampleInterval;
  const runs = scenario.arms.length * scenario.replications;
  return { hosts, requestsPerRun, samplesPerRun, runs, timeseriesRows: runs * samplesPerRun, events: runs * (2 * requestsPerRun + samplesPerRun) };
}

/**
 * How many VMs a run of a generated workload holds at once, by Little's law (arrival rate × mean lifetime; with an
 * empty start, no longer than the horizon), plus four standard deviations of the Poisson count, at most
 * MAX_EXPECTED_VMS_PER_HOST per host; 0 for a request trace. A sizing hint only: the run's structures grow past it.
 */
export function expectedLiveVms(scenario: Scenario): number {
  const workload = scenario.workload;
  if (!('arrivals' in workload)) return 0;
  const meanLifetime = distributionMean(workload.lifetime);
  const span = scenario.initialState === 'empty' ? Math.min(meanLifetime, scenario.horizon) : meanLifetime;
  const mean = (workload.arrivals.poisson.ratePerHour / 3600) * span;
  const hosts = scenario.fleet.reduce((n, g) => n + g.count, 0);
  return Math.ceil(Math.min(mean + 4 * Math.sqrt(mean), MAX_EXPECTED_VMS_PER_HOST * hosts));
}

/** Problems of a run above the limits, each on the field that drives it, with the limit and --force named. */
export function runSizeProblems(scenario: Scenario, file: string, traceRows = 0): Problem[] {
  const size = estimateRunSize(scenario, traceRows);
  const limits = RUN_SIZE_LIMITS;
  const problems: Problem[] = [];
  const add = (path: string, what: string, value: number, limit: number) => problems.push({
    source: file, path, message: `the run would have about ${round(value)} ${what}, above the limit of ${round(limit)} (pass --force to run it anyway)`,
  });
  const requestsPath = 'arrivals' in scenario.workload ? 'workload.arrivals.poisson.ratePerHour' : 'workload.trace';
  if (size.hosts > limits.hosts) add('fleet', 'hosts', size.hosts, limits.hosts);
  if (size.requestsPerRun > limits.requestsPerRun) add(requestsPath, 'requests per replication', size.requestsPerRun, limits.requestsPerRun);
  if (size.samplesPerRun > limits.samplesPerRun) add('sampleInterval', 'timeseries samples per replication (horizon / sampleInterval)', size.samplesPerRun, limits.samplesPerRun);
  else if (size.timeseriesRows > limits.timeseriesRows) add('sampleInterval', `timeseries rows over ${size.runs} runs`, size.timeseriesRows, limits.timeseriesRows);
  if (problems.length === 0 && size.events > limits.events) add('replications', `events over ${size.runs} runs (arms × replications)`, size.events, limits.events);
  return problems;
}

function round(x: number): string {
  return x >= 1e6 ? x.toExponential(2) : String(Math.round(x));
}
