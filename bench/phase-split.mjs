// One scaling-series row, RUNS runs in one process, each run's CPU split into the event loop (Simulator.run) and the
// rest (world building, the equilibrium start, the horizon's bookkeeping), per request:
//
//   node bench/phase-split.mjs DIST DAYS HOSTS STYLE RUNS      (DIST: a build's dist/ folder, absolute)
//
// One JSON line per run. Under `node --cpu-prof`, `node bench/prof-loop.mjs DIR REQUESTS` then keeps the samples
// taken inside the event loop (this file's wrapper of Simulator.run).
const [dist, days = '3', hosts = '50000', style = 'first-fit', runs = '1'] = process.argv.slice(2);
const { scalingScenario } = await import(`${dist}/bench/scenarios.js`);
const { resolveScenario } = await import(`${dist}/src/scenario/load-scenario.js`);
const { runReplication } = await import(`${dist}/src/experiment/run-replication.js`);
const { Simulator } = await import(`${dist}/src/engine/simulator.js`);

let loopCpuUs = 0, loopWallMs = 0;
const run = Simulator.prototype.run;
Simulator.prototype.run = function loopTimed(horizon) {
  const cpu = process.cpuUsage(), wall = performance.now();
  run.call(this, horizon);
  const d = process.cpuUsage(cpu);
  loopCpuUs = d.user + d.system;
  loopWallMs = performance.now() - wall;
};
const loaded = resolveScenario(scalingScenario(Number(hosts), style, Number(days)), 'phase-split');
for (let r = 0; r < Number(runs); r++) {
  const cpu = process.cpuUsage(), wall = performance.now();
  const result = runReplication(loaded, 0, 0, { vmLog: false, eventLog: false, timeseries: true, fastPath: true });
  const d = process.cpuUsage(cpu), totalUs = d.user + d.system, requests = result.summary.requests;
  console.log(JSON.stringify({ run: r, hosts: Number(hosts), days: Number(days), requests, events: result.eventsProcessed,
    cpuS: +(totalUs / 1e6).toFixed(3), loopCpuS: +(loopCpuUs / 1e6).toFixed(3), restCpuS: +((totalUs - loopCpuUs) / 1e6).toFixed(3),
    loopCpuUsPerRequest: +(loopCpuUs / requests).toFixed(3), cpuUsPerRequest: +(totalUs / requests).toFixed(3),
    wallS: +((performance.now() - wall) / 1e3).toFixed(3), loopWallS: +(loopWallMs / 1e3).toFixed(3),
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024) }));
}
