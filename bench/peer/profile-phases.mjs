// Splits the main thread's CPU profile of a peer run into phases, by the outermost capsim function on each sample's
// stack (bench/README.md, "The arrival, fifteenth round"):
//
//   node --cpu-prof --cpu-prof-dir=DIR dist/bundle/cli/main.js run bench/peer/peer-1000.yaml --arm first-fit \
//     --workers 1 --quiet --out /tmp/peer
//   node bench/peer/profile-phases.mjs DIR        (reads the main thread's profile, the one named *.0.001.cpuprofile)
//
// Phases: start-up (node, module loading, yargs), scenario (YAML, zod, trace set-up), ingest wait (the simulation
// waiting for the trace reader's pieces), simulation (runReplication), output (results written after the runs), the
// git process's answer (source revision), garbage collection, and the rest (idle, program).

import { readFileSync, readdirSync } from 'node:fs';

const dir = process.argv[2];
if (!dir) {
  process.stderr.write('usage: node bench/peer/profile-phases.mjs DIR\n');
  process.exit(2);
}
const file = readdirSync(dir).find((f) => f.endsWith('.0.001.cpuprofile')) ?? readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
const profile = JSON.parse(readFileSync(`${dir}/${file}`, 'utf8'));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

/** The phase of a profile node: the first rule that matches a function on its stack, innermost rules first. */
function phase(id) {
  const names = [];
  for (let at = id; at !== undefined; at = parent.get(at)) names.push(byId.get(at).callFrame.functionName);
  const has = (name) => names.includes(name);
  if (names[0] === '(garbage collector)') return 'garbage collection';
  if (has('receive')) return 'ingest wait';
  if (has('runReplication')) return 'simulation';
  if (has('exithandler')) return 'source revision (git)';
  if (has('loadInputs')) return 'scenario';
  if (has('runAll')) return 'output';
  if (names[0] === '(idle)' || names[0] === '(program)') return 'idle, program';
  return 'start-up';
}

const ms = new Map();
let total = 0;
for (let i = 0; i < profile.samples.length; i++) {
  const t = (profile.timeDeltas[i] ?? 0) / 1000;
  const p = phase(profile.samples[i]);
  ms.set(p, (ms.get(p) ?? 0) + t);
  total += t;
}
console.log(`${file}: ${total.toFixed(0)} ms of samples`);
for (const [p, t] of [...ms].sort((a, b) => b[1] - a[1])) {
  console.log(`${t.toFixed(0).padStart(7)} ms ${(100 * t / total).toFixed(1).padStart(5)} %  ${p}`);
}
