// What one run returns: plain data, so it can cross a worker-thread boundary and be written in a fixed order.

import type { WarmupSeriesData } from '../metrics/run-metrics.js';

export interface RunResult {
  arm: string;
  armIndex: number;
  replication: number;
  seed: number;
  /** The replication's stratum (stratify.groupOutages), the same in every arm. */
  stratum?: number;
  summary: Record<string, number>;
  flavors: { flavor: string; requests: number; placed: number }[];
  timeseries: (string | number)[][];
  /** With RunOptions.timeseriesDir: the temporary file holding this run's timeseries.csv rows; timeseries is then empty. */
  timeseriesFile?: string;
  vms: (string | number)[][];
  /** With RunOptions.vmLogDir: the temporary file holding this run's vms.csv rows (no header); vms is then empty. */
  vmLogFile?: string;
  events: (string | number)[][];
  /** With RunOptions.eventLogDir: the temporary file holding this run's events.csv rows; events is then empty. */
  eventLogFile?: string;
  eventsProcessed: number;
  /** Running VMs and RAM utilisation at every sample from t = 0, for the warm-up diagnostic. */
  warmupSeries?: WarmupSeriesData;
}

export const VM_COLUMNS = [
  'id', 'arm', 'replication', 'flavor', 'arrival_s', 'outcome', 'host', 'compute_node', 'attempts', 'downtime_s',
  'recoveries', 'data_lost',
] as const;

export const EVENT_COLUMNS = ['time_s', 'arm', 'replication', 'event', 'vm', 'host', 'detail'] as const;
