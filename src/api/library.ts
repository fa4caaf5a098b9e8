// capsim as a library: load a scenario (a file or an object), run it (in this thread or on worker threads, in memory
// or into a results folder as `capsim run` writes it), read a results folder back. docs/library.md shows the calls.

import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { loadScenario as loadScenarioFile, resolveScenario, type LoadedScenario } from '../scenario/load-scenario.js';
import { parseAssignment, type Assignment } from '../scenario/set-path.js';
import { InputError } from '../scenario/input-error.js';
import { runScenario as runInThisThread } from '../experiment/run-scenario.js';
import { runScenarioOnWorkers } from '../experiment/worker-pool.js';
import type { RunResult } from '../experiment/run-result.js';
import { writeResults } from '../output/write-results.js';
import { prepareOutputDir } from '../output/output-dir.js';
import { formatNumber } from '../output/csv-file.js';
import { loadedPlugins } from '../plugin/load-plugins.js';

export interface LoadOptions {
  /** Field overrides as `capsim run --set` takes them, e.g. 'arms[0].nova.ramAllocationRatio=1.0'. */
  set?: readonly string[];
  /** Accept runs above the size limits (docs/cli.md). */
  force?: boolean;
  /** For a scenario object: the file its relative trace paths are relative to, and errors name (default ./scenario). */
  file?: string;
}

/**
 * Validates a scenario file (YAML or JSON) or a scenario object, as `capsim validate` does. Names that plug-ins
 * register are accepted only after loadPlugins. Bad input throws an InputError listing every problem.
 */
export function loadScenario(source: string | object, options: LoadOptions = {}): LoadedScenario {
  const sets = (options.set ?? []).map((text) => parseAssignment(text, 'set'));
  const flags = { force: options.force };
  if (typeof source === 'string') return loadScenarioFile(source, sets, flags);
  return resolveScenario(structuredClone(source), options.file ?? resolve('scenario'), sets, flags);
}

export interface RunOptions {
  /** Replications per arm (default: the scenario's). */
  replications?: number;
  /** Base seed (default: the scenario's). */
  seed?: number;
  /** Worker threads (default 1); results do not depend on it. */
  workers?: number;
  /** Write the results folder `<out>/<scenario name>/` as `capsim run` does; default: in memory only. */
  out?: string;
  /** Keep one row per VM (vms.csv), and the decision trace (events.csv). */
  vmLog?: boolean;
  eventLog?: boolean;
}

/** One row of summary.csv: the run's keys and every metric (docs/outputs.md). */
export type SummaryRow = { scenario: string; arm: string; replication: number; seed: number } & Record<string, number | string>;

export interface ScenarioRun {
  /** Every (arm, replication), arms in scenario order, replications ascending. */
  results: RunResult[];
  /** summary.csv's rows, numbers as the file holds them (NaN for an empty cell). */
  summary: SummaryRow[];
  /** The results folder, when `out` was given. */
  dir?: string;
}

/** Runs every arm × replication of a loaded scenario; worker threads load the plug-ins this process loaded. */
export async function runScenario(loaded: LoadedScenario, options: RunOptions = {}): Promise<ScenarioRun> {
  const sets: Assignment[] = [];
  if (options.replications !== undefined) sets.push({ path: 'replications', value: options.replications });
  if (options.seed !== undefined) sets.push({ path: 'seed', value: options.seed });
  const scenario = sets.length > 0 ? resolveScenario(loaded.input, loaded.file, sets) : loaded;
  const workers = options.workers ?? 1;
  if (!Number.isInteger(workers) || workers < 1) {
    throw new InputError([{ source: 'workers', path: '', message: `expected a positive integer, got ${workers}` }]);
  }
  const dir = options.out !== undefined ? join(options.out, scenario.scenario.name) : undefined;
  if (dir !== undefined) prepareOutputDir(dir);
  const runOptions = { vmLog: options.vmLog ?? false, eventLog: options.eventLog ?? false, timeseries: true, fastPath: true,
    plugins: loadedPlugins().map((p) => p.resolvedPath) };
  const started = process.hrtime.bigint();
  const results = workers > 1 ? await runScenarioOnWorkers(scenario, runOptions, workers) : runInThisThread(scenario, runOptions);
  for (const r of results) delete r.warmupSeries;
  const summary = results.map((r) => summaryRow(scenario, r));
  if (options.out === undefined) return { results, summary };
  const plugins = loadedPlugins();
  const written = await writeResults(options.out, scenario, results, { ...runOptions, commandLine: [],
    wallTimeSeconds: Number(process.hrtime.bigint() - started) / 1e9,
    manifestExtra: { replicationsPerArm: scenario.scenario.replications,
      ...(plugins.length > 0 ? { plugins: plugins.map((p) => ({ path: p.path, sha256: p.sha256 })) } : {}) } });
  return { results, summary, dir: written };
}

export interface ResultsFolder {
  /** manifest.json as written (docs/outputs.md). */
  manifest: Record<string, unknown>;
  summary: SummaryRow[];
}

/** Reads a results folder that `capsim run` (or runScenario with `out`) wrote. */
export function readResults(dir: string): ResultsFolder {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
  const rows = parse(readFileSync(join(dir, 'summary.csv'), 'utf8'), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  const summary = rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) =>
    [k, k === 'scenario' || k === 'arm' ? v : v === '' ? NaN : Number(v)])) as SummaryRow);
  return { manifest, summary };
}

function summaryRow(loaded: LoadedScenario, r: RunResult): SummaryRow {
  // As summary.csv holds them (6 decimals; an empty cell, read back as NaN, for no value).
  const metrics = Object.fromEntries(Object.entries(r.summary).map(([k, v]) => [k, Number.isFinite(v) ? Number(formatNumber(v)) : NaN]));
  return { scenario: loaded.scenario.name, arm: r.arm, replication: r.replication, seed: r.seed, ...metrics };
}

