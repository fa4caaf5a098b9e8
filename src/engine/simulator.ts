// The discrete-event loop: a clock, the future event list, and a table of handlers by event kind.
// It knows nothing about clouds; model code registers kinds and handlers.

import { EventQueue, type EventPrefetcher } from './event-queue.js';

export type Handler = (a: number, b: number) => void;

export class Simulator {
  /** The clock, read through `now`; a one-element Float64Array (docs/performance.md, "stable shapes"). */
  private readonly clock = new Float64Array(1);
  eventsProcessed = 0;
  private readonly queue = new EventQueue();
  private readonly handlers: Handler[] = [];
  private readonly priorities: number[] = [];
  private readonly names: string[] = [];
  /** The queue lane of each kind, or −1 for kinds that go into the heap. */
  private readonly lanes: number[] = [];

  /**
   * Registers an event kind. Lower priority runs first among events at the same time. `stream: true` declares a kind
   * with at most one event pending at a time (e.g. the next arrival): it is kept in a lane beside the heap (see
   * EventQueue), runs in exactly the same order, cannot be cancelled, and scheduling a second one throws.
   */
  defineEvent(name: string, priority: number, handler: Handler, options: { stream?: boolean } = {}): number {
    if (!Number.isInteger(priority) || priority < 0 || priority > 255) {
      throw new RangeError(`event priority must be an integer in 0..255, got ${priority}`);
    }
    this.handlers.push(handler);
    this.priorities.push(priority);
    this.names.push(name);
    this.lanes.push(options.stream ? this.queue.addLane() : -1);
    return this.handlers.length - 1;
  }

  /**
   * Lets `prefetcher` read ahead what the heap's next events will need, when they are moved into it (see EventQueue's
   * refill): a performance hook that must change nothing the handlers compute.
   */
  prefetchWith(prefetcher: EventPrefetcher): void {
    this.queue.prefetcher = prefetcher;
  }

  /** Simulated time: the time of the event being handled (the horizon once run() has returned). */
  get now(): number {
    return this.clock[0];
  }

  eventName(kind: number): string {
    return this.names[kind];
  }

  /** Schedules `kind` after `delay` seconds; returns a handle for cancel() (−1 for a stream kind). */
  schedule(delay: number, kind: number, a = 0, b = 0): number {
    if (!(delay >= 0)) throw new RangeError(`negative or NaN delay ${delay} for event ${this.names[kind]}`);
    return this.enqueue(this.now + delay, kind, a, b);
  }

  /** Schedules `kind` at absolute time `time` (not before now); returns a handle for cancel() (−1 for a stream kind). */
  at(time: number, kind: number, a = 0, b = 0): number {
    if (!(time >= this.now)) throw new RangeError(`event ${this.names[kind]} at ${time} is before now (${this.now})`);
    return this.enqueue(time, kind, a, b);
  }

  private enqueue(time: number, kind: number, a: number, b: number): number {
    const lane = this.lanes[kind];
    if (lane < 0) return this.queue.push(time, this.priorities[kind], kind, a, b);
    if (this.queue.laneBusy(lane)) throw new Error(`stream event ${this.names[kind]} scheduled while one is pending`);
    this.queue.pushLane(lane, time, this.priorities[kind], kind, a, b);
    return -1;
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
    const clock = this.clock;
    while (queue.popUntil(horizon)) {
      clock[0] = queue.time;
      this.eventsProcessed++;
      handlers[queue.kind](queue.a, queue.b);
    }
    clock[0] = horizon;
  }
}
