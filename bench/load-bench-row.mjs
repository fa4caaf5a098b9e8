// Loads one bench row's scenario from a dist/ folder (any build, so two builds can be compared), for the scripts that
// time or count instructions of runReplication directly (cpu-rows.mjs, run-reps.mjs).

import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * The row's resolved scenario, the run options the bench uses for it, and that build's runReplication. `horizon`
 * (e.g. '10d') replaces the scenario's, for shortened runs of a generated row.
 */
export async function loadBenchRow(dist, row, horizon = undefined) {
  const url = (path) => pathToFileURL(resolve(dist, path)).href;
  const { benchScenarios } = await import(url('bench/scenarios.js'));
  const { loadScenario, resolveScenario } = await import(url('src/scenario/load-scenario.js'));
  const { runReplication } = await import(url('src/experiment/run-replication.js'));
  const spec = benchScenarios().find((s) => s.id === row);
  if (!spec) throw new Error(`${dist}: no bench row ${row}`);
  process.chdir(dirname(resolve(dist)));
  const scenario = horizon === undefined ? spec.scenario : { ...spec.scenario, horizon };
  const loaded = typeof scenario === 'string' ? loadScenario(scenario) : resolveScenario(scenario, `bench:${row}`);
  const options = { vmLog: false, eventLog: false, timeseries: true, fastPath: spec.fastPath };
  return { loaded, options, runReplication };
}
