// The work a pool thread does (also called directly on the main thread): one (arm, replication) of a loaded
// scenario. A sweep unit also writes its run record, so only a few numbers travel back to the main thread.

import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { LoadedScenario } from '../scenario/load-scenario.js';
import { runReplication } from './run-replication.js';
import type { RunOptions } from './run-options.js';
import type { RunResult } from './run-result.js';
import { toRecord, writeRecord } from './sweep-records.js';
import { loadPlugins } from '../plugin/load-plugins.js';
import type { Cell } from '../output/csv-file.js';

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
  /** The point's parameter cells: the record then holds its timeseries rows as CSV text (toRecord). */
  timeseriesLead?: readonly Cell[];
}

export type WorkerTask = RunTaskInput | SweepTaskInput;

export interface SweepTaskOutput {
  eventsProcessed: number;
}

const pluginLoads = new Map<string, Promise<unknown>>();

/** Every task is offered to every thread (the main thread included); the first to set its claim word runs it. */
export interface OfferedTask {
  id: number;
  task: WorkerTask;
  /** One Int32 on a SharedArrayBuffer: 0 while unclaimed, then the claiming thread's mark. */
  claim: Int32Array;
}

export type TaskReply = { id: number; result: RunResult | SweepTaskOutput } | { id: number; error: unknown };

/** workerData of a pool thread: its claim mark, and the flag that tells it from other libraries' worker threads. */
export interface PoolThreadData {
  capsimPoolThread: true;
  mark: number;
}

/** Claims a task for the thread with this mark; false when another thread took it first. */
export function claimTask(offer: OfferedTask, mark: number): boolean {
  return Atomics.compareExchange(offer.claim, 0, 0, mark) === 0;
}

async function loadTaskPlugins(task: WorkerTask): Promise<void> {
  // A thread registers the same plug-ins as the command line did (once per thread), so names resolve alike.
  const plugins = task.options.plugins ?? [];
  if (plugins.length === 0) return;
  const key = plugins.join('\0');
  let loading = pluginLoads.get(key);
  if (!loading) pluginLoads.set(key, loading = loadPlugins(plugins));
  await loading;
}

function runLoadedTask(task: WorkerTask): RunResult | SweepTaskOutput {
  const result = runReplication(task.loaded, task.armIndex, task.replication, task.options);
  if (task.kind === 'run') return result;
  writeRecord(task.recordPath, toRecord(result, task.point, task.loaded.hash, task.timeseriesLead));
  return { eventsProcessed: result.eventsProcessed };
}

/** Runs an offered task here if no other thread has claimed it; undefined when one had. */
export async function runOffered(offer: OfferedTask, mark: number): Promise<RunResult | SweepTaskOutput | undefined> {
  let loaded = true;
  let loadError: unknown;
  try {
    await loadTaskPlugins(offer.task);
  } catch (error) {
    loaded = false;
    loadError = error;
  }
  // The claim comes last, right before the run: a thread claims a task only when it is free to start it, and a
  // plug-in that fails to load here fails only a task this thread claimed, never one another thread is running.
  if (!claimTask(offer, mark)) return undefined;
  if (!loaded) throw loadError;
  return runLoadedTask(offer.task);
}

export async function runWorkerTask(task: RunTaskInput): Promise<RunResult>;
export async function runWorkerTask(task: SweepTaskInput): Promise<SweepTaskOutput>;
export async function runWorkerTask(task: WorkerTask): Promise<RunResult | SweepTaskOutput>;
export async function runWorkerTask(task: WorkerTask): Promise<RunResult | SweepTaskOutput> {
  await loadTaskPlugins(task);
  return runLoadedTask(task);
}

const poolThread = !isMainThread && (workerData as Partial<PoolThreadData> | undefined)?.capsimPoolThread === true;
if (poolThread && parentPort) {
  const port = parentPort;
  const { mark } = workerData as PoolThreadData;
  // Offers are served one at a time in the order they came, so this thread never holds a claimed task it is not running.
  let served: Promise<void> = Promise.resolve();
  port.on('message', (offer: OfferedTask) => {
    served = served.then(async () => {
      try {
        const result = await runOffered(offer, mark);
        if (result !== undefined) port.postMessage({ id: offer.id, result } satisfies TaskReply);
      } catch (error) {
        port.postMessage({ id: offer.id, error: cloneableError(error) } satisfies TaskReply);
      }
    });
  });
}

/** The error itself when it can cross threads (Error objects can), otherwise an Error with its text. */
function cloneableError(error: unknown): unknown {
  try {
    structuredClone(error);
    return error;
  } catch {
    return new Error(String(error));
  }
}
