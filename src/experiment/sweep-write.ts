// Writes a sweep's results folder from its run records, point by point (memory stays one point's worth):
// summary.csv, comparison.csv, flavors.csv, timeseries.csv with one leading column per varied parameter, and
// manifest.json. `capsim sweep` and `capsim merge` both call this, so a merged sweep has the same bytes.

import { closeSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { comparisonRows, COMPARISON_COLUMNS } from '../metrics/comparison.js';
import { replicationStratum } from '../failures/group-outage-strata.js';
import { STRATUM_COLUMNS, stratumCells } from './stratum-design.js';
import { TIMESERIES_COLUMNS } from '../metrics/run-metrics.js';
import { appendFiles, CsvFile, type Cell } from '../output/csv-file.js';
import { FLAVOR_COLUMNS, SUMMARY_KEY_COLUMNS } from '../output/write-results.js';
import { CAPSIM_VERSION } from '../output/version.js';
import { removeUnwrittenOutputs } from '../output/output-dir.js';
import { createTempFile, discardTempFile, writeFileAtomically, type TempFile } from '../output/temp-file.js';
import { cellValue } from './sweep-axes.js';
import { InputError } from '../scenario/input-error.js';
import type { PlanFile, SweepUnit } from './sweep-plan.js';
import { readRecord, recordPath, timeseriesCsv, type RunRecord } from './sweep-records.js';

export interface SweepWriteOptions {
  commandLine: string[];
  wallTimeSeconds: number;
  /** Number of shards the runs came from (1 for a one-machine sweep). */
  shards: number;
  /** More manifest.json fields (the plug-ins loaded). */
  manifestExtra?: Record<string, unknown>;
}

export const SWEEP_FILES = ['summary.csv', 'comparison.csv', 'flavors.csv', 'timeseries.csv'] as const;

/** Folders to look in for a unit's record, most likely first. */
export type Locate = (unit: SweepUnit) => readonly string[];

/** Reads the records of one point (arms × replications), each from the first folder that has it. */
export function pointRecords(plan: PlanFile, point: number, replications: number, locate: Locate): RunRecord[] {
  const records: RunRecord[] = [];
  const hash = plan.points[point].scenarioHash;
  for (let armIndex = 0; armIndex < plan.arms.length; armIndex++) {
    for (let replication = 0; replication < replications; replication++) {
      const unit = { point, armIndex, replication };
      let record: RunRecord | undefined;
      const dirs = locate(unit);
      for (const dir of dirs) if ((record = readRecord(recordPath(dir, unit), hash))) break;
      if (!record) {
        throw new InputError([{ source: dirs[0] ?? '', path: `runs/p${point}-a${armIndex}-r${replication}.json`,
          message: `run record missing or unreadable${dirs.length > 1 ? ` (looked in ${dirs.length} folders)` : ''}; re-run its shard with --resume` }]);
      }
      records.push(record);
    }
  }
  return records;
}

export async function writeSweepResults(dir: string, plan: PlanFile, replications: readonly number[],
  locate: Locate, options: SweepWriteOptions): Promise<void> {
  const parameters = plan.parameters;
  // An earlier manifest goes first: until the new one is written, the folder is not a complete result.
  rmSync(join(dir, 'manifest.json'), { force: true });
  const open: CsvFile[] = [];
  // timeseries.csv's rows, copied from the records as CSV text (the header comes from its CsvFile, closed last).
  let timeseriesBody: TempFile | undefined;
  let bodyOpen = false;
  try {
    let files: { summary: CsvFile; comparison: CsvFile; flavors: CsvFile; timeseries?: CsvFile } | undefined;
    let metrics: string[] = [];
    const stratified = plan.points.some((p) => p.stratify !== undefined);
    for (const point of plan.points) {
      const records = pointRecords(plan, point.index, replications[point.index], locate);
      if (!files) {
        metrics = Object.keys(records[0].summary);
        const csv = (name: string, columns: readonly string[]) => {
          const file = new CsvFile(join(dir, name), [...parameters, ...columns]);
          open.push(file);
          return file;
        };
        files = {
          summary: csv('summary.csv', [...SUMMARY_KEY_COLUMNS, ...(stratified ? STRATUM_COLUMNS : []), ...metrics]),
          comparison: csv('comparison.csv', COMPARISON_COLUMNS),
          flavors: csv('flavors.csv', FLAVOR_COLUMNS),
          timeseries: plan.timeseries ? csv('timeseries.csv', TIMESERIES_COLUMNS) : undefined,
        };
        if (files.timeseries) {
          timeseriesBody = createTempFile(join(dir, 'timeseries.csv'));
          bodyOpen = true;
        }
      }
      const lead: Cell[] = point.values.map(cellValue);
      // A stratified point's rows carry their stratum, which follows from the replication index.
      const allocation = point.stratify?.allocation;
      const strata = records.map((r) => ({ stratum: allocation ? replicationStratum(allocation, r.replication) : undefined }));
      const cells = point.stratify ? stratumCells(strata, point.stratify) : undefined;
      for (const [i, r] of records.entries()) {
        await files.summary.write([...lead, plan.scenario, r.arm, r.replication, r.seed,
          ...(stratified ? cells?.[i] ?? ['', ''] : []), ...metrics.map((m) => r.summary[m])]);
      }
      const rows = comparisonRows(plan.arms, metrics, records.map((r, i) => ({ arm: r.arm, replication: r.replication,
        values: r.summary, stratum: strata[i].stratum })), records[0]?.seed, point.stratify);
      for (const row of rows) await files.comparison.write([...lead, ...row]);
      for (const r of records) {
        for (const f of r.flavors) {
          await files.flavors.write([...lead, r.arm, r.replication, f.flavor, f.requests, f.placed, f.requests - f.placed,
            f.requests > 0 ? (f.requests - f.placed) / f.requests : NaN]);
        }
      }
      if (timeseriesBody) {
        // Records written before the text form hold their rows as values.
        for (const r of records) writeSync(timeseriesBody.fd, r.timeseriesCsv ?? timeseriesCsv(lead, r.timeseries));
      }
    }
    for (const file of open) await file.close();
    if (timeseriesBody && files?.timeseries) {
      closeSync(timeseriesBody.fd);
      bodyOpen = false;
      appendFiles(files.timeseries.tempPath, [timeseriesBody.path]);
    }
  } catch (error) {
    for (const file of open) file.discard();
    throw error;
  } finally {
    if (timeseriesBody) {
      if (bodyOpen) closeSync(timeseriesBody.fd);
      discardTempFile(timeseriesBody.path);
    }
  }
  for (const file of open) file.commit();
  removeUnwrittenOutputs(dir, open.map((f) => f.path.slice(dir.length + 1)));
  const manifest = {
    capsimVersion: CAPSIM_VERSION,
    scenario: plan.scenario,
    scenarioFile: plan.scenarioFile,
    planHash: plan.planHash,
    // The fields a single run's manifest has, so readers (capsim report) treat both alike.
    scenarioHash: plan.planHash,
    seed: uniqueOrNull(plan.points.map((p) => p.seed)),
    replications: uniqueOrNull(replications),
    sweep: {
      parameters,
      points: plan.points.length,
      values: plan.points.map((p) => p.values),
      replications,
      targetCi: plan.targetCi,
      shards: options.shards,
    },
    arms: plan.armSettings ?? plan.arms,
    files: open.map((f) => f.path.slice(dir.length + 1)),
    commandLine: options.commandLine,
    nodeVersion: process.version,
    wallTimeSeconds: Math.round(options.wallTimeSeconds * 1000) / 1000,
    ...options.manifestExtra,
  };
  writeAtomically(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}

function uniqueOrNull<T>(values: readonly T[]): T | null {
  return values.length > 0 && values.every((v) => v === values[0]) ? values[0] : null;
}

export function writeAtomically(path: string, text: string): void {
  writeFileAtomically(path, text);
}
