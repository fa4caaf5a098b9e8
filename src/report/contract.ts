// The output contract the report reads (docs/outputs.md): which files exist and which columns each one has.
// Sweep outputs carry one extra column per varied parameter (named by its path), listed in manifest.json.
// Column lists come from the modules that write the files, so the report and the simulator cannot drift apart.

import { COMPARISON_COLUMNS } from '../metrics/comparison.js';
import { TIMESERIES_COLUMNS } from '../metrics/run-metrics.js';
import { FLAVOR_COLUMNS } from '../output/write-results.js';
import { VM_COLUMNS } from '../experiment/run-result.js';

/** How strictly a file's header is checked against its columns. */
export type HeaderRule =
  /** exactly these columns (plus the sweep parameter columns), in any order */
  | 'exact'
  /** at least these columns; more are allowed (summary.csv grows metric columns as users need them) */
  | 'at-least';

export interface CsvContract {
  file: string;
  columns: readonly string[];
  rule: HeaderRule;
  /** required for a single run; sweeps need only summary.csv and comparison.csv */
  requiredForRun: boolean;
  requiredForSweep: boolean;
}

export const SUMMARY_CSV: CsvContract = {
  file: 'summary.csv',
  columns: ['arm', 'replication'],
  rule: 'at-least',
  requiredForRun: true,
  requiredForSweep: true,
};

export const COMPARISON_CSV: CsvContract = {
  file: 'comparison.csv',
  columns: COMPARISON_COLUMNS,
  rule: 'exact',
  requiredForRun: true,
  requiredForSweep: true,
};

export const FLAVORS_CSV: CsvContract = {
  file: 'flavors.csv',
  columns: FLAVOR_COLUMNS,
  rule: 'exact',
  requiredForRun: true,
  requiredForSweep: false,
};

export const TIMESERIES_CSV: CsvContract = {
  file: 'timeseries.csv',
  columns: TIMESERIES_COLUMNS,
  rule: 'exact',
  requiredForRun: true,
  requiredForSweep: false,
};

export const VMS_CSV: CsvContract = {
  file: 'vms.csv',
  columns: VM_COLUMNS,
  rule: 'exact',
  requiredForRun: false,
  requiredForSweep: false,
};

export const MANIFEST_JSON = 'manifest.json';
