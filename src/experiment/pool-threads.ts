// The pool threads of worker-pool.ts, and their early start: `capsim run` and `capsim sweep` start them with the
// command (command-table.ts), so a thread's own start (a new isolate loading the simulator) overlaps this thread's
// loading instead of delaying the pool's first replication. Node's built-ins only: the command line imports this
// before it loads the simulator.

import { availableParallelism } from 'node:os';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { PoolThreadData } from './worker-task.js';

export function defaultWorkers(): number {
  return availableParallelism();
}

/** More threads than this only cost memory (a huge --workers must not start a million threads). */
export const MAX_THREADS = 256;

/** The main thread's claim mark; every pool thread has its own larger one. */
export const MAIN_MARK = 1;

export interface PoolThread {
  worker: Worker;
  /** The claim mark this thread sets on the tasks it takes (worker-task.ts, claimTask). */
  mark: number;
}

let lastMark = MAIN_MARK;
/** Threads started ahead of a runner, in start order, until one takes them. */
const spares: PoolThread[] = [];

/**
 * The compiled worker module, found from where this code runs: dist/src/experiment/ beside it, the bundle's top level
 * or its cli/ folder (scripts/bundle.mjs: experiment/worker-task.js), or src/ under vitest (threads always run
 * JavaScript from dist/, so `npm run build` must have run).
 */
export function workerModuleUrl(): URL {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, 'worker-task.js'), join(here, 'experiment', 'worker-task.js'),
    join(here, '..', 'experiment', 'worker-task.js'), join(here, '..', '..', 'dist', 'src', 'experiment', 'worker-task.js')];
  const file = candidates.find((c) => existsSync(c));
  if (!file) throw new Error(`worker module worker-task.js not found near ${here}; run \`npm run build\` first`);
  return pathToFileURL(file);
}

function spawn(): PoolThread {
  const mark = ++lastMark;
  const worker = new Worker(workerModuleUrl(), { workerData: { capsimPoolThread: true, mark } satisfies PoolThreadData });
  return { worker, mark };
}

/**
 * Starts pool threads for a command about to run `workers` workers (this thread and workers - 1 pool threads), for
 * the next runner to take (takePoolThreads). A spare does not keep the process alive, and one that stops before a
 * runner takes it is dropped; a runner starts what it lacks.
 */
export function startPoolThreads(workers: number): void {
  while (spares.length < Math.min(workers, MAX_THREADS) - 1) {
    const thread = spawn();
    thread.worker.unref();
    // A spare that fails to start only leaves the runner to start another (which reports its error).
    thread.worker.on('error', () => undefined);
    thread.worker.once('exit', () => {
      const at = spares.indexOf(thread);
      if (at >= 0) spares.splice(at, 1);
    });
    spares.push(thread);
  }
}

/** `count` pool threads: the spares first, then new ones. */
export function takePoolThreads(count: number): PoolThread[] {
  const taken = spares.splice(0, count);
  for (const thread of taken) {
    thread.worker.removeAllListeners();
    thread.worker.ref();
  }
  while (taken.length < count) taken.push(spawn());
  return taken;
}

/** Stops the spares no runner took (a run of one task, or fewer workers than started). */
export function stopSparePoolThreads(): void {
  for (const thread of spares.splice(0)) void thread.worker.terminate();
}

/**
 * The worker count a command line asks for (`--workers N` or `--workers=N`, the last one), read before yargs parses
 * it, to start pool threads early; the number of cores when it names none. 1 for a single replication
 * (`--replication K`), which runs on this thread. Only a guess: the runner starts or stops threads to match the
 * parsed command.
 */
export function workersOnCommandLine(argv: readonly string[]): number {
  let workers = defaultWorkers();
  for (const [i, arg] of argv.entries()) {
    if (arg === '--replication' || arg.startsWith('--replication=')) return 1;
    const text = arg === '--workers' ? argv[i + 1] ?? '' : arg.startsWith('--workers=') ? arg.slice('--workers='.length) : undefined;
    if (text !== undefined) workers = Number(text);
  }
  return Number.isInteger(workers) && workers > 0 ? workers : 1;
}
