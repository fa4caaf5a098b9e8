// The output contract the report reads (DESIGN.md "Outputs"): which files exist and which columns each one has.
// Sweep outputs carry one extra column per varied parameter (named by its path), listed in manifest.json.

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
  columns: ['arm', 'metric', 'mean', 'ci95_low', 'ci95_high', 'n', 'diff_mean', 'diff_ci95_low', 'diff_ci95_high'],
  rule: 'exact',
  requiredForRun: true,
  requiredForSweep: true,
};

export const FLAVORS_CSV: CsvContract = {
  file: 'flavors.csv',
  columns: ['arm', 'replication', 'flavor', 'requests', 'placed', 'rejected', 'rejection_rate'],
  rule: 'exact',
  requiredForRun: true,
  requiredForSweep: false,
};

export const TIMESERIES_CSV: CsvContract = {
  file: 'timeseries.csv',
  columns: [
    'time_s', 'arm', 'replication', 'running_vms', 'down_vms', 'hosts_up', 'ram_used_mib', 'ram_free_mib',
    'largest_free_ram_mib', 'nova_visible_free_ram_mib', 'frag_index', 'stranded_ram_frac', 'imbalance',
    'pending_recoveries', 'cum_requests', 'cum_rejected',
  ],
  rule: 'exact',
  requiredForRun: true,
  requiredForSweep: false,
};

export const VMS_CSV: CsvContract = {
  file: 'vms.csv',
  columns: [
    'id', 'arm', 'replication', 'flavor', 'arrival_s', 'outcome', 'host', 'compute_node', 'attempts', 'downtime_s',
    'recoveries', 'data_lost',
  ],
  rule: 'exact',
  requiredForRun: false,
  requiredForSweep: false,
};

export const MANIFEST_JSON = 'manifest.json';
