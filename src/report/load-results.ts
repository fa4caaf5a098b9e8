// Loads a results folder (run, sweep or merge) into memory, checking it against the output contract first:
// every missing file and every bad header is reported in one InputError.

import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  COMPARISON_CSV, type CsvContract, FLAVORS_CSV, MANIFEST_JSON, SUMMARY_CSV, TIMESERIES_CSV, VMS_CSV,
} from './contract.js';
import type { CsvTable } from './csv-table.js';
import { InputError } from './input-error.js';
import { type Manifest, readManifest } from './manifest.js';
import { headerProblems, readCsv, readCsvHeader } from './read-csv.js';

/** The VM log is the one file that can be huge; the report needs only these of its columns. */
const VMS_COLUMNS_USED = ['arm', 'replication', 'downtime_s', 'recoveries'];

export interface ComparisonRow {
  /** values of the sweep parameters, in manifest order; empty for a single run */
  point: readonly string[];
  arm: string;
  metric: string;
  mean: number | null;
  low: number | null;
  high: number | null;
  n: number | null;
  diffMean: number | null;
  diffLow: number | null;
  diffHigh: number | null;
}

export interface InputFile {
  file: string;
  bytes: number;
  sha256: string;
}

export interface Results {
  manifest: Manifest;
  sweepParameters: readonly string[];
  /** display order: the manifest's arms (baseline first), then any others in order of appearance */
  arms: readonly string[];
  baseline: string;
  comparison: readonly ComparisonRow[];
  summary: CsvTable;
  flavors: CsvTable | null;
  timeseries: CsvTable | null;
  vms: CsvTable | null;
  inputs: readonly InputFile[];
}

function fileDigest(path: string): InputFile & { path: string } {
  const hash = createHash('sha256');
  const fd = openSync(path, 'r');
  const buffer = Buffer.alloc(1 << 20);
  let bytes = 0;
  try {
    for (;;) {
      const n = readSync(fd, buffer, 0, buffer.length, null);
      if (n === 0) break;
      hash.update(buffer.subarray(0, n));
      bytes += n;
    }
  } finally {
    closeSync(fd);
  }
  return { path, file: path, bytes, sha256: hash.digest('hex') };
}

function parseComparison(table: CsvTable, sweepParameters: readonly string[]): ComparisonRow[] {
  const c = (name: string) => table.column(name);
  const params = sweepParameters.map(c);
  // By name, not position: comparison.csv may grow columns (other intervals, strata) between these.
  const [arm, metric, mean, low, high, n, diffMean, diffLow, diffHigh] = [
    'arm', 'metric', 'mean', 'ci95_low', 'ci95_high', 'n', 'diff_mean', 'diff_ci95_low', 'diff_ci95_high',
  ].map(c);
  // Rows conditional on a stratum (e.g. "saw a group outage") are not the headline; the unconditional rows are.
  const stratum = ['stratum', 'strata'].find((name) => table.has(name));
  const s = stratum === undefined ? -1 : c(stratum);
  const rows: ComparisonRow[] = [];
  for (let r = 0; r < table.length; r++) {
    if (s >= 0 && !['', 'all'].includes(table.str(r, s))) continue;
    rows.push({
      point: params.map((p) => table.str(r, p)),
      arm: table.str(r, arm),
      metric: table.str(r, metric),
      mean: table.numOrNull(r, mean),
      low: table.numOrNull(r, low),
      high: table.numOrNull(r, high),
      n: table.numOrNull(r, n),
      diffMean: table.numOrNull(r, diffMean),
      diffLow: table.numOrNull(r, diffLow),
      diffHigh: table.numOrNull(r, diffHigh),
    });
  }
  return rows;
}

function armOrder(manifest: Manifest, comparison: readonly ComparisonRow[]): string[] {
  const arms = manifest.arms.map((a) => a.name);
  const known = new Set(arms);
  for (const row of comparison) {
    if (!known.has(row.arm)) {
      known.add(row.arm);
      arms.push(row.arm);
    }
  }
  return arms;
}

export function loadResults(dir: string): Results {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new InputError(`${dir}: no such results folder (expected the folder capsim run or sweep wrote, with ${MANIFEST_JSON}, summary.csv and comparison.csv)`);
  }
  const manifestPath = join(dir, MANIFEST_JSON);
  const manifest = existsSync(manifestPath) ? readManifest(manifestPath) : null;
  const isSweep = manifest?.sweep != null;
  const sweepParameters = manifest?.sweep?.parameters ?? [];
  const contracts = [SUMMARY_CSV, COMPARISON_CSV, FLAVORS_CSV, TIMESERIES_CSV, VMS_CSV];
  // Only files the manifest lists: a file an earlier run left in the folder is not part of these results.
  const listed = manifest?.files ? new Set(manifest.files) : null;
  const present = (file: string) => (listed === null || listed.has(file)) && existsSync(join(dir, file));
  const missing = [
    ...(manifest === null ? [MANIFEST_JSON] : []),
    ...contracts
      .filter((c) => (isSweep ? c.requiredForSweep : c.requiredForRun))
      .filter((c) => !present(c.file))
      .map((c) => c.file),
  ];
  if (missing.length > 0) {
    throw new InputError(`${dir}: missing ${missing.join(', ')} (not a complete capsim results folder)`);
  }

  // Sweeps: timeseries, flavors and VM logs are per point and can be large; they are checked, not plotted.
  const plotted = (c: CsvContract) => !isSweep || c.requiredForSweep;
  const problems: string[] = [];
  const tables = new Map<string, CsvTable>();
  for (const contract of contracts) {
    const path = join(dir, contract.file);
    if (!present(contract.file)) continue;
    if (!statSync(path).isFile()) {
      problems.push(`${contract.file}: expected a regular file`);
      continue;
    }
    try {
      if (plotted(contract)) {
        tables.set(contract.file, readCsv(path, contract, sweepParameters, contract === VMS_CSV ? VMS_COLUMNS_USED : undefined));
      } else {
        problems.push(...headerProblems(readCsvHeader(path, contract.file), contract, sweepParameters));
      }
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      problems.push(error.message);
    }
  }
  if (problems.length > 0) throw new InputError(`${dir}: results do not match the output contract:\n${problems.join('\n')}`);

  const comparison = parseComparison(tables.get(COMPARISON_CSV.file)!, sweepParameters);
  const arms = armOrder(manifest!, comparison);
  const inputs = [MANIFEST_JSON, ...contracts.map((c) => c.file)]
    .filter((file) => file === MANIFEST_JSON || present(file))
    .map((file) => {
      const { bytes, sha256 } = fileDigest(join(dir, file));
      return { file, bytes, sha256 };
    });
  return {
    manifest: manifest!,
    sweepParameters,
    arms,
    baseline: arms[0],
    comparison,
    summary: tables.get(SUMMARY_CSV.file)!,
    flavors: tables.get(FLAVORS_CSV.file) ?? null,
    timeseries: tables.get(TIMESERIES_CSV.file) ?? null,
    vms: tables.get(VMS_CSV.file) ?? null,
    inputs,
  };
}
