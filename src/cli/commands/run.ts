// `capsim run <scenario>...`: run every arm × replication, write the results folder, print the comparison table.

import { plural } from '../plural.js';
import type { CommandBody } from '../command-table.js';
import { loadInputs } from '../load-inputs.js';
import { runScenario, runTasks } from '../../experiment/run-scenario.js';
import { runScenarioOnWorkers } from '../../experiment/worker-pool.js';
import { defaultWorkers, stopSparePoolThreads } from '../../experiment/pool-threads.js';
import { InputError } from '../../scenario/input-error.js';
import { writeResults } from '../../output/write-results.js';
import { startSourceRevision } from '../../output/source-revision.js';
import { prepareOutputDir, removeCreatedOutputDir } from '../../output/output-dir.js';
import { discardLiveTempFiles } from '../../output/temp-file.js';
import { RequestTraceStream } from '../../workload/request-trace-stream.js';
import { stopSpareTraceReader } from '../../workload/trace-reader-thread.js';
import { join } from 'node:path';
import { comparisonTable } from '../../output/comparison-table.js';
import type { LoadedScenario } from '../../scenario/load-scenario.js';
import type { RunResult } from '../../experiment/run-result.js';
import { DEFAULT_MAX_REPLICATIONS, DEFAULT_MIN_REPLICATIONS, parseRunTargets, runUntilPrecise, withReplications,
  type PrecisionRule } from '../../experiment/replications-until-precise.js';
import { warmupDiagnostic, warmupWarning } from '../../experiment/warmup-diagnostic.js';
import { eventStrata, strataWarnings } from '../../experiment/event-strata.js';
import { stratumDesign } from '../../experiment/stratum-design.js';
import { loadPluginArgs, pluginManifest, withPluginOption } from '../plugin-option.js';

interface RunArgs {
  scenarios: string[];
  out: string;
  seed?: number;
  replications?: number;
  replication?: number;
  arm?: string[];
  set?: string[];
  'vm-log': boolean;
  'event-log': boolean;
  quiet: boolean;
  'fast-path': boolean;
  report: boolean;
  workers?: number;
  'target-ci'?: string[];
  'min-replications': number;
  'max-replications': number;
  force: boolean;
  plugin?: string[];
}

