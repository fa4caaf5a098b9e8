// `npm run bench [-- --quick] [-- --only TEXT] [-- --skip TEXT] [-- --repeat K]`: runs the benchmark scenarios, each
// in its own Node process (so peak RSS and JIT state belong to that scenario), and prints per scenario: events, wall s,
// events/s, placements/s, µs per placement, rejection rate, peak RSS, and the ratio to the bare hold-model loop
// measured in the same process. With --repeat K every scenario runs in K processes, the K rounds interleaved (all
// scenarios, then all again), and the row is the per-column median. Rows also go to results/bench/bench.csv.
// `--child ID` is the per-scenario worker (prints one JSON line).

import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { loadScenario, resolveScenario, type LoadedScenario } from '../src/scenario/load-scenario.js';
import { runReplication } from '../src/experiment/run-replication.js';
import { TIMESERIES_COLUMNS } from '../src/metrics/run-metrics.js';
import { writeCsvFiles } from '../src/output/csv-file.js';
import { benchScenarios, type BenchScenario } from './scenarios.js';
import { heapHoldModel, holdModel } from './hold-model.js';
import { timePlacements } from './placement-timer.js';
import { COLUMNS, summariseRepeats, type ChildRow } from './bench-row.js';

function load(spec: BenchScenario): LoadedScenario {
  return typeof spec.scenario === 'string' ? loadScenario(spec.scenario) : resolveScenario(spec.scenario, `bench:${spec.id}`);
}

/** Runs one scenario (every arm × replication) and then the hold model, in this process. */
function runChild(id: string): ChildRow {
  const spec = benchScenarios().find((s) => s.id === id);
  if (!spec) throw new Error(`no bench scenario "${id}"`);
  const loaded = load(spec);
  const load1 = loadavg()[0];
  const options = { vmLog: false, eventLog: false, timeseries: true, fastPath: spec.fastPath };
  const runningCol = TIMESERIES_COLUMNS.indexOf('running_vms');
  let events = 0, requests = 0, placed = 0, pending = 0, runs = 0, firstRun = 0, firstEvents = 0;
  const timer = timePlacements();
  const started = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  for (let arm = 0; arm < loaded.scenario.arms.length; arm++) {
    for (let rep = 0; rep < loaded.scenario.replications; rep++) {
      const result = runReplication(loaded, arm, rep, options);
      if (runs++ === 0) {
        firstRun = Number(process.hrtime.bigint() - started) / 1e9;
        firstEvents = result.eventsProcessed;
      }
      events += result.eventsProcessed;
      requests += result.summary.requests;
      placed += result.summary.placed;
      const last = result.timeseries[result.timeseries.length - 1];
      // Pending at the horizon: one departure per live VM, the next arrival, the next sample.
      if (last) pending = Math.max(pending, Number(last[runningCol]) + 2);
    }
  }
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuStart);
  const placement = timer.stop();
  const peakRssMiB = process.resourceUsage().maxRSS / 1024;
  // At least 2 M steps so the limit is a steady-state rate (JIT warm), at most 30 M to bound the time.
  const bare = holdModel(pending, Math.min(Math.max(events, 2_000_000), 30_000_000));
  const heap = heapHoldModel(pending, Math.min(Math.max(events, 2_000_000), 30_000_000));
  const eventsPerSecond = events / wall;
  const warmEventsPerSecond = runs > 1 ? (events - firstEvents) / (wall - firstRun) : NaN;
  return {
    scenario: spec.id, hosts: spec.hosts, style: spec.style, fast_path: spec.fastPath ? 1 : 0, runs, events,
    wall_s: round(wall, 3), cpu_s: round((cpu.user + cpu.system) / 1e6, 3), first_run_s: round(firstRun, 3), events_per_s: Math.round(eventsPerSecond), placements: requests,
    placements_per_s: Math.round(requests / wall), us_per_request: round((wall * 1e6) / requests, 3),
    placement_us: round(placement.meanUs, 3),
    rejection_rate: round(requests > 0 ? (requests - placed) / requests : NaN, 6), pending_events: pending,
    peak_rss_mib: Math.round(peakRssMiB), bare_events_per_s: Math.round(bare.eventsPerSecond),
    limit_ratio: round(eventsPerSecond / bare.eventsPerSecond, 3),
    warm_limit_ratio: round(warmEventsPerSecond / bare.eventsPerSecond, 3),
    heap_events_per_s: Math.round(heap.eventsPerSecond), heap_limit_ratio: round(eventsPerSecond / heap.eventsPerSecond, 3),
    load_avg_1m: round(load1, 2),
  };
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function pad(values: (string | number | null)[], widths: number[]): string {
  // NaN arrives as null through the child's JSON line: shown as '-' (an empty cell in bench.csv).
  const text = (v: string | number | null) => (v === null || Number.isNaN(v) ? '-' : String(v));
  return values.map((v, i) => (i < 3 ? text(v).padEnd(widths[i]) : text(v).padStart(widths[i]))).join('  ');
}

