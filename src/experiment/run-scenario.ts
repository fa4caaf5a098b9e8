// Runs every (arm, replication) of a scenario and returns the results in a fixed order, whatever order they ran in.

import type { LoadedScenario } from '../scenario/load-scenario.js';
import { runReplication } from './run-replication.js';
import { DEFAULT_RUN_OPTIONS, type RunOptions } from './run-options.js';
import type { RunResult } from './run-result.js';

export interface RunTask {
  armIndex: number;
  replication: number;
}

/** Every (arm, replication), or every arm of one replication: its streams depend only on (seed, replication, name),
 * so it runs to the same results alone as within the whole set. */
export function runTasks(loaded: LoadedScenario, only?: number): RunTask[] {
  const tasks: RunTask[] = [];
  for (let armIndex = 0; armIndex < loaded.scenario.arms.length; armIndex++) {
    for (let replication = 0; replication < loaded.scenario.replications; replication++) {
      if (only === undefined || replication === only) tasks.push({ armIndex, replication });
    }
  }
  return tasks;
}

export function sortResults(results: RunResult[]): RunResult[] {
  return results.sort((a, b) => a.armIndex - b.armIndex || a.replication - b.replication);
}

/** Runs all tasks in this thread; `onProgress` is called after each. */
export function runScenario(loaded: LoadedScenario, options: RunOptions = DEFAULT_RUN_OPTIONS,
  onProgress?: (done: number, total: number) => void, only?: number): RunResult[] {
  const tasks = runTasks(loaded, only);
  const results: RunResult[] = [];
  for (const task of tasks) {
    results.push(runReplication(loaded, task.armIndex, task.replication, options));
    onProgress?.(results.length, tasks.length);
  }
  return sortResults(results);
}
