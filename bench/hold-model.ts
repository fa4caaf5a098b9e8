// The limit a simulation run is measured against: the classic hold model on the same typed-array EventQueue with
// the same number of pending events, doing nothing but pop and push (no model work, no handlers).

import { EventQueue } from '../src/engine/event-queue.js';

export interface HoldResult {
  events: number;
  wallSeconds: number;
  eventsPerSecond: number;
}

/** Runs `events` pop+push steps with `pending` events in the queue; increments are exponential (mean 1). */
export function holdModel(pending: number, events: number): HoldResult {
  const queue = new EventQueue();
  // xorshift32: a deterministic uniform source cheap enough not to dominate the loop.
  let state = 0x9e3779b9 | 0;
  const uniform = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return ((state >>> 0) + 1) / 4294967297;
  };
  const n = Math.max(1, pending);
  for (let i = 0; i < n; i++) queue.push(-Math.log(uniform()), 20, 0, i, 0);
  const started = process.hrtime.bigint();
  for (let i = 0; i < events; i++) {
    queue.pop();
    queue.push(queue.time - Math.log(uniform()), 20, 0, queue.a, 0);
  }
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { events, wallSeconds, eventsPerSecond: events / wallSeconds };
}
