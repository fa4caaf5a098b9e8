// The emitted Slurm workflow against a real one-node Slurm (slurmctld + slurmd + munge, started by .ci/slurm.sh):
// the merged summary.csv and comparison.csv are byte-identical to the one-machine sweep; a cancelled shard makes the
// merge job fail and name it, and `bash <workflow> --resume` runs only that shard and repairs the results.
// With CI=true this must run (Slurm is installed when missing) and fails if Slurm cannot start; elsewhere it is
// skipped when Slurm is not installed.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { capsim, readCsvs, ROOT, SMALL, tempDir } from '../sweep/support.js';

const SCRIPT = join(ROOT, '.ci', 'slurm.sh');
const IN_CI = process.env.CI === 'true';
const INSTALLED = ['slurmctld', 'slurmd', 'sbatch', 'scontrol', 'munged'].every(
  (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0);
const SKIP = !IN_CI && !INSTALLED;
const TITLE = SKIP
  ? 'sweeps on a real Slurm (skipped: Slurm is not installed here; CI=true installs it with .ci/slurm.sh install)'
  : 'sweeps on a real Slurm';
const NAME = 'small-sweep';
const VARY = ['--vary', 'workload.arrivals.poisson.ratePerHour=3,5']; // 2 points × 2 arms × 3 replications, 4 shards
const TERMINAL = new Set(['COMPLETED', 'FAILED', 'CANCELLED', 'TIMEOUT', 'NODE_FAIL', 'OUT_OF_MEMORY', 'PREEMPTED', 'BOOT_FAIL', 'DEADLINE']);

describe.skipIf(SKIP)(TITLE, () => {
  const dir = tempDir('slurm');
  const env = { ...process.env, SLURM_CONF: join(dir, 'slurm.conf') };
  const stop = () => spawnSync('bash', [SCRIPT, 'stop', dir], { stdio: 'ignore' });
  let reference: Record<string, string>;

  beforeAll(() => {
    process.once('exit', stop); // also when the test run is interrupted
    if (IN_CI) {
      const install = spawnSync('bash', [SCRIPT, 'install'], { encoding: 'utf8' });
      if (install.status !== 0) throw new Error(`cannot install Slurm:\n${install.stderr}`);
    }
    const start = spawnSync('bash', [SCRIPT, 'start', dir], { encoding: 'utf8' });
    if (start.status !== 0) throw new Error(`Slurm did not start:\n${start.stderr}`);
    const local = capsim(['sweep', SMALL, ...VARY, '--out', join(dir, 'local'), '--quiet']);
    expect(local.code).toBe(0);
    reference = readCsvs(join(dir, 'local', NAME), ['summary.csv', 'comparison.csv']);
  });
  afterAll(() => {
    stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Jobs and their states: `scontrol -o show job` prints one line per array task. */
  function states(job: string): { task: string; state: string }[] {
    const r = spawnSync('scontrol', ['-o', 'show', 'job', job], { encoding: 'utf8', env });
    return r.stdout.trim().split('\n').filter(Boolean).map((line) => ({
      task: /ArrayTaskId=(\S+)/.exec(line)?.[1] ?? '',
      state: /JobState=(\S+)/.exec(line)?.[1] ?? '',
    }));
  }

  /** Polls scontrol every 0.2 s until every task of the job has ended (sbatch --wait polls far less often). */
  async function waitFor(job: string): Promise<{ task: string; state: string }[]> {
    for (let i = 0; i < 900; i++) {
      const s = states(job);
      if (s.length > 0 && s.every((t) => TERMINAL.has(t.state))) return s;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`job ${job} did not end in 180 s: ${JSON.stringify(states(job))}`);
  }

  function emitAndSubmit(out: string, throttle: number, ...submitArgs: string[]): { script: string; array: string; merge: string; stdout: string } {
    const script = join(out, 'study.sh');
    spawnSync('mkdir', ['-p', out]);
    const emit = capsim(['sweep', SMALL, ...VARY, '--out', out, '--emit-to', script, '--shards', '4', '--slurm-throttle', String(throttle),
      '--slurm-time', '0:10:00', '--slurm-mem', '64M', '--slurm-merge-mem', '64M', '--quiet']);
    expect(emit.code).toBe(0);
    return { script, ...submit(script, ...submitArgs) };
  }

  function submit(script: string, ...args: string[]): { array: string; merge: string; stdout: string } {
    const r = spawnSync('bash', [script, ...args], { encoding: 'utf8', env });
    if (r.status !== 0) throw new Error(`submitting ${script} failed:\n${r.stderr}`);
    return { array: /CAPSIM_ARRAY_JOB=(\S*)/.exec(r.stdout)![1], merge: /CAPSIM_MERGE_JOB=(\S+)/.exec(r.stdout)![1], stdout: r.stdout };
  }

  it('runs the whole study with one submit command; the merged files equal the one-machine sweep byte for byte', async () => {
    const out = join(dir, 'study');
    const { array, merge } = emitAndSubmit(out, 2);
    expect(await waitFor(merge)).toEqual([{ task: '', state: 'COMPLETED' }]);
    const tasks = await waitFor(array);
    expect(tasks.map((t) => t.task).sort()).toEqual(['0', '1', '2', '3']);
    expect(tasks.every((t) => t.state === 'COMPLETED')).toBe(true);
    expect(readCsvs(join(out, NAME), ['summary.csv', 'comparison.csv'])).toEqual(reference);
  });

  it('a cancelled shard fails the merge job, which names it; --resume runs only that shard and repairs the results', async () => {
    const out = join(dir, 'cancelled');
    const first = emitAndSubmit(out, 1);
    // Throttle 1: task 3 is still pending behind 0, 1 and 2 when it is cancelled.
    const cancel = spawnSync('scancel', [`${first.array}_3`], { encoding: 'utf8', env });
    expect(cancel.status).toBe(0);
    expect(await waitFor(first.merge)).toEqual([{ task: '', state: 'FAILED' }]);
    const log = readFileSync(join(out, 'logs', `merge-${first.merge}.out`), 'utf8');
    expect(log).toContain('shard 3/4: missing');
    expect(log).not.toMatch(/shard [012]\/4/);

    const again = submit(first.script, '--resume');
    expect(again.stdout).toContain('runs shards 3 of 4');
    expect(await waitFor(again.merge)).toEqual([{ task: '', state: 'COMPLETED' }]);
    expect(await waitFor(again.array)).toEqual([{ task: '3', state: 'COMPLETED' }]);
    expect(readCsvs(join(out, NAME), ['summary.csv', 'comparison.csv'])).toEqual(reference);
  });
});
