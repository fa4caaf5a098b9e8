// Runs replications 0..N-1 of a bench row's first arm in this process and prints the events and CPU seconds, for
// instruction counts that load does not move (bench/README.md, "Tenth round"):
//
//   valgrind --tool=cachegrind --cache-sim=no node bench/run-reps.mjs DIST scale-1000-stack 2
//   valgrind --tool=cachegrind --cache-sim=no node --single-threaded bench/run-reps.mjs DIST storm-10000-masakari 1 1d
//
// The optional HORIZON shortens a generated row (the scenario's horizon replaced).
// DIST is a dist/ folder (npx tsc -p tsconfig.json in the worktree being measured).

import { loadBenchRow } from './load-bench-row.mjs';

const [dist, row, repsText = '2', horizon] = process.argv.slice(2);
if (!dist || !row) {
  process.stderr.write('usage: node bench/run-reps.mjs DIST ROW [REPLICATIONS] [HORIZON]\n');
  process.exit(2);
}
const { loaded, options, runReplication } = await loadBenchRow(dist, row, horizon);
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
