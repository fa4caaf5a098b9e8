// One small JSON file per finished (point, arm, replication) under <dir>/runs/: written to a temporary name and
// renamed, so a killed sweep leaves only whole records (and stray temporary files that resume removes).

import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import type { RunResult } from './run-result.js';
import { formatNumber, type Cell } from '../output/csv-file.js';
import { removeStaleTempFiles, writeFileAtomically } from '../output/temp-file.js';
// Types only from sweep-plan.js: it loads the scenario parser and zod, which a pool thread (worker-task.ts) does not need.
import type { SweepUnit } from './sweep-plan.js';

export interface RunRecord {
  point: number;
  armIndex: number;
  arm: string;
  replication: number;
  seed: number;
  /** The point's scenario hash: a record from another scenario is never taken for this one. */
  scenarioHash: string;
  summary: Record<string, number>;
  flavors: RunResult['flavors'];
  /** Timeseries rows as values; empty when timeseriesCsv holds them. */
  timeseries: RunResult['timeseries'];
  /**
   * The unit's rows of the sweep's timeseries.csv (the point's parameter cells first) as CSV text without a header,
   * formatted by the thread that ran the unit, so the results writer only copies them.
   */
  timeseriesCsv?: string;
}

export const RUNS_DIR = 'runs';

export function unitKey(unit: SweepUnit): string {
  return `p${unit.point}-a${unit.armIndex}-r${unit.replication}`;
}

export function recordPath(dir: string, unit: SweepUnit): string {
  return join(dir, RUNS_DIR, `${unitKey(unit)}.json`);
}

/** JSON with NaN, ±Infinity and −0 kept (JSON alone turns the first into null and −0 into 0). */
export function encodeRecord(record: RunRecord): string {
  return JSON.stringify(record, (_key, value) =>
    typeof value === 'number' && (!Number.isFinite(value) || Object.is(value, -0))
      ? { $number: Object.is(value, -0) ? '-0' : String(value) }
      : value);
}

export function decodeRecord(text: string): RunRecord {
  return JSON.parse(text, (_key, value) =>
    value && typeof value === 'object' && !Array.isArray(value) && typeof value.$number === 'string' && Object.keys(value).length === 1
      ? Number(value.$number)
      : value) as RunRecord;
}

/** Writes a record atomically (temporary name in the same folder, then rename). */
export function writeRecord(path: string, record: RunRecord): void {
  writeFileAtomically(path, encodeRecord(record));
}

/** The record at `path` when it exists, is whole and belongs to `scenarioHash`; otherwise undefined. */
export function readRecord(path: string, scenarioHash?: string): RunRecord | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const record = decodeRecord(text);
    if (!isRecord(record)) return undefined;
    if (scenarioHash !== undefined && record.scenarioHash !== scenarioHash) return undefined;
    return record;
  } catch {
    return undefined;
  }
}

/** The shape of a record (a file edited or cut short by hand is not one). */
function isRecord(r: RunRecord | null): r is RunRecord {
  return r !== null && typeof r === 'object' && typeof r.arm === 'string' && Number.isInteger(r.replication) &&
    r.summary !== null && typeof r.summary === 'object' && Array.isArray(r.flavors) && Array.isArray(r.timeseries) &&
    (r.timeseriesCsv === undefined || typeof r.timeseriesCsv === 'string');
}

export function prepareRunsDir(dir: string, fresh: boolean): void {
  const runs = join(dir, RUNS_DIR);
  if (fresh) rmSync(runs, { recursive: true, force: true });
  mkdirSync(runs, { recursive: true });
  // Temporary files of runs that were in flight when a previous sweep was killed (not those of a live process
  // writing into the same folder, e.g. another shard run on this machine).
  removeStaleTempFiles(runs);
}

/** A run's record; with `timeseriesLead` (the point's parameter cells) its timeseries rows go in as CSV text. */
export function toRecord(result: RunResult, point: number, scenarioHash: string,
  timeseriesLead?: readonly Cell[]): RunRecord {
  const record: RunRecord = {
    point, armIndex: result.armIndex, arm: result.arm, replication: result.replication, seed: result.seed, scenarioHash,
    summary: result.summary, flavors: result.flavors, timeseries: result.timeseries,
  };
  if (timeseriesLead === undefined) return record;
  return { ...record, timeseries: [], timeseriesCsv: timeseriesCsv(timeseriesLead, result.timeseries) };
}

/** Rows of a sweep's timeseries.csv, each after the point's parameter cells, as CSV text (no header). */
export function timeseriesCsv(lead: readonly Cell[], rows: RunResult['timeseries']): string {
  const cells = lead.map((c) => (c === null || c === undefined ? '' : c));
  return stringify(rows.map((row) => [...cells, ...row]), { cast: { number: formatNumber } });
}
