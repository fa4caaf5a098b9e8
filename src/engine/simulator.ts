// The discrete-event loop: a clock, the future event list, and a table of handlers by event kind.
// It knows nothing about clouds; model code registers kinds and handlers.

import { EventQueue } from './event-queue.js';

export type Handler = (a: number, b: number) => void;

export class Simulator {
  now = 0;
  eventsProcessed = 0;
  private readonly queue = new EventQueue();
  private readonly handlers: Handler[] = [];
  private readonly priorities: number[] = [];
  private readonly names: string[] = [];

  /** Registers an event kind. Lower priority runs first among events at the same time. */
  defineEvent(name: string, priority: number, handler: Handler): number {
    if (!Number.isInteger(priority) || priority < 0 || priority > 255) {
      throw new RangeError(`event priority must be an integer in 0..255, got ${priority}`);
    }
    this.handlers.push(handler);
    this.priorities.push(priority);
    this.names.push(name);
    return this.handlers.length - 1;
  }

  eventName(kind: number): string {
    return this.names[kind];
  }

  /** Schedules `kind` after `delay` seconds; returns a handle for cancel(). */
  schedule(delay: number, kind: number, a = 0, b = 0): number {
    if (!(delay >= 0)) throw new RangeError(`negative or NaN delay ${delay} for event ${this.names[kind]}`);
    return this.queue.push(this.now + delay, this.priorities[kind], kind, a, b);
  }

  /** Schedules `kind` at absolute time `time` (not before now). */
  at(time: number, kind: number, a = 0, b = 0): number {
    if (!(time >= this.now)) throw new RangeError(`event ${this.names[kind]} at ${time} is before now (${this.now})`);
    return this.queue.push(time, this.priorities[kind], kind, a, b);
  }

  cancel(handle: number): void {
    this.queue.cancel(handle);
  }

  get pending(): number {
    return this.queue.length;
  }

  /** Runs events with time ≤ horizon in order, then sets the clock to the horizon. */
  run(horizon: number): void {
    const queue = this.queue;
    const handlers = this.handlers;
    while (queue.popUntil(horizon)) {
      this.now = queue.time;
      this.eventsProcessed++;
      handlers[queue.kind](queue.a, queue.b);
    }
    this.now = horizon;
  }
}
