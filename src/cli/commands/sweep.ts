// `capsim sweep <scenario> --vary path=values ...`: every point × arm × replication on all cores, resumable,
// shardable (--shard i/n, or a Slurm array task), or emitted as a Slurm workflow (--emit slurm).

import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { plural } from '../plural.js';
import type { CommandBody } from '../command-table.js';
import { SingleBar, Presets } from 'cli-progress';
import { InputError, type Problem } from '../../scenario/input-error.js';
import { describePlan, parseShard, planSweep, shardFromSlurm, type Shard, type SweepInputs } from '../../experiment/sweep-plan.js';
import { runSweep } from '../../experiment/sweep-run.js';
import { writeSweepResults } from '../../experiment/sweep-write.js';
import { slurmScript } from '../../experiment/sweep-slurm.js';
import { defaultWorkers } from '../../experiment/pool-threads.js';
import { CAPSIM_VERSION } from '../../output/version.js';
import { loadPluginArgs, pluginManifest, withPluginOption } from '../plugin-option.js';

interface SweepArgs {
  scenario: string;
  vary?: string[];
  zip?: string[];
  set?: string[];
  seed?: number;
  replications?: number;
  arm?: string[];
  'target-ci'?: string[];
  'max-replications'?: number;
  timeseries: boolean;
  out: string;
  workers?: number;
  shard?: string;
  resume: boolean;
  quiet: boolean;
  emit?: string;
  'emit-to'?: string;
  shards?: number;
  'slurm-throttle'?: number;
  'slurm-time': string;
  'slurm-mem': string;
  'slurm-cpus': number;
  'slurm-merge-time': string;
  'slurm-merge-mem': string;
  'slurm-partition'?: string;
  'slurm-account'?: string;
  'slurm-option'?: string[];
  'slurm-capsim'?: string;
  force: boolean;
  plugin?: string[];
}

