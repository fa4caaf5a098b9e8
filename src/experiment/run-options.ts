// Options of a run that are not part of the scenario (CLI flags).

export interface RunOptions {
  /** Keep one row per VM (vms.csv). */
  vmLog: boolean;
  /** With vmLog: write the rows to a temporary file in this folder as the run goes (RunResult.vmLogFile) instead
   *  of returning them. */
  vmLogDir?: string;
  /** Keep the decision trace (events.csv). */
  eventLog: boolean;
  /** With eventLog: write the rows to a temporary file in this folder as the run goes (RunResult.eventLogFile). */
  eventLogDir?: string;
  /** Keep timeseries rows (timeseries.csv). */
  timeseries: boolean;
  /** With timeseries: write the rows to a temporary file in this folder as the run goes (RunResult.timeseriesFile),
   *  so the thread that ran the replication also formats its rows. */
  timeseriesDir?: string;
  /** Let the scheduler use its indexed fast path where the configuration allows (same choices; false = reference only). */
  fastPath?: boolean;
  /**
   * Keep a placed VM as its record only until someone needs its Vm object (World.keepAsRecord), and build the
   * next arrival in the object no one holds any more; false keeps every object and allocates one per arrival. The
   * results are the same either way; undefined means true.
   */
  keepRecordsOnly?: boolean;
  /** Absolute paths of the `--plugin` files the scenario's names need: every worker thread loads them first. */
  plugins?: readonly string[];
}

export const DEFAULT_RUN_OPTIONS: RunOptions = { vmLog: false, eventLog: false, timeseries: true, fastPath: true };
