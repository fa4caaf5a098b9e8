// The shared runner (this thread plus pool threads, each task claimed by exactly one of them) gives every task the
// result it gets alone in this thread, whichever thread ran it; a failing task fails only its own promise.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import { createRunner, OFFERS_PER_WORKER } from '../../src/experiment/worker-pool.js';
import { runWorkerTask, type RunTaskInput, type SweepTaskInput } from '../../src/experiment/worker-task.js';
import { DEFAULT_RUN_OPTIONS } from '../../src/experiment/run-options.js';
import type { RunResult } from '../../src/experiment/run-result.js';
import { tempDir } from '../support/temp-dir.js';

const loaded = loadScenario('scenarios/nova-vs-vsphere.yaml', [{ path: 'horizon', value: '2d' }, { path: 'warmup', value: '0s' }]);
const options = { ...DEFAULT_RUN_OPTIONS, timeseries: true };

function runTask(armIndex: number, replication: number): RunTaskInput {
  return { kind: 'run', loaded, armIndex, replication, options };
}

/** Every (arm, replication) of the first `replications` replications, in submission order. */
function tasks(replications: number): RunTaskInput[] {
  return loaded.scenario.arms.flatMap((_, armIndex) => Array.from({ length: replications }, (__, r) => runTask(armIndex, r)));
}

describe('createRunner', () => {
  const alone = new Map<string, RunResult>();
  const expected = async (t: RunTaskInput): Promise<RunResult> => {
    const key = `${t.armIndex}/${t.replication}`;
    if (!alone.has(key)) alone.set(key, await runWorkerTask(t));
    return alone.get(key)!;
  };

  it.each([2, 3])('on %i workers gives each task its own result, equal to the run in this thread', async (workers) => {
    // More tasks than the offer window: later tasks are offered as earlier ones finish.
    const all = tasks(3);
    expect(all.length).toBeGreaterThan(OFFERS_PER_WORKER * workers);
    const runner = createRunner(workers);
    expect(runner.workers).toBe(workers);
    try {
      const results = await Promise.all(all.map((t) => runner.run(t)));
      for (const [i, t] of all.entries()) {
        expect(results[i].armIndex).toBe(t.armIndex);
        expect(results[i].replication).toBe(t.replication);
        expect(results[i]).toEqual(await expected(t));
      }
    } finally {
      await runner.close();
    }
  });

  it('takes tasks submitted after it went idle, fewer tasks than threads included', async () => {
    const runner = createRunner(3);
    try {
      const first = await runner.run(runTask(0, 0));
      expect(first).toEqual(await expected(runTask(0, 0)));
      const later = [runTask(1, 1), runTask(0, 1)];
      const results = await Promise.all(later.map((t) => runner.run(t)));
      for (const [i, t] of later.entries()) expect(results[i]).toEqual(await expected(t));
    } finally {
      await runner.close();
    }
  });

  it('fails only the task that throws, whichever thread ran it', async () => {
    const dir = tempDir('pool');
    const sweep = (replication: number, recordPath: string): SweepTaskInput => ({ kind: 'sweep', loaded, point: 0,
      armIndex: 0, replication, options, recordPath });
    const runner = createRunner(2);
    try {
      const outcomes = await Promise.allSettled([
        runner.run(sweep(0, join(dir, 'no-such-folder', 'p0-a0-r0.json'))),
        runner.run(sweep(1, join(dir, 'p0-a0-r1.json'))),
        runner.run(sweep(2, join(dir, 'no-such-folder', 'p0-a0-r2.json'))),
        runner.run(sweep(3, join(dir, 'p0-a0-r3.json'))),
      ]);
      expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'fulfilled', 'rejected', 'fulfilled']);
      for (const o of outcomes) {
        if (o.status === 'rejected') expect(String(o.reason)).toContain('no-such-folder');
        else expect(o.value.eventsProcessed).toBeGreaterThan(0);
      }
    } finally {
      await runner.close();
    }
  });
});
