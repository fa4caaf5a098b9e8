// Turns timeseries.csv (one row per sample, arm and replication) into at most MAX_BINS time bins per arm: each
// replication is averaged within a bin, then the bin's mean and 95 % CI are taken across replications. Keeps the
// page small for long horizons while the band still shows replication-to-replication spread.

import type { CsvTable } from './csv-table.js';
import { type MeanCi, meanCi } from './mean-ci.js';

export const MAX_BINS = 240;

export interface BinnedSeries {
  /** bin centre times in seconds, shared by all arms */
  timesS: readonly number[];
  /** arm -> per bin the mean and CI across replications (null where no replication has a value) */
  byArm: ReadonlyMap<string, readonly (MeanCi | null)[]>;
  /** arm -> the time-average over the horizon, mean and CI across replications */
  horizon: ReadonlyMap<string, MeanCi | null>;
}

export interface TimeseriesIndex {
  times: readonly number[];
  table: CsvTable;
  /** arm -> replication -> row numbers by time index (-1 where missing) */
  rows: ReadonlyMap<string, ReadonlyMap<string, Int32Array>>;
}

export function indexTimeseries(table: CsvTable): TimeseriesIndex {
  const [timeCol, armCol, repCol] = ['time_s', 'arm', 'replication'].map((c) => table.column(c));
  const timeOfRow = new Float64Array(table.length);
  const distinct = new Set<number>();
  for (let r = 0; r < table.length; r++) {
    timeOfRow[r] = table.num(r, timeCol);
    distinct.add(timeOfRow[r]);
  }
  const times = [...distinct].sort((a, b) => a - b);
  const position = new Map(times.map((t, i) => [t, i]));
  const rows = new Map<string, Map<string, Int32Array>>();
  for (let r = 0; r < table.length; r++) {
    const arm = table.str(r, armCol);
    const rep = table.str(r, repCol);
    if (!rows.has(arm)) rows.set(arm, new Map());
    const reps = rows.get(arm)!;
    if (!reps.has(rep)) reps.set(rep, new Int32Array(times.length).fill(-1));
    reps.get(rep)![position.get(timeOfRow[r])!] = r;
  }
  return { times, table, rows };
}

/** Bins one column; `scale` converts CSV units to shown units. */
export function binColumn(index: TimeseriesIndex, column: string, scale: number): BinnedSeries {
  const { times, table } = index;
  const col = table.column(column);
  const bins = Math.min(MAX_BINS, times.length);
  const binOf = (i: number) => Math.floor((i * bins) / times.length);
  const first = new Array<number>(bins).fill(Number.NaN);
  const last = new Array<number>(bins).fill(Number.NaN);
  times.forEach((t, i) => {
    const b = binOf(i);
    if (Number.isNaN(first[b])) first[b] = t;
    last[b] = t;
  });
  const timesS = first.map((t, b) => (t + last[b]) / 2);
  const byArm = new Map<string, (MeanCi | null)[]>();
  const horizon = new Map<string, MeanCi | null>();
  for (const [arm, reps] of index.rows) {
    const perBin: number[][] = Array.from({ length: bins }, () => []);
    const perRepAverage: number[] = [];
    for (const rowOfTime of reps.values()) {
      const sums = new Float64Array(bins);
      const counts = new Int32Array(bins);
      let total = 0;
      let count = 0;
      rowOfTime.forEach((r, i) => {
        if (r < 0) return;
        const v = table.numOrNull(r, col);
        if (v === null) return;
        sums[binOf(i)] += v * scale;
        counts[binOf(i)] += 1;
        total += v * scale;
        count += 1;
      });
      for (let b = 0; b < bins; b++) if (counts[b] > 0) perBin[b].push(sums[b] / counts[b]);
      if (count > 0) perRepAverage.push(total / count);
    }
    byArm.set(arm, perBin.map(meanCi));
    horizon.set(arm, meanCi(perRepAverage));
  }
  return { timesS, byArm, horizon };
}
