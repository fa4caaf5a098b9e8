// Runs worker tasks on N threads (tinypool) or, with one worker, in this thread. Callers get results keyed by
// their task, never by finishing order, so output bytes do not depend on the worker count.

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
  const pool = new Tinypool({ filename: workerModuleUrl().href, minThreads: workers, maxThreads: workers });
  return {
    workers,
    run: ((task: WorkerTask) => pool.run(task)) as TaskRunner['run'],
    close: () => pool.destroy(),
  };
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
