// Options of a run that are not part of the scenario (CLI flags).

export interface RunOptions {
  /** Keep one row per VM (vms.csv). */
  vmLog: boolean;
  /** Keep the decision trace (events.csv). */
  eventLog: boolean;
  /** Keep timeseries rows (timeseries.csv). */
  timeseries: boolean;
}

export const DEFAULT_RUN_OPTIONS: RunOptions = { vmLog: false, eventLog: false, timeseries: true };
