// One row of the benchmark (bench.csv), what one process measures, and how --repeat turns K processes of the same
// scenario into one row: the median of each numeric column, with the range of the limit ratio beside it.

import { median } from 'd3-array';

export interface BenchRow {
  scenario: string;
  hosts: number;
  style: string;
  fast_path: number;
  runs: number;
  events: number;
  wall_s: number;
  /** User + system CPU seconds of the runs (process.cpuUsage; the JIT's and GC's helper threads included): on a shared
   *  machine it moves less than wall_s. */
  cpu_s: number;
  /** Wall seconds of the first run alone (JIT warm-up included). */
  first_run_s: number;
  events_per_s: number;
  placements: number;
  placements_per_s: number;
  us_per_request: number;
  /** µs per Nova.build call (the placement: select, claim, spawn), sampled one call in 16 (bench/placement-timer.ts). */
  placement_us: number;
  rejection_rate: number;
  pending_events: number;
  peak_rss_mib: number;
  bare_events_per_s: number;
  limit_ratio: number;
  /** limit_ratio without the first run (runs 2..N: JIT warm, as in a long batch); NaN (an empty cell) with a single run. */
  warm_limit_ratio: number;
  /** The hold loop's events/s on a plain binary heap (the textbook event list), and events_per_s over it. */
  heap_events_per_s: number;
  heap_limit_ratio: number;
  /** 1-minute load average when the scenario started: other processes on the machine distort wall times. */
  load_avg_1m: number;
  /** Processes the row summarises (--repeat); each numeric column is the median over them. */
  repeats: number;
  /** Smallest and largest limit_ratio among those processes. */
  limit_ratio_min: number;
  limit_ratio_max: number;
}

export const COLUMNS: (keyof BenchRow)[] = ['scenario', 'hosts', 'style', 'fast_path', 'runs', 'events', 'wall_s', 'cpu_s', 'first_run_s',
  'events_per_s', 'placements', 'placements_per_s', 'us_per_request', 'placement_us', 'rejection_rate', 'pending_events',
  'peak_rss_mib', 'bare_events_per_s', 'limit_ratio', 'warm_limit_ratio', 'heap_events_per_s', 'heap_limit_ratio',
  'load_avg_1m', 'repeats', 'limit_ratio_min', 'limit_ratio_max'];
/** What one process measures: a row before --repeat summarises it. */
export type ChildRow = Omit<BenchRow, 'repeats' | 'limit_ratio_min' | 'limit_ratio_max'>;
/** Columns that must be equal in every repeat of a scenario: the simulation is deterministic. */
const DETERMINISTIC: (keyof ChildRow)[] = ['runs', 'events', 'placements', 'rejection_rate', 'pending_events'];


/**
 * One row for K processes of the same scenario: per-column medians (so the row's columns may come from different
 * processes). The deterministic columns must agree, since the simulation gives the same results in every process.
 */
export function summariseRepeats(rows: readonly ChildRow[]): BenchRow {
  if (rows.length === 0) throw new Error('bench: no rows to summarise');
  const first = rows[0];
  for (const row of rows) {
    for (const column of DETERMINISTIC) {
      if (row[column] !== first[column]) {
        throw new Error(
          `bench: ${first.scenario} gave ${column} ${String(first[column])} and ${String(row[column])} in two processes`);
      }
    }
  }
  const out: Record<string, unknown> = { ...first };
  for (const [column, value] of Object.entries(first)) {
    if (typeof value !== 'number' && value !== null) continue;
    // NaN arrives as null through the child's JSON line; d3's median skips it and gives undefined when all are.
    const m = median(rows, (r) => (r as unknown as Record<string, number | null>)[column]);
    // An even count averages the middle two: rounded to 6 decimals so float noise (0.1025000…01) stays out.
    out[column] = m === undefined ? NaN : Math.round(m * 1e6) / 1e6;
  }
  const ratios = rows.map((r) => r.limit_ratio);
  return {
    ...(out as ChildRow), repeats: rows.length, limit_ratio_min: Math.min(...ratios), limit_ratio_max: Math.max(...ratios),
  };
}
