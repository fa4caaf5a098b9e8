// Writes a scenario's results folder: summary.csv, comparison.csv, flavors.csv, timeseries.csv, optional vms.csv and
// events.csv, and manifest.json. CSVs depend only on the scenario, seed and version; wall time lives in the manifest.

import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { comparisonRows, COMPARISON_COLUMNS } from '../metrics/comparison.js';
import { TIMESERIES_COLUMNS } from '../metrics/run-metrics.js';
import type { LoadedScenario } from '../scenario/load-scenario.js';
import { EVENT_COLUMNS, VM_COLUMNS, type RunResult } from '../experiment/run-result.js';
import { writeCsvFiles, type CsvFileSpec } from './csv-file.js';
import { CAPSIM_VERSION } from './version.js';
import { awaitSourceRevision } from './source-revision.js';
import { resolvedScenario } from '../experiment/resolved-scenario.js';
import { STRATUM_COLUMNS, stratumCells, stratumDesign, stratumManifest } from '../experiment/stratum-design.js';
import { removeUnwrittenOutputs } from './output-dir.js';
import { discardTempFile, writeFileAtomically } from './temp-file.js';

export interface WriteOptions {
  vmLog: boolean;
  eventLog: boolean;
  commandLine: string[];
  wallTimeSeconds: number;
  /** set when only this replication was run (capsim run --replication K) */
  replication?: number;
  /** More manifest.json fields (replications until precise, warm-up diagnostic, event strata). */
  manifestExtra?: Record<string, unknown>;
}

export const SUMMARY_KEY_COLUMNS = ['scenario', 'arm', 'replication', 'seed'] as const;
export const FLAVOR_COLUMNS = ['arm', 'replication', 'flavor', 'requests', 'placed', 'rejected', 'rejection_rate'] as const;

/** Metric columns of summary.csv, in order (the keys of a run's summary). */
export function metricColumns(results: readonly RunResult[]): string[] {
  return results.length > 0 ? Object.keys(results[0].summary) : [];
}

export async function writeResults(outDir: string, loaded: LoadedScenario, results: RunResult[], options: WriteOptions): Promise<string> {
  const scenario = loaded.scenario;
  const dir = join(outDir, scenario.name);
  mkdirSync(dir, { recursive: true });
  // An earlier run's manifest goes first: until the new one is written, the folder is not a complete result.
  rmSync(join(dir, 'manifest.json'), { force: true });
  const metrics = metricColumns(results);
  const arms = [...new Set(results.map((r) => r.arm))];
  // Stratified replications: summary.csv says each row's stratum and weight; comparison.csv weights the strata.
  const design = stratumDesign(scenario);
  const strata = design ? stratumCells(results, design) : undefined;
  // Control variates: each replication's covariates after the metrics (the same in every arm).
  const covariates = design?.controlVariates;
  // So did runs given a timeseriesDir (RunOptions), with their timeseries rows.
  const timeseriesParts = results.flatMap((r) => (r.timeseriesFile === undefined ? [] : [r.timeseriesFile]));
  const files: CsvFileSpec[] = [
    {
      path: join(dir, 'summary.csv'),
      columns: [...SUMMARY_KEY_COLUMNS, ...(strata ? STRATUM_COLUMNS : []), ...metrics, ...(covariates?.names ?? [])],
      rows: results.map((r, i) => [scenario.name, r.arm, r.replication, r.seed, ...(strata ? strata[i] : []),
        ...metrics.map((m) => r.summary[m]), ...(covariates ? covariates.valuesOf(r.replication) : [])]),
    },
    {
      path: join(dir, 'comparison.csv'),
      columns: COMPARISON_COLUMNS,
      rows: comparisonRows(arms, metrics, results.map((r) => ({ arm: r.arm, replication: r.replication, values: r.summary,
        stratum: r.stratum })), scenario.seed, design),
    },
    {
      path: join(dir, 'flavors.csv'),
      columns: FLAVOR_COLUMNS,
      rows: results.flatMap((r) => r.flavors.map((f) => [r.arm, r.replication, f.flavor, f.requests, f.placed,
        f.requests - f.placed, f.requests > 0 ? (f.requests - f.placed) / f.requests : NaN])),
    },
    { path: join(dir, 'timeseries.csv'), columns: TIMESERIES_COLUMNS, rows: concat(results.map((r) => r.timeseries)),
      parts: timeseriesParts },
  ];
  // Runs given a vmLogDir / eventLogDir wrote their rows to files as they went: those are appended in result order.
  const parts = results.flatMap((r) => (r.vmLogFile === undefined ? [] : [r.vmLogFile]));
  if (options.vmLog) {
    files.push({ path: join(dir, 'vms.csv'), columns: VM_COLUMNS, rows: concat(results.map((r) => r.vms)), parts });
  }
  const eventParts = results.flatMap((r) => (r.eventLogFile === undefined ? [] : [r.eventLogFile]));
  if (options.eventLog) {
    files.push({ path: join(dir, 'events.csv'), columns: EVENT_COLUMNS, rows: concat(results.map((r) => r.events)),
      parts: eventParts });
  }
  try {
    await writeCsvFiles(files);
  } finally {
    for (const part of [...timeseriesParts, ...parts, ...eventParts]) discardTempFile(part);
  }
  removeUnwrittenOutputs(dir, files.map((f) => f.path.slice(dir.length + 1)));
  const manifest = {
    capsimVersion: CAPSIM_VERSION,
    scenario: scenario.name,
    scenarioFile: loaded.file,
    scenarioHash: loaded.hash,
    revision: await awaitSourceRevision(),
    seed: scenario.seed,
    replications: scenario.replications,
    ...(options.replication !== undefined ? { replication: options.replication } : {}),
    // Every random stream of replication r is seedrandom.alea(`capsim/${seed}/${r}/${stream name}`) (engine/random-streams.ts).
    replicationSeeds: [...new Set(results.map((r) => r.replication))].sort((a, b) => a - b).map((r) => ({
      replication: r, streamPrefix: `capsim/${scenario.seed}/${r}/`,
    })),
    horizonSeconds: scenario.horizon,
    release: scenario.release,
    arms: scenario.arms,
    // As written (after --set and --arm): capsim run on this object alone re-runs the scenario.
    input: loaded.input,
    // As the simulator read it: every default filled in, durations in seconds, each arm's Nova options resolved
    // from its release profile.
    resolved: resolvedScenario(scenario),
    files: files.map((f) => f.path.slice(dir.length + 1)),
    commandLine: options.commandLine,
    nodeVersion: process.version,
    wallTimeSeconds: Math.round(options.wallTimeSeconds * 1000) / 1000,
    ...(design ? { stratification: stratumManifest(scenario, results) } : {}),
    ...options.manifestExtra,
  };
  writeFileAtomically(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return dir;
}

function* concat<T>(lists: T[][]): Iterable<T> {
  for (const list of lists) yield* list;
}