export const sweepCommand: CommandBody<SweepArgs> = {
  builder: (y) =>
    withPluginOption(y)
      .positional('scenario', { type: 'string', demandOption: true, describe: 'scenario file (YAML or JSON)' })
      .option('vary', { type: 'string', array: true, describe: 'path=v1,v2,... or path=start:stop:step (repeatable; paths as in --set; arms[*].path varies it in every arm, arms[name].path in one)' })
      .option('zip', { type: 'string', array: true, describe: 'path=v1,v2,...: moves together with the last --vary (same number of values) instead of multiplying the points; e.g. --vary arms[a].x=1,2 --zip arms[b].y=3,4 (repeatable)' })
      .option('set', { type: 'string', array: true, describe: 'override a field for every point: path=value (repeatable)' })
      .option('seed', { type: 'number', describe: 'override the scenario seed' })
      .option('replications', { type: 'number', describe: 'override the number of replications (the first round when adaptive)' })
      .option('arm', { type: 'string', array: true, describe: 'run only these arms (repeatable)' })
      .option('target-ci', { type: 'string', array: true, describe: 'adaptive replications: metric=halfwidth or metric=N% (repeatable)' })
      .option('max-replications', { type: 'number', describe: 'cap on replications per point with --target-ci (default 10 × replications)' })
      .option('timeseries', { type: 'boolean', default: true, describe: 'write timeseries.csv (--no-timeseries to skip)' })
      .option('out', { type: 'string', default: 'results', describe: 'output folder; results go to <out>/<scenario-name>/' })
      .option('workers', { type: 'number', describe: `threads running simulations, this one included (default: number of cores, here ${defaultWorkers()})` })
      .option('shard', { type: 'string', describe: 'run only shard i of n (i/n, 0-based); default from SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT' })
      .option('resume', { type: 'boolean', default: false, describe: 'skip runs already recorded in the output folder' })
      .option('quiet', { type: 'boolean', default: false, describe: 'no progress, no summary line' })
      .option('force', { type: 'boolean', default: false, describe: 'run even when a point\'s estimated size is above the limits (docs/cli.md)' })
      .option('emit', { type: 'string', choices: ['slurm'], describe: 'print a Slurm workflow for this sweep instead of running it' })
      .option('emit-to', { type: 'string', describe: 'write the emitted workflow to this file (implies --emit slurm)' })
      .option('shards', { type: 'number', describe: 'with --emit: number of shards (array tasks); default min(runs, 32)' })
      .option('slurm-throttle', { type: 'number', describe: 'with --emit: at most K array tasks at once (--array=...%K); default all' })
      .option('slurm-time', { type: 'string', default: '1:00:00', describe: 'with --emit: time limit per array task' })
      .option('slurm-mem', { type: 'string', default: '2G', describe: 'with --emit: memory per array task' })
      .option('slurm-cpus', { type: 'number', default: 1, describe: 'with --emit: cores per array task (its --workers)' })
      .option('slurm-merge-time', { type: 'string', default: '0:30:00', describe: 'with --emit: time limit of the merge job' })
      .option('slurm-merge-mem', { type: 'string', default: '4G', describe: 'with --emit: memory of the merge job' })
      .option('slurm-partition', { type: 'string', describe: 'with --emit: partition for both jobs' })
      .option('slurm-account', { type: 'string', describe: 'with --emit: account for both jobs' })
      .option('slurm-option', { type: 'string', array: true, describe: 'with --emit: extra sbatch option for both jobs, written with =, e.g. --slurm-option=--qos=short (repeatable)' })
      .option('slurm-capsim', { type: 'string', describe: 'with --emit: command that runs capsim on the nodes (default: this node and capsim, by absolute path)' }) as never,
  handler: async (args) => {
    const problems: Problem[] = [];
    const check = (ok: boolean, source: string, message: string) => { if (!ok) problems.push({ source, path: '', message }); };
    const positiveInt = (v: number | undefined, flag: string) => check(v === undefined || (Number.isInteger(v) && v > 0), flag, `expected a positive integer, got ${v}`);
    positiveInt(args.workers, '--workers');
    positiveInt(args.shards, '--shards');
    positiveInt(args['slurm-throttle'], '--slurm-throttle');
    positiveInt(args['slurm-cpus'], '--slurm-cpus');
    positiveInt(args['max-replications'], '--max-replications');
    let shard: Shard | undefined;
    try {
      shard = args.shard !== undefined ? parseShard(args.shard) : shardFromSlurm(process.env);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      problems.push(...error.problems);
    }
    const plugins = await loadPluginArgs(args.plugin);
    const inputs: SweepInputs = {
      file: args.scenario, vary: args.vary, zip: args.zip, set: args.set, seed: args.seed, replications: args.replications, arm: args.arm,
      targetCi: args['target-ci'], maxReplications: args['max-replications'], timeseries: args.timeseries, force: args.force,
      plugins: pluginManifest(plugins).plugins,
    };
    let plan;
    try {
      plan = planSweep(inputs);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      problems.push(...error.problems);
    }
    if (problems.length > 0 || !plan) throw new InputError(problems);

    const runs = plan.points.reduce((s, p) => s + p.replications * plan.arms.length, 0);
    if (args.emit || args['emit-to']) {
      const shards = args.shards ?? Math.min(plan.targets.length > 0 ? plan.points.length : runs, 32);
      const script = slurmScript({
        name: plan.name, shards, throttle: args['slurm-throttle'] ?? shards,
        time: args['slurm-time'], mem: args['slurm-mem'], cpus: args['slurm-cpus'],
        mergeTime: args['slurm-merge-time'], mergeMem: args['slurm-merge-mem'],
        partition: args['slurm-partition'], account: args['slurm-account'], extra: args['slurm-option'] ?? [],
        out: resolve(args.out), workdir: process.cwd(),
        capsim: args['slurm-capsim'] ? args['slurm-capsim'].split(/\s+/).filter(Boolean) : [process.execPath, resolve(process.argv[1])],
        sweepArgs: sweepArgv(args), version: CAPSIM_VERSION, points: plan.points.length, arms: plan.arms.length,
        runs: plan.targets.length > 0 ? `${runs} in the first round` : String(runs),
      });
      if (args['emit-to']) {
        writeFileSync(args['emit-to'], script, { mode: 0o755 });
        if (!args.quiet) process.stderr.write(`capsim: wrote ${args['emit-to']}; submit with: bash ${args['emit-to']}\n`);
      } else process.stdout.write(script);
      return;
    }

    const started = process.hrtime.bigint();
    const bar = process.stderr.isTTY && !args.quiet
      ? new SingleBar({ format: `${plan.name} [{bar}] {value}/{total} runs | {duration_formatted}`, stream: process.stderr }, Presets.shades_classic)
      : undefined;
    bar?.start(runs, 0);
    const outcome = await runSweep(plan, args.out, {
      workers: args.workers ?? defaultWorkers(), resume: args.resume, shard, plugins: plugins.map((p) => p.resolvedPath),
      onProgress: (done, total) => { bar?.setTotal(total); bar?.update(done); },
    });
    bar?.stop();
    const { marker } = outcome;
    const shardText = shard && shard.count > 1 ? `shard ${shard.index}/${shard.count}: ` : '';
    if (!shard || shard.count === 1) {
      const replications = plan.points.map((p) => marker.replications[p.index]);
      await writeSweepResults(outcome.dir, describePlan(plan), replications, () => [outcome.dir], {
        commandLine: process.argv.slice(2), wallTimeSeconds: Number(process.hrtime.bigint() - started) / 1e9, shards: 1,
        manifestExtra: pluginManifest(plugins),
      });
    }
    if (!args.quiet) {
      const wall = Number(process.hrtime.bigint() - started) / 1e9;
      process.stdout.write(`${shardText}${plan.name}: ${plural(plan.points.length, 'point')} × ${plural(plan.arms.length, 'arm')}, ` +
        `${plural(marker.runs, 'run')} done${marker.reused > 0 ? `, ${marker.reused} already recorded` : ''} in ${wall.toFixed(2)} s\n` +
        (shard && shard.count > 1 ? `runs: ${outcome.dir}/runs (combine the shards with capsim merge)\n` : `results: ${outcome.dir}\n`));
    }
  },
};

/** The arguments that define the sweep, for the emitted Slurm jobs (scenario by absolute path). */
function sweepArgv(args: SweepArgs): string[] {
  const argv = [resolve(args.scenario)];
  for (const p of args.plugin ?? []) argv.push('--plugin', resolve(p));
  for (const v of args.vary ?? []) argv.push('--vary', v);
  for (const z of args.zip ?? []) argv.push('--zip', z);
  for (const s of args.set ?? []) argv.push('--set', s);
  if (args.seed !== undefined) argv.push('--seed', String(args.seed));
  if (args.replications !== undefined) argv.push('--replications', String(args.replications));
  if (args.force) argv.push('--force');
  for (const a of args.arm ?? []) argv.push('--arm', a);
  for (const t of args['target-ci'] ?? []) argv.push('--target-ci', t);
  if (args['max-replications'] !== undefined) argv.push('--max-replications', String(args['max-replications']));
  if (!args.timeseries) argv.push('--no-timeseries');
  return argv;
}