export const runCommand: CommandBody<RunArgs> = {
  builder: (y) =>
    withPluginOption(y)
      .positional('scenarios', { type: 'string', array: true, demandOption: true, describe: 'scenario files (YAML or JSON)' })
      .option('out', { type: 'string', default: 'results', describe: 'output folder; results go to <out>/<scenario-name>/' })
      .option('seed', { type: 'number', describe: 'override the scenario seed' })
      .option('replications', { type: 'number', describe: 'override the number of replications' })
      .option('replication', { type: 'number', describe: 'run only replication K (0-based) of every arm: the same rows, byte for byte, as replication K of the full run' })
      .option('arm', { type: 'string', array: true, describe: 'run only these arms (repeatable)' })
      .option('set', { type: 'string', array: true, describe: 'override a field: path=value (repeatable)' })
      .option('vm-log', { type: 'boolean', default: false, describe: 'write vms.csv (one row per VM)' })
      .option('event-log', { type: 'boolean', default: false, describe: 'write events.csv (decision trace)' })
      .option('fast-path', { type: 'boolean', default: true,
        describe: 'use the indexed scheduler fast path where the configuration allows (--no-fast-path: reference pipeline only; same results)' })
      .option('report', { type: 'boolean', default: false, describe: 'also write report.html (capsim report) into the results folder' })
      .option('quiet', { type: 'boolean', default: false, describe: 'no table, no progress' })
      .option('target-ci', { type: 'string', array: true,
        describe: 'add replications until every arm\'s 95 % CI of the metric is within ±x% of its mean (metric=±10%) or ' +
          'an absolute half-width (metric=0.002); "default" = rejection_rate and vm_downtime_h at ±10%, mean_frag_index ±0.01 (repeatable)' })
      .option('min-replications', { type: 'number', default: DEFAULT_MIN_REPLICATIONS,
        describe: 'with --target-ci: replications before the first check (at least 10)' })
      .option('max-replications', { type: 'number', default: DEFAULT_MAX_REPLICATIONS,
        describe: 'with --target-ci: the cap; the run stops there even when a target is not met' })
      .option('force', { type: 'boolean', default: false, describe: 'run even when the estimated size is above the limits (docs/cli.md)' })
      .option('workers', { type: 'number', describe: `threads running replications, this one included (default: number of cores, here ${defaultWorkers()}); results do not depend on it` }) as never,
  handler: async (args) => {
    const workers = args.workers ?? defaultWorkers();
    if (!Number.isInteger(workers) || workers < 1) {
      throw new InputError([{ source: '--workers', path: '', message: `expected a positive integer, got ${args.workers}` }]);
    }
    const targets = parseRunTargets(args['target-ci'] ?? []);
    const rule: PrecisionRule = { targets, minReplications: args['min-replications'], maxReplications: args['max-replications'] };
    if (targets.length > 0) checkReplicationBounds(rule);
    startSourceRevision();
    const plugins = await loadPluginArgs(args.plugin);
    // One scenario reads its request trace on another thread while it simulates (runs on pool threads wait for
    // the whole trace: runBatch).
    const loadedAll = loadInputs(args, args.scenarios.length === 1);
    // The reader thread started with the command (command-table.ts) when no trace is streamed.
    stopSpareTraceReader();
    const only = args.replication;
    if (only !== undefined) {
      const count = Math.min(...loadedAll.map((l) => l.scenario.replications));
      if (!Number.isInteger(only) || only < 0 || only >= count) {
        throw new InputError([{ source: '--replication', path: '', message: `expected an integer from 0 to ${count - 1} (replications are numbered from 0), got ${only}` }]);
      }
    }
    // Every results folder is checked before the first simulation: a bad --out fails in a second, not after the run.
    const created = loadedAll.map((loaded) => prepareOutputDir(join(args.out, loaded.scenario.name)));
    try {
      await runAll(args, loadedAll, workers, only, plugins, rule);
    } catch (error) {
      // Bad input found while running (a streamed trace's bad row): like bad input found before, nothing is left.
      if (error instanceof InputError) {
        discardLiveTempFiles();
        loadedAll.forEach((loaded, i) => removeCreatedOutputDir(join(args.out, loaded.scenario.name), created[i]));
      }
      throw error;
    } finally {
      // Pool threads started with the command (command-table.ts) that no runner took.
      stopSparePoolThreads();
    }
  },
};

