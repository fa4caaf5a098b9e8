#!/usr/bin/env node
// kill -9 (and, every other trial, SIGTERM) at random moments during `capsim run --vm-log`, then checks the results
// folder: every file under its final name must be byte-identical to the same file of an uninterrupted run (same
// scenario and seed, so same bytes); after a SIGTERM no temporary `.partial-` file may remain, and after the next
// run into the folder none at all.
// Usage: npm run build && node scripts/kill-during-run.mjs [trials=20] [seed=1]

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const MAIN = join(ROOT, 'dist', 'src', 'cli', 'main.js');
const trials = Number(process.argv[2] ?? 20);
let state = Number(process.argv[3] ?? 1) >>> 0;
/** mulberry32, so a series of kill moments can be replayed. */
const random = () => {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = Math.imul(state ^ (state >>> 15), state | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const root = mkdtempSync(join(tmpdir(), 'capsim-kill-'));
const scenario = join(root, 'kill.yaml');
writeFileSync(scenario, `name: kill
horizon: 10d
replications: 3
sampleInterval: 10m
fleet: [{ group: a, count: 64, cpus: 32, ramMiB: 262144, diskGiB: 4000 }]
workload:
  arrivals: { poisson: { ratePerHour: 200 } }
  lifetime: { exponential: { mean: 1d } }
  flavors: [{ name: small, vcpus: 2, ramMiB: 4096, diskGiB: 40 }, { name: large, vcpus: 8, ramMiB: 16384, diskGiB: 80 }]
arms: [{ name: spread, nova: { weighers: [{ ram: 1 }] } }, { name: stack, nova: { weighers: [{ ram: -1 }] } }]
`);
const args = (out) => ['run', scenario, '--out', out, '--vm-log', '--event-log', '--quiet', '--workers', '1'];

const started = Date.now();
const reference = spawnSync(process.execPath, [MAIN, ...args(join(root, 'reference'))], { encoding: 'utf8' });
if (reference.status !== 0) throw new Error(`reference run failed: ${reference.stderr}`);
const fullMs = Date.now() - started;
const refDir = join(root, 'reference', 'kill');
const csvs = readdirSync(refDir).filter((f) => f.endsWith('.csv'));
const refBytes = new Map(csvs.map((f) => [f, readFileSync(join(refDir, f))]));

const tally = { trials: 0, killedBeforeExit: 0, terminatedBeforeExit: 0, partialsAfterSigterm: 0, finalFilesChecked: 0, truncatedOrDifferent: 0, partialsAfterKill: 0, partialsAfterNextRun: 0, nextRunFailures: 0 };
const out = join(root, 'killed');
for (let i = 0; i < trials; i++) {
  const delayMs = Math.round(random() * fullMs * 1.05);
  const child = spawn(process.execPath, [MAIN, ...args(out)], { stdio: 'ignore' });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  await new Promise((resolve) => setTimeout(resolve, delayMs));
  const term = i % 2 === 1;
  child.kill(term ? 'SIGTERM' : 'SIGKILL');
  const { code, signal } = await exited;
  tally.trials++;
  if (signal === 'SIGKILL') tally.killedBeforeExit++;
  if (term && code === 143) tally.terminatedBeforeExit++;
  const dir = join(out, 'kill');
  const names = existsSync(dir) ? readdirSync(dir) : [];
  const partials = names.filter((f) => f.includes('.partial-')).length;
  if (term) tally.partialsAfterSigterm += partials;
  else tally.partialsAfterKill += partials;
  for (const name of names.filter((f) => refBytes.has(f))) {
    tally.finalFilesChecked++;
    if (!readFileSync(join(dir, name)).equals(refBytes.get(name))) {
      tally.truncatedOrDifferent++;
      process.stdout.write(`trial ${i}: ${name} differs from the uninterrupted run\n`);
    }
  }
  if (names.includes('manifest.json')) {
    tally.finalFilesChecked++;
    try {
      const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
      for (const f of manifest.files) if (!existsSync(join(dir, f))) throw new Error(`lists missing ${f}`);
    } catch (error) {
      tally.truncatedOrDifferent++;
      process.stdout.write(`trial ${i}: manifest.json: ${error.message}\n`);
    }
  }
  // Every third trial, the next run is a whole one that must clean up; otherwise the next trial is the next run.
  if (i % 3 === 2 || i === trials - 1) {
    const next = spawnSync(process.execPath, [MAIN, ...args(out)], { encoding: 'utf8' });
    if (next.status !== 0) tally.nextRunFailures++;
    tally.partialsAfterNextRun += readdirSync(dir).filter((f) => f.includes('.partial-')).length;
  }
}
rmSync(root, { recursive: true, force: true });
process.stdout.write(`uninterrupted run ${fullMs} ms; ${JSON.stringify(tally)}\n`);
process.exitCode = tally.truncatedOrDifferent === 0 && tally.partialsAfterNextRun === 0 && tally.partialsAfterSigterm === 0 && tally.nextRunFailures === 0 ? 0 : 1;
