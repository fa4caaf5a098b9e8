// Pool threads started with the command: a runner takes them before it starts new ones, the spares no runner took
// stop, and the worker count is read from the command line as yargs would read it.

import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { startPoolThreads, stopSparePoolThreads, takePoolThreads, workersOnCommandLine,
  type PoolThread } from '../../src/experiment/pool-threads.js';

/** A thread id no earlier thread has: threads started before it have smaller ones. */
async function nextThreadId(): Promise<number> {
  const probe = new Worker('', { eval: true });
  const id = probe.threadId;
  await probe.terminate();
  return id;
}

describe('pool threads started ahead', () => {
  const taken: PoolThread[] = [];
  afterEach(async () => {
    stopSparePoolThreads();
    await Promise.all(taken.splice(0).map((t) => t.worker.terminate()));
  });

  it('are what the next runner takes, before it starts new ones', async () => {
    startPoolThreads(3);
    const boundary = await nextThreadId();
    taken.push(...takePoolThreads(3));
    const ids = taken.map((t) => t.worker.threadId);
    expect(ids.slice(0, 2).every((id) => id < boundary)).toBe(true);
    expect(ids[2]).toBeGreaterThan(boundary);
    // Every thread claims with its own mark, none with the main thread's (1).
    expect(new Set(taken.map((t) => t.mark)).size).toBe(3);
    expect(taken.every((t) => t.mark > 1)).toBe(true);
  });

  it('are started once for repeated calls, and stopped when no runner took them', async () => {
    startPoolThreads(2);
    startPoolThreads(2);
    const boundary = await nextThreadId();
    const [spare] = takePoolThreads(1);
    taken.push(spare);
    expect(spare.worker.threadId).toBeLessThan(boundary);
    startPoolThreads(2);
    stopSparePoolThreads();
    const after = await nextThreadId();
    const [fresh] = takePoolThreads(1);
    taken.push(fresh);
    expect(fresh.worker.threadId).toBeGreaterThan(after);
  });
});

describe('workersOnCommandLine', () => {
  it('reads --workers N and --workers=N, the last one winning', () => {
    expect(workersOnCommandLine(['run', 'a.yaml', '--workers', '3'])).toBe(3);
    expect(workersOnCommandLine(['run', '--workers=4', 'a.yaml'])).toBe(4);
    expect(workersOnCommandLine(['run', '--workers', '3', 'a.yaml', '--workers=5'])).toBe(5);
  });

  it('is the number of cores without --workers, 1 for a single replication or a count that is no integer', () => {
    expect(workersOnCommandLine(['run', 'a.yaml', '--replications', '8'])).toBe(availableParallelism());
    expect(workersOnCommandLine(['run', 'a.yaml', '--workers', '4', '--replication', '2'])).toBe(1);
    expect(workersOnCommandLine(['run', 'a.yaml', '--replication=2'])).toBe(1);
    expect(workersOnCommandLine(['run', 'a.yaml', '--workers', 'many'])).toBe(1);
    expect(workersOnCommandLine(['run', 'a.yaml', '--workers'])).toBe(1);
  });
});
