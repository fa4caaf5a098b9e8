// Self time per function over the samples of a `--cpu-prof` profile of bench/phase-split.mjs taken inside the event
// loop (below its `loopTimed` wrapper); GC and "(program)" samples count when the sample before them was inside.
//
//   node bench/prof-loop.mjs DIR [REQUESTS] [TOP]      (REQUESTS: the runs' requests, for µs per request)
import { readFileSync, readdirSync } from 'node:fs';

const [dir, requestsText = '0', topText = '25'] = process.argv.slice(2);
const requests = Number(requestsText);
const file = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))[0];
const profile = JSON.parse(readFileSync(`${dir}/${file}`, 'utf8'));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const inside = new Map();
const isInside = (id) => {
  if (!inside.has(id)) {
    let found = false;
    for (let x = id; x !== undefined && !found; x = parent.get(x)) found = byId.get(x).callFrame.functionName === 'loopTimed';
    inside.set(id, found);
  }
  return inside.get(id);
};
const self = new Map();
let total = 0, previousInside = false;
for (let i = 0; i < profile.samples.length; i++) {
  const id = profile.samples[i], frame = byId.get(id).callFrame, ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
  let use = isInside(id);
  if (!use && (frame.functionName === '(garbage collector)' || frame.functionName === '(program)')) use = previousInside;
  else previousInside = use;
  if (!use) continue;
  const key = `${frame.functionName || '(anon)'} ${frame.url.split('/').slice(-2).join('/')}:${frame.lineNumber + 1}`;
  self.set(key, (self.get(key) ?? 0) + ms);
  total += ms;
}
const perRequest = (ms) => (requests > 0 ? `${((1000 * ms) / requests).toFixed(3).padStart(7)} µs/request  ` : '');
console.log(`inside the loop: ${total.toFixed(0)} ms ${perRequest(total)}`);
for (const [key, ms] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, Number(topText))) {
  console.log(`${((100 * ms) / total).toFixed(1).padStart(5)} %  ${ms.toFixed(0).padStart(6)} ms  ${perRequest(ms)}${key}`);
}
