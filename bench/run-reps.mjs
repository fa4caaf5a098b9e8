// Runs replications 0..N-1 of a bench row's first arm in this process and prints the events and CPU seconds, for
// instruction counts that load does not move (bench/README.md, "Tenth round"):
//
//   valgrind --tool=cachegrind --cache-sim=no node bench/run-reps.mjs DIST scale-1000-stack 2
//
// DIST is a dist/ folder (npx tsc -p tsconfig.json in the worktree being measured).

import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [dist, row, repsText = '2'] = process.argv.slice(2);
if (!dist || !row) {
  process.stderr.write('usage: node bench/run-reps.mjs DIST ROW [REPLICATIONS]\n');
  process.exit(2);
}
const url = (path) => pathToFileURL(resolve(dist, path)).href;
const { benchScenarios } = await import(url('bench/scenarios.js'));
const { loadScenario, resolveScenario } = await import(url('src/scenario/load-scenario.js'));
const { runReplication } = await import(url('src/experiment/run-replication.js'));
const spec = benchScenarios().find((s) => s.id === row);
if (!spec) throw new Error(`${dist}: no bench row ${row}`);
process.chdir(dirname(resolve(dist)));
const loaded = typeof spec.scenario === 'string' ? loadScenario(spec.scenario) : resolveScenario(spec.scenario, `bench:${row}`);
const options = { vmLog: false, eventLog: false, timeseries: true, fastPath: spec.fastPath };
let events = 0;
const perRun = [];
const start = process.cpuUsage();
for (let rep = 0; rep < Number(repsText); rep++) {
  const before = process.cpuUsage();
  events += runReplication(loaded, 0, rep, options).eventsProcessed;
  const used = process.cpuUsage(before);
  perRun.push(Math.round((used.user + used.system) / 1e3));
}
const cpu = process.cpuUsage(start);
process.stdout.write(`${JSON.stringify({ row, events, cpu_s: (cpu.user + cpu.system) / 1e6, per_run_ms: perRun })}\n`);
