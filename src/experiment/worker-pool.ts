// Runs worker tasks on N threads (this one and N - 1 pool threads; with one worker, this thread alone). Callers
// get results keyed by their task, never by finishing order, so output bytes do not depend on the worker count.

import type { Worker } from 'node:worker_threads';
import type { LoadedScenario } from '../scenario/load-scenario.js';
import type { RunOptions } from './run-options.js';
import type { RunResult } from './run-result.js';
import { runTasks, sortResults } from './run-scenario.js';
import { MAIN_MARK, MAX_THREADS, takePoolThreads } from './pool-threads.js';
import { claimTask, runWorkerTask, type OfferedTask, type RunTaskInput, type SweepTaskInput,
  type SweepTaskOutput, type TaskReply, type WorkerTask } from './worker-task.js';

export interface TaskRunner {
  run(task: RunTaskInput): Promise<RunResult>;
  run(task: SweepTaskInput): Promise<SweepTaskOutput>;
  close(): Promise<void>;
  readonly workers: number;
}

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

interface Pending extends OfferedTask {
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
  offered: boolean;
}

/** Offered and unsettled tasks per worker at most: every offer is copied to every pool thread, and a large sweep
 * offered at once would hold (tasks × threads) copies; a few per worker keep every thread supplied while this one
 * runs a task of its own. */
export const OFFERS_PER_WORKER = 4;

/**
 * N workers as this thread plus N - 1 pool threads: this thread has the simulator loaded already and would otherwise
 * wait. Every task is offered to every thread in submission order, each with a shared claim word; a thread takes the
 * next unclaimed one whenever it is free, so no thread waits for this one (busy in a run) to hand it work, and none
 * holds a task it is not running while another thread is idle.
 */
class SharedRunner implements TaskRunner {
  private readonly threads: Worker[] = [];
  private readonly pending = new Map<number, Pending>();
  /** Tasks this thread has not yet tried to claim, in submission order. */
  private readonly queue: Pending[] = [];
  /** Tasks not yet offered to the pool threads, in submission order. */
  private readonly unoffered: Pending[] = [];
  private offeredOpen = 0;
  private nextId = 0;
  private mainBusy = false;
  private closed = false;

  constructor(readonly workers: number) {
    for (const { worker: thread, mark } of takePoolThreads(workers - 1)) {
      thread.on('message', (reply: TaskReply) => this.settle(reply));
      thread.on('error', (error) => this.failClaims(mark, error));
      thread.on('exit', (code) => {
        if (!this.closed) this.failClaims(mark, new Error(`worker thread stopped (exit code ${code})`));
      });
      this.threads.push(thread);
    }
  }

  run = ((task: WorkerTask) => new Promise<unknown>((resolve, reject) => {
    const entry: Pending = { id: this.nextId++, task, claim: new Int32Array(new SharedArrayBuffer(4)), resolve, reject,
      offered: false };
    this.pending.set(entry.id, entry);
    this.queue.push(entry);
    this.unoffered.push(entry);
    // An idle main thread claims its task before the pool threads see the offer.
    if (!this.mainBusy) {
      this.mainBusy = true;
      void this.runHere();
    }
    this.offer();
  })) as TaskRunner['run'];

  /** Offers the next tasks to every pool thread, up to the window. */
  private offer(): void {
    while (this.offeredOpen < OFFERS_PER_WORKER * this.workers && this.unoffered.length > 0) {
      const entry = this.unoffered.shift()!;
      if (!this.pending.has(entry.id) || Atomics.load(entry.claim, 0) === MAIN_MARK) continue;
      entry.offered = true;
      this.offeredOpen++;
      const offer: OfferedTask = { id: entry.id, task: entry.task, claim: entry.claim };
      for (const thread of this.threads) thread.postMessage(offer);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.threads.map((t) => t.terminate()));
  }

  private settle(reply: TaskReply): void {
    const entry = this.pending.get(reply.id);
    if (!entry) return;
    this.pending.delete(reply.id);
    if (entry.offered) this.offeredOpen--;
    if ('error' in reply) entry.reject(reply.error);
    else entry.resolve(reply.result);
    this.offer();
  }

  /** A pool thread died: the tasks it had claimed fail; the ones it had not are still claimable by the others. */
  private failClaims(mark: number, error: unknown): void {
    for (const entry of [...this.pending.values()]) {
      if (Atomics.load(entry.claim, 0) === mark) this.settle({ id: entry.id, error });
    }
  }

  private async runHere(): Promise<void> {
    for (let next = this.takeNext(); next; next = this.takeNext()) {
      // Let pool results, timers (progress) and signals through between this thread's runs.
      await new Promise((resolve) => setImmediate(resolve));
      try {
        this.settle({ id: next.id, result: await runWorkerTask(next.task) });
      } catch (error) {
        this.settle({ id: next.id, error });
      }
    }
    this.mainBusy = false;
  }

  /** The next task no pool thread has claimed, now claimed by this thread. */
  private takeNext(): Pending | undefined {
    for (let next = this.queue.shift(); next; next = this.queue.shift()) {
      if (claimTask(next, MAIN_MARK)) return next;
    }
    return undefined;
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
