// Loads one bench row's scenario from a dist/ folder (any build, so two builds can be compared), for the scripts that
// time or count instructions of runReplication directly (cpu-rows.mjs, run-reps.mjs).

import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The row's resolved scenario, the run options the bench uses for it, and that build's runReplication. */
export async function loadBenchRow(dist, row) {
  const url = (path) => pathToFileURL(resolve(dist, path)).href;
  const { benchScenarios } = await import(url('bench/scenarios.js'));
  const { loadScenario, resolveScenario } = await import(url('src/scenario/load-scenario.js'));
  const { runReplication } = await import(url('src/experiment/run-replication.js'));
  const spec = benchScenarios().find((s) => s.id === row);
  if (!spec) throw new Error(`${dist}: no bench row ${row}`);
  process.chdir(dirname(resolve(dist)));
  const loaded = typeof spec.scenario === 'string' ? loadScenario(spec.scenario) : resolveScenario(spec.scenario, `bench:${row}`);
  const options = { vmLog: false, eventLog: false, timeseries: true, fastPath: spec.fastPath };
  return { loaded, options, runReplication };
}
