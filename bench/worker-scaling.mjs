// Replications on 1 vs 2 workers, and the ceiling no pool can beat: the same replications split over two separate
// 1-worker processes started together. Alternates the three in each round; prints wall and CPU seconds per run (CPU
// per thread kind from bench/thread-cpu.cjs: main thread, pool threads, V8/libuv helpers; for the two processes,
// main + helpers of each) and the median ratios.
//
//   node bench/worker-scaling.mjs /tmp/scale4000.json --reps 8 --rounds 3 [--node-flags "--single-threaded-gc"]
//
// Runs the bundle of the current folder (dist/bundle/cli/main.js; npm run build first). Linux only (/proc).

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({ allowPositionals: true, options: {
  reps: { type: 'string', default: '8' }, rounds: { type: 'string', default: '3' }, 'node-flags': { type: 'string', default: '' } } });
const [scenario] = positionals;
const reps = Number(values.reps);
if (!scenario || !Number.isInteger(reps) || reps < 2 || reps % 2 !== 0) {
  process.stderr.write('usage: node bench/worker-scaling.mjs SCENARIO.json [--reps EVEN] [--rounds N] [--node-flags "..."]\n');
  process.exit(2);
}
const bin = resolve('dist/bundle/cli/main.js');
const preload = resolve('bench/thread-cpu.cjs');
const flags = values['node-flags'].split(' ').filter(Boolean);
const scratch = mkdtempSync(join(tmpdir(), 'worker-scaling-'));

/** One `capsim run` process: wall seconds and CPU seconds by thread kind. */
function runOnce(workers, replications, out) {
  const tids = join(scratch, `tids-${Math.random().toString(36).slice(2)}`);
  const args = [...flags, '-r', preload, bin, 'run', resolve(scenario), '--replications', String(replications),
    '--workers', String(workers), '--quiet', '--out', out];
  const started = process.hrtime.bigint();
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, args, { env: { ...process.env, THREAD_CPU_TIDS: tids }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', fail);
    child.on('close', (code) => {
      const wall = Number(process.hrtime.bigint() - started) / 1e9;
      const line = stderr.split('\n').find((l) => l.startsWith('thread-cpu '));
      if (code !== 0 || !line) return fail(new Error(`capsim exited ${code}: ${stderr}`));
      const cpu = JSON.parse(line.slice('thread-cpu '.length));
      done({ wall, ...cpu, cpu: cpu.main + cpu.pool + cpu.helpers });
    });
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const f2 = (x) => x.toFixed(2);
const rows = { one: [], two: [], pair: [] };
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
console.log('| round | run | wall s | CPU s (main + pool + helpers) | load |');
console.log('|---|---|---|---|---|');
for (let round = 1; round <= Number(values.rounds); round++) {
  const one = await runOnce(1, reps, join(scratch, 'one'));
  rows.one.push(one);
  console.log(`| ${round} | 1 worker, ${reps} reps | ${f2(one.wall)} | ${f2(one.cpu)} (${one.main} + ${one.pool} + ${one.helpers}) | ${load()} |`);
  const two = await runOnce(2, reps, join(scratch, 'two'));
  rows.two.push(two);
  console.log(`| ${round} | 2 workers, ${reps} reps | ${f2(two.wall)} | ${f2(two.cpu)} (${two.main} + ${two.pool} + ${two.helpers}) | ${load()} |`);
  const started = process.hrtime.bigint();
  const pair = await Promise.all([runOnce(1, reps / 2, join(scratch, 'a')), runOnce(1, reps / 2, join(scratch, 'b'))]);
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = pair[0].cpu + pair[1].cpu;
  rows.pair.push({ wall, cpu });
  const split = pair.map((p) => `${p.main} + ${p.helpers}`).join(' + ');
  console.log(`| ${round} | two 1-worker processes, ${reps / 2} reps each | ${f2(wall)} | ${f2(cpu)} (${split}) | ${load()} |`);
}
const name = JSON.parse(readFileSync(scenario, 'utf8')).name;
const same = readFileSync(join(scratch, 'one', name, 'summary.csv')).equals(readFileSync(join(scratch, 'two', name, 'summary.csv')));
const w = (k) => median(rows[k].map((r) => r.wall));
const c = (k) => median(rows[k].map((r) => r.cpu));
console.log(`\nmedians: 1 worker ${f2(w('one'))} s wall / ${f2(c('one'))} s CPU; 2 workers ${f2(w('two'))} / ${f2(c('two'))}; ` +
  `two processes ${f2(w('pair'))} / ${f2(c('pair'))}`);
console.log(`2 workers vs 1: ${f2(w('one') / w('two'))}x wall; two processes vs 1 (the ceiling): ${f2(w('one') / w('pair'))}x; ` +
  `summary.csv of 1 and 2 workers ${same ? 'byte-identical' : 'DIFFERENT'}`);
rmSync(scratch, { recursive: true, force: true });