async function runAll(args: RunArgs, loadedAll: LoadedScenario[], workers: number, only: number | undefined,
  plugins: Awaited<ReturnType<typeof loadPluginArgs>>, rule: PrecisionRule): Promise<void> {
  const targets = rule.targets;
  for (const requested of loadedAll) {
    let loaded = requested;
    const started = process.hrtime.bigint();
    const bar = process.stderr.isTTY && !args.quiet ? await progressBar(loaded.scenario.name) : undefined;
    bar?.start(loaded.scenario.arms.length * (only === undefined ? loaded.scenario.replications : 1), 0);
    // timeseries.csv, vms.csv and events.csv rows go to temporary files in the results folder as the runs go, not
    // into results: the thread that ran a replication formats its rows, and they do not cross threads.
    const resultsDir = join(args.out, loaded.scenario.name);
    const options = { vmLog: args['vm-log'], vmLogDir: args['vm-log'] ? resultsDir : undefined,
      eventLog: args['event-log'], eventLogDir: args['event-log'] ? resultsDir : undefined,
      timeseries: true, timeseriesDir: resultsDir, fastPath: args['fast-path'], plugins: plugins.map((p) => p.resolvedPath) };
    const progress = (done: number) => bar?.update(done);
    const runBatch = async (batch: LoadedScenario, from: number): Promise<RunResult[]> => {
      bar?.setTotal(batch.scenario.arms.length * (only === undefined ? batch.scenario.replications : 1));
      const offset = batch.scenario.arms.length * from;
      const onProgress = (done: number) => progress(offset + done);
      // One run goes on this thread whatever --workers says (the pool would run it here too).
      if (workers > 1 && runTasks(batch, only, from).length > 1) {
        return runScenarioOnWorkers(withWholeTrace(batch), options, workers, onProgress, only, from);
      }
      stopSparePoolThreads();
      return runScenario(batch, options, onProgress, only, from);
    };
    let results: RunResult[];
    let precision: Record<string, unknown> | undefined;
    if (targets.length > 0) {
      const precise = await runUntilPrecise(loaded, rule, runBatch);
      results = precise.results;
      loaded = withReplications(loaded, precise.replications);
      precision = { targets, minReplications: rule.minReplications, maxReplications: rule.maxReplications,
        replicationsPerArm: precise.replications, met: precise.status.every((s) => s.met), status: precise.status };
    } else {
      results = await runBatch(loaded, 0);
    }
    // A streamed trace's problems past the horizon (rows the run did not reach) and its run-size check.
    if (loaded.requestTrace instanceof RequestTraceStream) loaded.requestTrace.finish();
    bar?.stop();
    const wall = Number(process.hrtime.bigint() - started) / 1e9;
    const warmup = warmupDiagnostic(results, loaded.scenario.warmup);
    const strata = eventStrata(loaded.scenario, results);
    const warnings = [warmupWarning(warmup), ...strataWarnings(strata),
      precision && !precision.met ? `warning: --target-ci not met after ${String(precision.replicationsPerArm)} ` +
        'replications (the cap, --max-replications); see manifest.json precision' : undefined]
      .filter((w): w is string => w !== undefined);
    for (const w of warnings) process.stderr.write(`${w}\n`);
    for (const r of results) delete r.warmupSeries;
    const dir = await writeResults(args.out, loaded, results, { ...options, commandLine: process.argv.slice(2),
      wallTimeSeconds: wall, replication: only,
      manifestExtra: { replicationsPerArm: loaded.scenario.replications, ...(precision ? { precision } : {}),
        warmupDiagnostic: warmup, eventStrata: strata, warnings, ...pluginManifest(plugins) } });
    if (!args.quiet) {
      const events = results.reduce((s, r) => s + r.eventsProcessed, 0);
      process.stdout.write(`\n${loaded.scenario.name}: ${plural(results.length, 'run')} (${plural(only === undefined ? loaded.scenario.replications : 1, 'replication')} ` +
        `per arm), ${plural(events, 'event')} in ${wall.toFixed(2)} s (${Math.round(events / wall)} events/s)\n\n` +
        `${comparisonTable(results, undefined, loaded.scenario.seed, stratumDesign(loaded.scenario))}\n\nresults: ${dir}\n`);
    }
    if (args.report) {
      // The plotting stack loads only for --report (it is most of the command's start-up otherwise).
      const { writeReport } = await import('../../report/write-report.js');
      const report = writeReport(dir);
      if (!args.quiet) process.stdout.write(`report: ${report}\n`);
    }
  }
}

/** `loaded` with its streamed request trace read to the end: pool threads get the trace's columns, not the stream. */
function withWholeTrace(loaded: LoadedScenario): LoadedScenario {
  const trace = loaded.requestTrace;
  return trace instanceof RequestTraceStream ? { ...loaded, requestTrace: trace.complete() } : loaded;
}

/** The progress bar on stderr; its module loads only for a terminal (not with --quiet, a pipe or a file). */
async function progressBar(name: string) {
  const { SingleBar, Presets } = await import('cli-progress');
  return new SingleBar({ format: `${name} [{bar}] {value}/{total} runs | {duration_formatted}`, stream: process.stderr }, Presets.shades_classic);
}

function checkReplicationBounds(rule: PrecisionRule): void {
  const problems: { source: string; path: string; message: string }[] = [];
  if (!Number.isInteger(rule.minReplications) || rule.minReplications < 10) {
    problems.push({ source: '--min-replications', path: '', message: `expected an integer ≥ 10, got ${rule.minReplications}` });
  }
  if (!Number.isInteger(rule.maxReplications) || rule.maxReplications < rule.minReplications) {
    problems.push({ source: '--max-replications', path: '',
      message: `expected an integer ≥ --min-replications (${rule.minReplications}), got ${rule.maxReplications}` });
  }
  if (problems.length > 0) throw new InputError(problems);
}
