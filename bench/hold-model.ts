// The limit a simulation run is measured against: the classic hold model on the same typed-array EventQueue with
// the same number of pending events, doing nothing but pop and push (no model work, no handlers). The same loop on
// a plain binary heap (the queue capsim had before its bucketed one) gives the textbook event list's limit.

import { EventQueue } from '../src/engine/event-queue.js';
import { BinaryHeapEventQueue } from './binary-heap-event-queue.js';

export interface HoldResult {
  events: number;
  wallSeconds: number;
  eventsPerSecond: number;
}

/** xorshift32 as a uniform on (0, 1): deterministic, and cheap enough not to dominate the loop. */
function uniformSource(): () => number {
  let state = 0x9e3779b9 | 0;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return ((state >>> 0) + 1) / 4294967297;
  };
}

function result(events: number, started: bigint): HoldResult {
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { events, wallSeconds, eventsPerSecond: events / wallSeconds };
}

/** Runs `events` pop+push steps with `pending` events in capsim's EventQueue; increments are exponential (mean 1). */
export function holdModel(pending: number, events: number): HoldResult {
  const queue = new EventQueue();
  const uniform = uniformSource();
  for (let i = 0; i < Math.max(1, pending); i++) queue.push(-Math.log(uniform()), 20, 0, i, 0);
  const started = process.hrtime.bigint();
  for (let i = 0; i < events; i++) {
    queue.pop();
    queue.push(queue.time - Math.log(uniform()), 20, 0, queue.a, 0);
  }
  return result(events, started);
}

/**
 * The same on the binary heap. A loop of its own rather than a parameter: each loop then sees one queue class, so V8
 * compiles both as it compiles the simulator's (one class at each call site).
 */
export function heapHoldModel(pending: number, events: number): HoldResult {
  const queue = new BinaryHeapEventQueue();
  const uniform = uniformSource();
  for (let i = 0; i < Math.max(1, pending); i++) queue.push(-Math.log(uniform()), 20, 0, i, 0);
  const started = process.hrtime.bigint();
  for (let i = 0; i < events; i++) {
    queue.pop();
    queue.push(queue.time - Math.log(uniform()), 20, 0, queue.a, 0);
  }
  return result(events, started);
}
