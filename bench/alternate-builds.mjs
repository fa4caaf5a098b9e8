// Event-loop CPU of two or more builds on a first-fit scaling row (bench/scenarios.ts scalingScenario), in one
// process, alternating run by run, for comparisons on a loaded machine
// (bench/README.md, "The 50,000-host departure, fifteenth round"): each build's modules are imported once, its
// Simulator.run is wrapped with process.cpuUsage, and the order is reversed every round, so load and heap state fall
// on every build alike. One JSON line per run; run with --expose-gc to collect between runs.
// The order still counts: at 50,000 hosts the same two builds gave a median ratio of 0.88 with one named first and
// 1.25 with the other (bench/README.md, "The 50,000-host request, sixteenth round"); run both orders, and confirm with
// separate-process pairs (bench/cpu-rows.mjs) before trusting a difference.
//
//   node --expose-gc bench/alternate-builds.mjs HOSTS DAYS ROUNDS DIST... (DIST: a build's dist/ folder, absolute)

const [hosts, days, rounds, ...dists] = process.argv.slice(2);
if (!hosts || !days || !rounds || dists.length === 0) {
  process.stderr.write('usage: node --expose-gc bench/alternate-builds.mjs HOSTS DAYS ROUNDS DIST...\n');
  process.exit(2);
}
const builds = [];
for (const dist of dists) {
  const { scalingScenario } = await import(`${dist}/bench/scenarios.js`);
  const { resolveScenario } = await import(`${dist}/src/scenario/load-scenario.js`);
  const { runReplication } = await import(`${dist}/src/experiment/run-replication.js`);
  const { Simulator } = await import(`${dist}/src/engine/simulator.js`);
  const build = { dist, loopCpuS: 0, runReplication,
    loaded: resolveScenario(scalingScenario(Number(hosts), 'first-fit', Number(days)), 'alternate-builds') };
  const run = Simulator.prototype.run;
  Simulator.prototype.run = function loopTimed(horizon) {
    const start = process.cpuUsage();
    run.call(this, horizon);
    const d = process.cpuUsage(start);
    build.loopCpuS = (d.user + d.system) / 1e6;
  };
  builds.push(build);
}
for (let round = 0; round < Number(rounds); round++) {
  for (const build of round % 2 === 0 ? builds : [...builds].reverse()) {
    const result = build.runReplication(build.loaded, 0, 0, { vmLog: false, eventLog: false, timeseries: true, fastPath: true });
    console.log(JSON.stringify({ dist: build.dist, round, requests: result.summary.requests,
      loopCpuS: +build.loopCpuS.toFixed(3) }));
    globalThis.gc?.();
  }
}