async function main(argv: string[]): Promise<void> {
  const childAt = argv.indexOf('--child');
  if (childAt >= 0) {
    process.stdout.write(`${JSON.stringify(runChild(argv[childAt + 1]))}\n`);
    return;
  }
  const quick = argv.includes('--quick');
  const onlyAt = argv.indexOf('--only');
  const only = onlyAt >= 0 ? argv[onlyAt + 1] : undefined;
  const repeatAt = argv.indexOf('--repeat');
  const repeats = repeatAt >= 0 ? Number(argv[repeatAt + 1]) : 1;
  if (!Number.isInteger(repeats) || repeats < 1) {
    process.stderr.write(`bench: --repeat expects a whole number ≥ 1, got ${String(argv[repeatAt + 1])}\n`);
    process.exitCode = 2;
    return;
  }
  const skipAt = argv.indexOf('--skip');
  const skip = skipAt >= 0 ? argv[skipAt + 1] : undefined;
  const selected = benchScenarios().filter((s) => (!quick || s.quick) && (!only || s.id.includes(only)) &&
    (!skip || !s.id.includes(skip)));
  const script = fileURLToPath(import.meta.url);
  const shown: (keyof ChildRow)[] = ['scenario', 'hosts', 'style', 'runs', 'events', 'wall_s', 'cpu_s', 'first_run_s', 'events_per_s',
    'placements_per_s', 'us_per_request', 'placement_us', 'rejection_rate', 'peak_rss_mib', 'bare_events_per_s',
    'limit_ratio', 'warm_limit_ratio', 'heap_limit_ratio', 'load_avg_1m'];
  const headers = ['scenario', 'hosts', 'style', 'runs', 'events', 'wall s', 'cpu s', '1st run s', 'events/s', 'placements/s',
    'µs/request', 'µs/placement', 'rejection', 'peak RSS MiB', 'bare events/s', 'limit ratio', 'warm ratio', 'heap ratio',
    'load'];
  const widths = [30, 6, 9, 4, 10, 8, 8, 9, 10, 12, 10, 12, 9, 12, 13, 11, 10, 10, 5];
  const childRows = new Map<string, ChildRow[]>(selected.map((s) => [s.id, []]));
  // Rounds interleaved, so a slow minute on the machine spreads over all scenarios instead of falling on one.
  for (let round = 1; round <= repeats; round++) {
    if (repeats > 1) process.stdout.write(`${round === 1 ? '' : '\n'}round ${round} of ${repeats}\n`);
    process.stdout.write(`${pad(headers, widths)}\n`);
    for (const spec of selected) {
      const out = execFileSync(process.execPath, [...process.execArgv, script, '--child', spec.id],
        { encoding: 'utf8', maxBuffer: 1 << 20, stdio: ['ignore', 'pipe', 'inherit'] });
      const row = JSON.parse(out.trim().split('\n').pop() as string) as ChildRow;
      childRows.get(spec.id)?.push(row);
      process.stdout.write(`${pad(shown.map((k) => row[k]), widths)}\n`);
    }
  }
  const rows = selected.map((s) => summariseRepeats(childRows.get(s.id) ?? []));
  if (repeats > 1) {
    process.stdout.write(`\nmedians over ${repeats} processes per scenario (limit ratio: median, then min–max)\n`);
    process.stdout.write(`${pad([...headers.slice(0, -1), 'ratio range'], [...widths.slice(0, -1), 13])}\n`);
    for (const row of rows) {
      const cells = shown.slice(0, -1).map((k) => row[k]);
      const range = `${row.limit_ratio_min}–${row.limit_ratio_max}`;
      process.stdout.write(`${pad([...cells, range], [...widths.slice(0, -1), 13])}\n`);
    }
  }
  const dir = join('results', 'bench');
  mkdirSync(dir, { recursive: true });
  await writeCsvFiles([{ path: join(dir, 'bench.csv'), columns: COLUMNS, rows: rows.map((r) => COLUMNS.map((c) => r[c])) }]);
  process.stdout.write(`\nrows written to ${join(dir, 'bench.csv')}\n`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
