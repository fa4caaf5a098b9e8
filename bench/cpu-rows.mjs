// Paired CPU-time comparison of two builds on bench rows (bench/README.md, "Paired CPU rows").
//
//   node bench/cpu-rows.mjs BEFORE/dist AFTER/dist [--rows scale-1000-first-fit,scale-1000-spread,scale-1000-stack]
//                           [--pairs 5] [--out file.jsonl]
//
// For every pair and row it runs one process per build (the order alternating between pairs), each timing the row's
// arms × replications with runReplication and process.cpuUsage (user + system) — only the run loop, not module
// loading or scenario resolution. Then it prints, per row, both builds' median CPU seconds and the median and range of
// the paired after/before ratios, and stops if the two builds processed different numbers of events.
// `--child DIST ROW` is the child process's mode.

import { spawnSync } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { loadBenchRow } from './load-bench-row.mjs';

const DEFAULT_ROWS = ['scale-1000-first-fit', 'scale-1000-spread', 'scale-1000-stack'];

async function child(dist, row) {
  const { loaded, options, runReplication } = await loadBenchRow(dist, row);
  let events = 0;
  const start = process.cpuUsage();
  for (let arm = 0; arm < loaded.scenario.arms.length; arm++) {
    for (let rep = 0; rep < loaded.scenario.replications; rep++) events += runReplication(loaded, arm, rep, options).eventsProcessed;
  }
  const cpu = process.cpuUsage(start);
  process.stdout.write(JSON.stringify({ cpu_s: (cpu.user + cpu.system) / 1e6, events }) + '\n');
}

function median(values) {
  const s = [...values].sort((a, b) => a - b), m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function measure(dist, row) {
  const load = loadavg()[0];
  const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', dist, row], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${dist} ${row}: exit ${r.status}\n${r.stderr}`);
  return { ...JSON.parse(r.stdout.trim().split('\n').pop()), load };
}

async function main(argv) {
  if (argv[0] === '--child') return child(argv[1], argv[2]);
  const flag = (name, fallback) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv.splice(i, 2)[1] : fallback;
  };
  const rows = flag('--rows', DEFAULT_ROWS.join(',')).split(',');
  const pairs = Number(flag('--pairs', '5'));
  const out = flag('--out', undefined);
  const [before, after] = argv;
  if (!before || !after || !(pairs >= 1)) {
    process.stderr.write('usage: node bench/cpu-rows.mjs BEFORE/dist AFTER/dist [--rows a,b] [--pairs N] [--out f.jsonl]\n');
    process.exit(2);
  }
  const results = new Map(rows.map((row) => [row, { before: [], after: [], ratios: [], loads: [] }]));
  for (let pair = 0; pair < pairs; pair++) {
    for (const row of rows) {
      const order = pair % 2 === 0 ? ['before', 'after'] : ['after', 'before'];
      const got = {};
      for (const side of order) got[side] = measure(side === 'before' ? before : after, row);
      if (got.before.events !== got.after.events) {
        throw new Error(`${row}: events differ (${got.before.events} before, ${got.after.events} after)`);
      }
      const r = results.get(row);
      r.before.push(got.before.cpu_s);
      r.after.push(got.after.cpu_s);
      r.ratios.push(got.after.cpu_s / got.before.cpu_s);
      r.loads.push(got.before.load, got.after.load);
      const line = { pair, row, order: order.join('-'), before: got.before, after: got.after };
      if (out) appendFileSync(out, JSON.stringify(line) + '\n');
      process.stdout.write(`${row} pair ${pair + 1}: before ${got.before.cpu_s.toFixed(3)} s, after ${got.after.cpu_s.toFixed(3)} s, ` +
        `ratio ${(got.after.cpu_s / got.before.cpu_s).toFixed(3)}, load ${got.before.load.toFixed(1)}\n`);
    }
  }
  process.stdout.write('\n| row | before CPU s, median | after CPU s, median | after / before, median of pairs (range) | load |\n|---|---|---|---|---|\n');
  for (const [row, r] of results) {
    const f = (x) => x.toFixed(3);
    process.stdout.write(`| ${row} | ${f(median(r.before))} | ${f(median(r.after))} | ${f(median(r.ratios))} ` +
      `(${f(Math.min(...r.ratios))}–${f(Math.max(...r.ratios))}) | ${Math.min(...r.loads).toFixed(1)}–${Math.max(...r.loads).toFixed(1)} |\n`);
  }
}

await main(process.argv.slice(2));
