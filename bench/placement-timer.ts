// The scheduler's own cost inside a whole run: time spent in Nova.build (select, claim, spawn: the placement) per
// call. One call in `every` is timed with performance.now() around it, so the timer adds a few ns per request to the
// run it measures; the cost of an empty timed interval is measured first and subtracted.

import { performance } from 'node:perf_hooks';
import type { Vm } from '../src/model/vm.js';
import { Nova } from '../src/nova/nova.js';
import type { RequestSpec } from '../src/nova/request-spec.js';

export interface PlacementTiming {
  /** Calls to Nova.build, and how many were timed. */
  calls: number;
  timed: number;
  /** Mean µs per timed call, the empty interval subtracted. */
  meanUs: number;
}

/** Wraps Nova.prototype.build for this process; `stop()` restores it and returns the timing. */
export function timePlacements(every = 16): { stop: () => PlacementTiming } {
  const overheadMs = emptyIntervalMs();
  const original = Nova.prototype.build;
  let calls = 0, timed = 0, spentMs = 0;
  // Explicit parameters: a rest parameter would allocate an array on every call of the run being measured.
  Nova.prototype.build = function timedBuild(this: Nova, vm: Vm, request: RequestSpec, now: number) {
    if (calls++ % every !== 0) return original.call(this, vm, request, now);
    const start = performance.now();
    const outcome = original.call(this, vm, request, now);
    spentMs += performance.now() - start;
    timed++;
    return outcome;
  };
  return {
    stop: () => {
      Nova.prototype.build = original;
      return { calls, timed, meanUs: timed > 0 ? ((spentMs - timed * overheadMs) / timed) * 1000 : NaN };
    },
  };
}

/** Mean length of an empty performance.now() interval, in ms (median of 9 batches of 200,000). */
function emptyIntervalMs(): number {
  const batches: number[] = [];
  for (let b = 0; b < 9; b++) {
    let sum = 0;
    for (let i = 0; i < 200_000; i++) {
      const start = performance.now();
      sum += performance.now() - start;
    }
    batches.push(sum / 200_000);
  }
  batches.sort((x, y) => x - y);
  return batches[4];
}
