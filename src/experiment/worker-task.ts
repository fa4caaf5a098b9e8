// The work a pool thread does (also called directly when there is one worker): one (arm, replication) of a loaded
// scenario. A sweep unit also writes its run record, so only a few numbers travel back to the main thread.

import type { LoadedScenario } from '../scenario/load-scenario.js';
import { runReplication } from './run-replication.js';
import type { RunOptions } from './run-options.js';
import type { RunResult } from './run-result.js';
import { toRecord, writeRecord } from './sweep-records.js';
import { loadPlugins } from '../plugin/load-plugins.js';

export interface RunTaskInput {
  kind: 'run';
  loaded: LoadedScenario;
  armIndex: number;
  replication: number;
  options: RunOptions;
}

export interface SweepTaskInput {
  kind: 'sweep';
  loaded: LoadedScenario;
  point: number;
  armIndex: number;
  replication: number;
  options: RunOptions;
  recordPath: string;
}

export type WorkerTask = RunTaskInput | SweepTaskInput;

export interface SweepTaskOutput {
  eventsProcessed: number;
}

const pluginLoads = new Map<string, Promise<unknown>>();

export async function runWorkerTask(task: RunTaskInput): Promise<RunResult>;
export async function runWorkerTask(task: SweepTaskInput): Promise<SweepTaskOutput>;
export async function runWorkerTask(task: WorkerTask): Promise<RunResult | SweepTaskOutput>;
export async function runWorkerTask(task: WorkerTask): Promise<RunResult | SweepTaskOutput> {
  // A pool thread may hold a second task: yield first, so the previous task's result is sent before this one runs.
  await new Promise((resolve) => setImmediate(resolve));
  // A thread registers the same plug-ins as the command line did (once per thread), so names resolve alike; a thread
  // holding two tasks waits for the first one's loading instead of loading the files again.
  const plugins = task.options.plugins ?? [];
  if (plugins.length > 0) {
    const key = plugins.join('\0');
    let loading = pluginLoads.get(key);
    if (!loading) pluginLoads.set(key, loading = loadPlugins(plugins));
    await loading;
  }
  const result = runReplication(task.loaded, task.armIndex, task.replication, task.options);
  if (task.kind === 'run') return result;
  writeRecord(task.recordPath, toRecord(result, task.point, task.loaded.hash));
  return { eventsProcessed: result.eventsProcessed };
}

export default runWorkerTask;
