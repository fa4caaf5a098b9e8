import { describe, expect, it } from 'vitest';
import { warmupDiagnostic, warmupWarning } from '../../src/experiment/warmup-diagnostic.js';
import type { RunResult } from '../../src/experiment/run-result.js';
import { createStream } from '../../src/engine/random-streams.js';

/** A run whose running VMs and utilisation follow `level(t)` plus noise, sampled hourly for 30 days. */
function run(arm: string, replication: number, level: (hour: number) => number): RunResult {
  const rng = createStream(2, replication, arm);
  const hours = 720;
  const times = Float64Array.from({ length: hours }, (_, i) => (i + 1) * 3600);
  const runningVms = Float64Array.from({ length: hours }, (_, i) => level(i) * 1000 + 20 * (rng() - 0.5));
  const ramUtil = Float64Array.from({ length: hours }, (_, i) => level(i) * 0.8 + 0.01 * (rng() - 0.5));
  return { arm, armIndex: 0, replication, seed: 1, summary: {}, flavors: [], timeseries: [], vms: [], events: [],
    eventsProcessed: 0, warmupSeries: { times, runningVms, ramUtil } };
}

describe('warmupDiagnostic', () => {
  const filling = (h: number) => 1 - Math.exp(-h / 96); // an empty start filling over ~4 days
  const steady = () => 1;

  it('flags an arm that is still filling after the warm-up and suggests a longer one', () => {
    const results = [0, 1, 2].flatMap((r) => [run('filling', r, filling), run('steady', r, steady)]);
    const d = warmupDiagnostic(results, 86400);
    expect(d.shortArms).toEqual(['filling']);
    const filled = d.arms.find((a) => a.arm === 'filling')!;
    expect(filled.runningVmsS).toBeGreaterThan(2 * 86400);
    expect(warmupWarning(d)).toMatch(/shorter than MSER-5 suggests for filling/);
  });

  it('says nothing when the warm-up already covers the transient', () => {
    const results = [0, 1, 2].map((r) => run('filling', r, filling));
    expect(warmupWarning(warmupDiagnostic(results, 20 * 86400))).toBeUndefined();
  });
});
