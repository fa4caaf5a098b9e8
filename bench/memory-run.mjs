// One replication of a scaling-series row, for memory work: `node bench/memory-run.mjs DIST DAYS [HOSTS] [STYLE]`
// (DIST: a build's dist/ folder, absolute). Prints events, requests, CPU seconds and peak RSS as one JSON line.
// MARK_EVERY=K prints RSS and heap every K capacity samples (stderr); SNAP_AT=K writes a heap snapshot at sample K
// (`node bench/heap-census.mjs FILE` sums it by constructor). Run it under `/usr/bin/time -v` and `--trace-gc` to
// see the live heap after each mark-compact.
import { writeHeapSnapshot } from 'node:v8';

const [dist, days = '5', hosts = '50000', style = 'first-fit'] = process.argv.slice(2);
const { scalingScenario } = await import(`${dist}/bench/scenarios.js`);
const { resolveScenario } = await import(`${dist}/src/scenario/load-scenario.js`);
const { runReplication } = await import(`${dist}/src/experiment/run-replication.js`);
const { RunMetrics } = await import(`${dist}/src/metrics/run-metrics.js`);

const snapAt = Number(process.env.SNAP_AT ?? 0), markEvery = Number(process.env.MARK_EVERY ?? 0);
if (snapAt > 0 || markEvery > 0) {
  let samples = 0;
  const sample = RunMetrics.prototype.sample;
  RunMetrics.prototype.sample = function (...args) {
    samples++;
    if (markEvery > 0 && samples % markEvery === 0) {
      const m = process.memoryUsage();
      console.error(`sample ${samples} rss ${(m.rss / 2 ** 20).toFixed(0)} MiB heapUsed ${(m.heapUsed / 2 ** 20).toFixed(0)} MiB arrayBuffers ${(m.arrayBuffers / 2 ** 20).toFixed(0)} MiB`);
    }
    if (samples === snapAt) console.error(`heap snapshot ${writeHeapSnapshot()}`);
    return sample.apply(this, args);
  };
}
const loaded = resolveScenario(scalingScenario(Number(hosts), style, Number(days)), 'memory-run');
const cpu0 = process.cpuUsage();
const result = runReplication(loaded, 0, 0, { vmLog: false, eventLog: false, timeseries: true, fastPath: true });
const cpu = process.cpuUsage(cpu0);
console.log(JSON.stringify({ events: result.eventsProcessed, requests: result.summary.requests, placed: result.summary.placed,
  cpuS: (cpu.user + cpu.system) / 1e6, peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024) }));
