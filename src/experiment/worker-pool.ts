// Runs worker tasks on N threads (this one and N - 1 tinypool threads; with one worker, this thread alone). Callers
// get results keyed by their task, never by finishing order, so output bytes do not depend on the worker count.

import { availableParallelism } from 'node:os';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Tinypool from 'tinypool';
import type { LoadedScenario } from '../scenario/load-scenario.js';
import type { RunOptions } from './run-options.js';
import type { RunResult } from './run-result.js';
import { runTasks, sortResults } from './run-scenario.js';
import { runWorkerTask, type RunTaskInput, type SweepTaskInput, type SweepTaskOutput, type WorkerTask } from './worker-task.js';

export interface TaskRunner {
  run(task: RunTaskInput): Promise<RunResult>;
  run(task: SweepTaskInput): Promise<SweepTaskOutput>;
  close(): Promise<void>;
  readonly workers: number;
}

export function defaultWorkers(): number {
  return availableParallelism();
}

/**
 * The compiled worker module. Threads always run JavaScript from dist/ (the module loaded from src/ under vitest maps
 * to its build output), so `npm run build` must have run. In the bundle (dist/bundle, scripts/bundle.mjs) this code
 * sits in a chunk at the bundle's top level, and the worker entry is experiment/worker-task.js below it.
 */
export function workerModuleUrl(): URL {
  const here = fileURLToPath(import.meta.url);
  const js = here.endsWith('.ts')
    ? here.replace(/([\\/])src([\\/]experiment[\\/])worker-pool\.ts$/, '$1dist$1src$2worker-task.js')
    : /worker-pool\.js$/.test(here) ? here.replace(/worker-pool\.js$/, 'worker-task.js')
      : fileURLToPath(new URL('./experiment/worker-task.js', import.meta.url));
  if (!existsSync(js)) throw new Error(`worker module ${js} not found; run \`npm run build\` first`);
  return pathToFileURL(js);
}

/** More threads than this only cost memory (a huge --workers must not start a million threads). */
const MAX_THREADS = 256;

export function createRunner(requested: number): TaskRunner {
  const workers = Math.min(requested, MAX_THREADS);
  if (workers <= 1) {
    return {
      workers: 1,
      // Yield to the event loop between runs so timers (progress bar, signals) keep working.
      run: (async (task: WorkerTask) => {
        await new Promise((resolve) => setImmediate(resolve));
        return runWorkerTask(task);
      }) as TaskRunner['run'],
      close: async () => {},
    };
  }
  return new SharedRunner(workers);
}

interface Queued {
  task: WorkerTask;
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
}

/**
 * N workers as this thread plus N - 1 pool threads: this thread has the simulator loaded already and would otherwise
 * wait. Tasks go to whichever is free, from one queue in submission order. Each pool thread holds a second task
 * besides the one it runs, because this thread hands out tasks only between its own runs.
 */
class SharedRunner implements TaskRunner {
  private readonly pool: Tinypool;
  private readonly queue: Queued[] = [];
  private readonly poolSlots: number;
  private poolBusy = 0;
  private mainBusy = false;

  constructor(readonly workers: number) {
    const threads = workers - 1;
    this.poolSlots = 2 * threads;
    this.pool = new Tinypool({ filename: workerModuleUrl().href, minThreads: threads, maxThreads: threads, concurrentTasksPerWorker: 2 });
  }

  run = ((task: WorkerTask) => new Promise<unknown>((resolve, reject) => {
    this.queue.push({ task, resolve, reject });
    this.dispatch();
  })) as TaskRunner['run'];

  close(): Promise<void> {
    return this.pool.destroy();
  }

  private dispatch(): void {
    while (this.poolBusy < this.poolSlots && this.queue.length > 0) {
      const { task, resolve, reject } = this.queue.shift()!;
      this.poolBusy++;
      this.pool.run(task).then(resolve, reject).finally(() => {
        this.poolBusy--;
        this.dispatch();
      });
    }
    if (!this.mainBusy && this.queue.length > 0) {
      this.mainBusy = true;
      void this.runHere();
    }
  }

  private async runHere(): Promise<void> {
    for (let next = this.queue.shift(); next; next = this.queue.shift()) {
      // This thread takes its next task first, then lets finished pool tasks hand their threads the tasks after it
      // (and timers: progress, signals) run: at the end, a pool thread holds at most one task beyond the one it runs.
      await new Promise((resolve) => setImmediate(resolve));
      try {
        next.resolve(await runWorkerTask(next.task));
      } catch (error) {
        next.reject(error);
      }
    }
    this.mainBusy = false;
  }
}

/** `capsim run --workers N`: every (arm, replication) on the pool, results in the fixed order. */
export async function runScenarioOnWorkers(loaded: LoadedScenario, options: RunOptions, workers: number,
  onProgress?: (done: number, total: number) => void, only?: number, from = 0): Promise<RunResult[]> {
  const tasks = runTasks(loaded, only, from);
  const runner = createRunner(Math.min(workers, tasks.length));
  let done = 0;
  try {
    const results = await Promise.all(tasks.map(async (t) => {
      const result = await runner.run({ kind: 'run', loaded, armIndex: t.armIndex, replication: t.replication, options });
      onProgress?.(++done, tasks.length);
      return result;
    }));
    return sortResults(results);
  } finally {
    await runner.close();
  }
}
