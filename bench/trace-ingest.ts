// Trace ingest benchmark: loads a request trace CSV (loadRequestTrace, the reader `capsim run` uses) and prints rows
// per CPU second and peak RSS. Flavors are the trace's own names, 1 vCPU / 1 GiB each (ingest does not use them).
// Usage: node dist/bench/trace-ingest.js FILE [ROUNDS]   (each round loads the whole file; the best round is shown)

import { closeSync, openSync, readSync } from 'node:fs';
import { loadRequestTrace } from '../src/workload/request-trace.js';

const [file, roundsText = '3'] = process.argv.slice(2);
if (!file) throw new Error('usage: node dist/bench/trace-ingest.js FILE [ROUNDS]');
// The flavor names, from a first pass in 1 MiB pieces (not timed; plain split: bench traces have no quoted fields).
const names = new Set<string>();
const fd = openSync(file, 'r');
const buffer = Buffer.alloc(1 << 20);
let rest = '';
let column = -1;
for (let n; (n = readSync(fd, buffer, 0, buffer.length, null)) > 0;) {
  const lines = (rest + buffer.toString('latin1', 0, n)).split('\n');
  rest = lines.pop()!;
  for (const line of lines) {
    if (column < 0) column = line.split(',').indexOf('flavor');
    else if (line !== '') names.add(line.split(',')[column]);
  }
}
closeSync(fd);
if (rest !== '') names.add(rest.split(',')[column]);
const flavors = [...names].map((name) => ({ name, vcpus: 1, ramMiB: 1024, diskGiB: 10 }));
let best = Infinity;
let rows = 0;
for (let round = 0; round < Number(roundsText); round++) {
  const start = process.cpuUsage();
  rows = loadRequestTrace(file, flavors as never).time.length;
  const used = process.cpuUsage(start);
  best = Math.min(best, (used.user + used.system) / 1e6);
}
console.log(`${rows} rows, best round ${best.toFixed(3)} s CPU, ${(rows / best / 1e6).toFixed(2)} M rows per CPU second, ` +
  `peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
