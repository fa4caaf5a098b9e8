#!/usr/bin/env node
// Re-runs the hostile and careless inputs of the bad-input audit against the built CLI (dist/) and prints a tally:
// internal errors (a stack trace, or exit 1 where no file system fault was involved), hangs (no exit within
// 30 s), wrong exit 0, and leaks (more than 40 characters of a secret file in a message). Goal: all zero.
// Usage: npm run build && node scripts/hostile-inputs.mjs [--verbose]
// Cases that need a small or read-only file system mount a tmpfs (root only; skipped otherwise).

import { spawnSync, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const MAIN = join(ROOT, 'dist', 'src', 'cli', 'main.js');
const verbose = process.argv.includes('--verbose');
const root = mkdtempSync(join(tmpdir(), 'capsim-hostile-'));
const isRoot = process.getuid?.() === 0;
const mounts = [];

function capsim(args, env = {}) {
  const r = spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', timeout: 30_000, env: { ...process.env, ...env }, killSignal: 'SIGKILL' });
  return { code: r.status, signal: r.signal, stdout: r.stdout ?? '', stderr: r.stderr ?? '', hung: r.error?.code === 'ETIMEDOUT' || r.signal === 'SIGKILL' };
}

const BASE = `name: hostile
horizon: 2d
replications: 2
sampleInterval: 1h
fleet: [{ group: a, count: 4, cpus: 16, ramMiB: 65536, diskGiB: 1000 }]
workload:
  arrivals: { poisson: { ratePerHour: 3 } }
  lifetime: { exponential: { mean: 12h } }
  flavors: [{ name: small, vcpus: 1, ramMiB: 2048, diskGiB: 20 }]
arms: [{ name: kvm }]
`;
const TRACE_BASE = (trace) => `name: t
horizon: 1h
fleet: [{ group: a, count: 1, cpus: 8, ramMiB: 8192, diskGiB: 100 }]
workload: { trace: ${JSON.stringify(trace)}, flavors: [{ name: small, vcpus: 1, ramMiB: 1024, diskGiB: 10 }] }
arms: [{ name: kvm }]
`;

let n = 0;
function dir() {
  const d = join(root, `c${n++}`);
  mkdirSync(d);
  return d;
}
function file(d, name, text) {
  writeFileSync(join(d, name), text);
  return join(d, name);
}
const base = (d) => file(d, 's.yaml', BASE);

/** Each case: [name, () => result, expected: 2 | 'io' | 0, extra check (stderr, result) → problem text or ''] */
const cases = [];
const add = (name, run, expect = 2, check = () => '') => cases.push({ name, run, expect, check });

// Documents that are empty or not a mapping.
for (const [name, text] of [['empty', ''], ['comment-only', '# nothing\n'], ['null', 'null\n'], ['tilde', '~\n']]) {
  add(`${name} YAML document`, () => capsim(['validate', file(dir(), 's.yaml', text)]));
}
add('null JSON document', () => capsim(['validate', file(dir(), 's.json', 'null')]));
// Prototype pollution.
add('--set __proto__.x=1', () => capsim(['run', base(dir()), '--set', '__proto__.x=1', '--out', join(root, 'never')]));
add('--set fleet[0].__proto__.count=0', () => capsim(['validate', base(dir()), '--set', 'fleet[0].__proto__.count=0']));
add('--set constructor.prototype.x=1', () => capsim(['validate', base(dir()), '--set', 'constructor.prototype.x=1']));
add('sweep --vary __proto__.x=1,2', () => capsim(['sweep', base(dir()), '--vary', '__proto__.x=1,2', '--out', join(root, 'never')]));
add('scenario sweep.vary "__proto__.polluted"', () => { const d = dir(); return capsim(['sweep', file(d, 's.yaml', `${BASE}sweep:\n  vary:\n    "__proto__.polluted": [1, 2]\n`), '--out', join(d, 'o')]); });
add('scenario key __proto__ (JSON)', () => capsim(['validate', file(dir(), 's.json', '{"__proto__": {"polluted": 1}, "name": "x"}')]));
// Parser limits.
add('JSON nested 100,000 deep', () => capsim(['validate', file(dir(), 's.json', `{"name": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`)]));
add('YAML flow nested 100,000 deep', () => capsim(['validate', file(dir(), 's.yaml', `name: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`)]));
add('JSON duplicate keys', () => capsim(['validate', file(dir(), 's.json', '{"name": "a", "name": "b"}')]));
add('unknown YAML tag !foo', () => capsim(['validate', file(dir(), 's.yaml', BASE.replace('horizon: 2d', 'horizon: !foo 2d'))]));
add('unknown YAML tag in --set', () => capsim(['validate', base(dir()), '--set', 'horizon=!foo 2d']));
// Output names.
add('--out /etc/hostname', () => capsim(['run', base(dir()), '--out', '/etc/hostname']));
add('300-character name', () => capsim(['run', base(dir()), '--set', `name=${'n'.repeat(300)}`, '--out', join(root, 'never')]));
// Numbers that overflow or make runs endless.
for (const set of ['horizon="1e400s"', 'horizon=1e308', 'workload.arrivals.poisson.ratePerHour=1e308', 'workload.arrivals.poisson.ratePerHour=1e7',
  'replications=1e9', 'sampleInterval=1ms', 'sampleInterval=1e-300', 'workload.flavors[0].weight=1e308', 'fleet[0].count=1e9', 'fleet[0].count=.inf']) {
  add(`run --set ${set}`, () => capsim(['run', base(dir()), '--set', set, '--out', join(root, 'never'), '--quiet']));
}
add('validate fleet[0].count: 1e9 (in the file)', () => capsim(['validate', file(dir(), 's.yaml', BASE.replace('count: 4', 'count: 1e9'))]));
add('validate fleet[0].count: .inf (in the file)', () => capsim(['validate', file(dir(), 's.yaml', BASE.replace('count: 4', 'count: .inf'))]));
add('flavor weights 1e308 (two flavors)', () => capsim(['validate', file(dir(), 's.yaml', BASE.replace('flavors: [{ name: small, vcpus: 1, ramMiB: 2048, diskGiB: 20 }]',
  'flavors: [{ name: small, vcpus: 1, ramMiB: 2048, diskGiB: 20, weight: 1e308 }, { name: big, vcpus: 2, ramMiB: 4096, diskGiB: 20, weight: 1e308 }]'))]));
// Special files.
add('a FIFO as the scenario', () => { const d = dir(); execFileSync('mkfifo', [join(d, 'fifo.yaml')]); return capsim(['validate', join(d, 'fifo.yaml')]); });
add('a folder as the scenario', () => capsim(['validate', dir()]));
add('/dev/zero as a trace', () => capsim(['validate', file(dir(), 's.yaml', TRACE_BASE('/dev/zero'))]));
add('a FIFO as a trace', () => { const d = dir(); execFileSync('mkfifo', [join(d, 't.csv')]); return capsim(['validate', file(d, 's.yaml', TRACE_BASE('t.csv'))]); });
add('trace time 0x10', () => { const d = dir(); file(d, 't.csv', 'time_s,flavor,lifetime_s\n0x10,small,60\n'); return capsim(['validate', file(d, 's.yaml', TRACE_BASE('t.csv'))]); });
add('trace time Infinity', () => { const d = dir(); file(d, 't.csv', 'time_s,flavor,lifetime_s\nInfinity,small,60\n'); return capsim(['validate', file(d, 's.yaml', TRACE_BASE('t.csv'))]); });
// Leaks.
const SECRET = 'capsim-hostile-secret-0123456789abcdefghijklmnopqrstuvwxyz';
add('/proc/self/environ as a trace (no secret echoed)', () => capsim(['validate', file(dir(), 's.yaml', TRACE_BASE('/proc/self/environ'))], { CAPSIM_SECRET: SECRET }),
  2, (stderr) => (stderr.includes(SECRET.slice(0, 41)) ? 'environment printed' : ''));
if (existsSync('/etc/shadow')) {
  add('/etc/shadow as a trace (at most 40 characters echoed)', () => capsim(['validate', file(dir(), 's.yaml', TRACE_BASE('/etc/shadow'))]), 2, (stderr) => {
    let text = '';
    try { text = readFileSync('/etc/shadow', 'utf8'); } catch { return ''; }
    for (let i = 0; i + 41 <= text.length; i++) if (stderr.includes(text.slice(i, i + 41))) return 'more than 40 characters of /etc/shadow printed';
    return '';
  });
}
add('a wide header (first few unknown columns only)', () => { const d = dir(); file(d, 't.csv', `${Array.from({ length: 500 }, (_, i) => `secret${i}`).join(',')}\n`); return capsim(['validate', file(d, 's.yaml', TRACE_BASE('t.csv'))]); },
  2, (stderr) => (stderr.includes('secret10') ? 'more than the first few unknown columns printed' : ''));
// Report.
add('capsim report on a missing folder', () => capsim(['report', join(root, 'missing')]));
add('capsim report on a broken folder', () => { const d = dir(); file(d, 'manifest.json', '{ "scenario": '); return capsim(['report', d]); });
add('capsim report on an empty folder', () => capsim(['report', dir()]));
// Results folder: an earlier run's file that the new run does not write.
add('stale vms.csv of an earlier run is removed and not reported', () => {
  const d = dir();
  const s = base(d);
  const first = capsim(['run', s, '--out', join(d, 'o'), '--vm-log', '--quiet', '--workers', '1']);
  if (first.code !== 0) return first;
  const second = capsim(['run', s, '--out', join(d, 'o'), '--quiet', '--workers', '1', '--report']);
  return { ...second, extra: existsSync(join(d, 'o', 'hostile', 'vms.csv')) ? 'vms.csv of the first run is still there' : '' };
}, 0);
// Merge of a shard whose run record was cut short.
add('merge with a truncated run record', () => {
  const d = dir();
  const s = base(d);
  for (const i of [0, 1]) {
    const r = capsim(['sweep', s, '--vary', 'seed=1,2', '--shard', `${i}/2`, '--out', join(d, `shard${i}`), '--quiet', '--workers', '1']);
    if (r.code !== 0) return r;
  }
  const runs = join(d, 'shard0', 'hostile', 'runs');
  const record = join(runs, readdirSync(runs).find((f) => f.endsWith('.json')));
  truncateSync(record, 20);
  return capsim(['merge', join(d, 'shard0'), join(d, 'shard1'), '--out', join(d, 'merged')]);
});
add('merge with a truncated sweep.json', () => {
  const d = dir();
  const r = capsim(['sweep', base(d), '--vary', 'seed=1,2', '--shard', '0/2', '--out', join(d, 'shard0'), '--quiet', '--workers', '1']);
  if (r.code !== 0) return r;
  truncateSync(join(d, 'shard0', 'hostile', 'sweep.json'), 30);
  return capsim(['merge', join(d, 'shard0'), '--out', join(d, 'merged')]);
});
// File-system faults (a small tmpfs; a read-only one).
function mountTmpfs(options) {
  const d = dir();
  execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', d]);
  mounts.push(d);
  return d;
}
if (isRoot) {
  add('disk full during the run (ENOSPC)', () => {
    const d = mountTmpfs('size=96k');
    const r = capsim(['run', base(dir()), '--out', d, '--vm-log', '--quiet', '--workers', '1', '--set', 'workload.arrivals.poisson.ratePerHour=200']);
    const left = readdirSync(join(d, 'hostile')).filter((f) => f.includes('.partial-'));
    return { ...r, extra: left.length > 0 ? `left ${left.join(', ')}` : '' };
  }, 'io');
  add('read-only output folder (EROFS) refused before the run', () => {
    const d = mountTmpfs('size=1m');
    execFileSync('mount', ['-o', 'remount,ro', d]);
    return capsim(['run', base(dir()), '--out', d, '--quiet']);
  }, 'any-clean');
}

const tally = { cases: 0, ok: 0, internal: 0, hangs: 0, exit0: 0, leaks: 0, other: 0 };
try {
  for (const c of cases) {
    const started = Date.now();
    const r = c.run();
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const stack = /\n\s+at |internal error/.test(r.stderr);
    const leak = c.check(r.stderr, r);
    let verdict;
    if (r.hung) verdict = 'hang';
    else if (stack || (r.code !== 0 && r.code !== 1 && r.code !== 2)) verdict = 'internal';
    else if (leak) verdict = 'leak';
    else if (c.expect === 0) verdict = r.code === 0 && !r.extra ? 'ok' : 'other';
    else if (r.code === 0) verdict = 'exit0';
    else if (c.expect === 2) verdict = r.code === 2 ? 'ok' : 'other';
    else if (c.expect === 'io') verdict = r.code === 1 && /^capsim: cannot .*\((ENOSPC|EDQUOT)\)$/.test(r.stderr.trim()) && !r.extra ? 'ok' : 'other';
    else verdict = r.stderr.trim().split('\n').length === 1 ? 'ok' : 'other';
    tally.cases++;
    tally[{ ok: 'ok', hang: 'hangs', internal: 'internal', leak: 'leaks', exit0: 'exit0', other: 'other' }[verdict]]++;
    const first = r.stderr.trim().split('\n')[0] ?? '';
    process.stdout.write(`${verdict === 'ok' ? 'ok  ' : verdict.toUpperCase().padEnd(4)} exit ${r.code ?? r.signal} ${seconds}s  ${c.name}${verbose || verdict !== 'ok' ? `\n      ${first.slice(0, 200)}${leak ? ` [${leak}]` : ''}${r.extra ? ` [${r.extra}]` : ''}` : ''}\n`);
  }
} finally {
  for (const m of mounts.reverse()) spawnSync('umount', [m]);
  rmSync(root, { recursive: true, force: true });
}
process.stdout.write(`\n${tally.cases} cases: ${tally.ok} as expected; internal errors ${tally.internal}, hangs ${tally.hangs}, wrong exit 0 ${tally.exit0}, leaks ${tally.leaks}, other ${tally.other}\n`);
process.exitCode = tally.ok === tally.cases ? 0 : 1;
