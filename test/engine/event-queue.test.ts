import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EventQueue } from '../../src/engine/event-queue.js';
import { BinaryHeapEventQueue } from '../../bench/binary-heap-event-queue.js';

function drain(queue: EventQueue): number[][] {
  const out: number[][] = [];
  while (queue.pop()) out.push([queue.time, queue.kind, queue.a, queue.b]);
  return out;
}

describe('EventQueue', () => {
  it('pops in time order, then priority, then insertion order', () => {
    const q = new EventQueue(4);
    q.push(5, 1, 0, 1, 0);
    q.push(5, 0, 0, 2, 0);
    q.push(1, 9, 0, 3, 0);
    q.push(5, 1, 0, 4, 0);
    q.push(5, 0, 0, 5, 0);
    expect(drain(q).map((e) => e[2])).toEqual([3, 2, 5, 1, 4]);
  });

  it('skips cancelled events and ignores stale handles after slot reuse', () => {
    const q = new EventQueue(4);
    const h1 = q.push(1, 0, 7, 1, 0);
    q.push(2, 0, 7, 2, 0);
    q.cancel(h1);
    expect(q.length).toBe(1);
    expect(q.pop()).toBe(true);
    expect(q.a).toBe(2);
    const h3 = q.push(3, 0, 7, 3, 0); // reuses a freed slot
    q.cancel(h1); // stale: must not cancel event 3
    expect(q.length).toBe(1);
    q.cancel(h3);
    q.cancel(h3);
    expect(q.length).toBe(0);
    expect(q.pop()).toBe(false);
    expect(q.peekTime()).toBe(Infinity);
  });

  it('counts a slot\'s generations in its handles up to 2^20, then from 0 again', () => {
    const q = new EventQueue(4);
    const generations = 2 ** 20;
    let stale = -1;
    for (let k = 0; k <= generations; k++) {
      const handle = q.push(k, 0, 7, k, 0);
      expect(handle).toBe((k % generations) * 2 ** 24);
      if (k === generations - 1) stale = handle;
      expect(q.pop()).toBe(true);
    }
    const last = q.push(0, 0, 7, 0, 0);
    q.cancel(stale); // generation 2^20 − 1: the slot is at generation 1 now
    expect(q.length).toBe(1);
    q.cancel(last);
    expect(q.length).toBe(0);
  });

  it('matches a stable sort of (time, priority) for any sequence of pushes, cancels and pops', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ time: fc.integer({ min: 0, max: 20 }), priority: fc.integer({ min: 0, max: 3 }),
          cancel: fc.boolean(), popAfter: fc.boolean() }), { maxLength: 200 }),
        (ops) => {
          const q = new EventQueue(2);
          const reference: { time: number; priority: number; id: number; live: boolean }[] = [];
          const handles: number[] = [];
          let now = 0;
          const popped: number[] = [];
          const expected: number[] = [];
          ops.forEach((op, id) => {
            const time = now + op.time;
            handles.push(q.push(time, op.priority, 0, id, 0));
            reference.push({ time, priority: op.priority, id, live: true });
            if (op.cancel && id % 3 === 0) {
              q.cancel(handles[id]);
              reference[id].live = false;
            }
            if (op.popAfter) {
              const next = reference.filter((e) => e.live).sort((x, y) => x.time - y.time || x.priority - y.priority || x.id - y.id)[0];
              if (next) {
                next.live = false;
                expected.push(next.id);
                q.pop();
                popped.push(q.a);
                now = q.time;
              }
            }
          });
          const rest = reference.filter((e) => e.live).sort((x, y) => x.time - y.time || x.priority - y.priority || x.id - y.id);
          while (q.pop()) popped.push(q.a);
          expect(popped).toEqual([...expected, ...rest.map((e) => e.id)]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('lanes: events come out in exactly the order of one heap, lane events included (times, priorities, ties)', () => {
    // Two lanes (each at most one pending event) beside heap events; the same schedule run through a queue without
    // lanes gives the reference order. Small integer times make ties of time and priority frequent.
    const step = fc.record({ lane: fc.integer({ min: -1, max: 1 }), delay: fc.integer({ min: 0, max: 6 }),
      priority: fc.integer({ min: 0, max: 2 }), pops: fc.integer({ min: 0, max: 2 }) });
    fc.assert(fc.property(fc.array(step, { minLength: 1, maxLength: 150 }), fc.integer({ min: 0, max: 40 }), (steps, horizon) => {
      const withLanes = new EventQueue(2);
      const lanes = [withLanes.addLane(), withLanes.addLane()];
      const plain = new EventQueue(2);
      const pendingInLane = [false, false];
      const seen: number[][] = [[], []];
      let now = 0;
      const popBoth = (until: number): boolean => {
        const a = withLanes.popUntil(until), b = plain.popUntil(until);
        expect(a).toBe(b);
        if (!a) return false;
        expect([withLanes.time, withLanes.kind, withLanes.a]).toEqual([plain.time, plain.kind, plain.a]);
        if (withLanes.kind >= 0) pendingInLane[withLanes.kind] = false;
        seen[0].push(withLanes.a);
        now = withLanes.time;
        return true;
      };
      steps.forEach((s, id) => {
        // kind = lane index for lane events, −1 for heap events; a lane takes a new event only when empty.
        const lane = s.lane >= 0 && !pendingInLane[s.lane] ? s.lane : -1;
        if (lane >= 0) {
          withLanes.pushLane(lanes[lane], now + s.delay, s.priority, lane, id, 0);
          pendingInLane[lane] = true;
        } else {
          withLanes.push(now + s.delay, s.priority, -1, id, 0);
        }
        plain.push(now + s.delay, s.priority, lane, id, 0);
        expect(withLanes.length).toBe(plain.length);
        expect(withLanes.peekTime()).toBe(plain.peekTime());
        for (let p = 0; p < s.pops; p++) popBoth(Infinity);
      });
      while (popBoth(now + horizon));
      while (popBoth(Infinity));
      expect(withLanes.length).toBe(0);
    }), { numRuns: 500 });
  });

  it('lanes hold one event: a second push throws', () => {
    const q = new EventQueue();
    const lane = q.addLane();
    q.pushLane(lane, 1, 0, 0, 0, 0);
    expect(() => q.pushLane(lane, 2, 0, 0, 0, 0)).toThrow(/already holds/);
    expect(q.pop()).toBe(true);
    q.pushLane(lane, 2, 0, 0, 0, 0);
    expect(q.length).toBe(1);
  });
});

/** Runs the same operations on the queue and on the one-heap reference and checks every observable result. */
class Paired {
  readonly queue = new EventQueue(2);
  readonly reference = new BinaryHeapEventQueue(2);
  readonly handles: [number, number][] = [];
  now = 0;
  popped = 0;

  push(time: number, priority: number, id: number): void {
    this.handles.push([this.queue.push(time, priority, id % 7, id, -id), this.reference.push(time, priority, id % 7, id, -id)]);
    expect(this.queue.length).toBe(this.reference.length);
  }

  cancel(index: number): void {
    if (this.handles.length === 0) return;
    const [h, r] = this.handles[index % this.handles.length];
    this.queue.cancel(h);
    this.reference.cancel(r);
    expect(this.queue.length).toBe(this.reference.length);
  }

  pop(horizon = Infinity): boolean {
    const got = this.queue.popUntil(horizon), want = this.reference.popUntil(horizon);
    expect(got).toBe(want);
    if (got) {
      expect([this.queue.time, this.queue.kind, this.queue.a, this.queue.b])
        .toEqual([this.reference.time, this.reference.kind, this.reference.a, this.reference.b]);
      this.now = this.queue.time;
      this.popped++;
    }
    expect(this.queue.length).toBe(this.reference.length);
    expect(this.queue.peekTime()).toBe(this.reference.peekTime());
    return got;
  }
}

describe('EventQueue against the one-heap reference', () => {
  // Delays: small integers (ties of time, and of time and priority), fractions, exponential draws (the lifetimes the
  // buckets are cut for) and now and then one far ahead, Infinity or −Infinity; bursts of up to 300 pushes make the
  // queue cut rungs of buckets, use them up and cut new ones.
  const delay = fc.oneof(
    { weight: 4, arbitrary: fc.integer({ min: 0, max: 8 }) },
    { weight: 4, arbitrary: fc.double({ min: 0, max: 50, noNaN: true }) },
    { weight: 4, arbitrary: fc.double({ min: 1e-9, max: 1, noNaN: true }).map((u) => -Math.log(u) * 24) },
    { weight: 1, arbitrary: fc.constantFrom(1e6, 1e300, Infinity, -Infinity) },
  );
  const op = fc.oneof(
    fc.record({ push: delay, priority: fc.integer({ min: 0, max: 3 }) }),
    fc.record({ burst: fc.array(delay, { minLength: 1, maxLength: 300 }), priority: fc.integer({ min: 0, max: 3 }) }),
    fc.record({ cancel: fc.nat() }),
    fc.record({ pops: fc.integer({ min: 1, max: 400 }), until: fc.option(fc.integer({ min: 0, max: 30 })) }),
  );

  it('pops the same events in the same order for any schedule of pushes, bursts, cancels and pops', () => {
    fc.assert(fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
      const p = new Paired();
      let id = 0;
      // A time of NaN (−Infinity + Infinity) is no event time: the simulator refuses it before it reaches the queue.
      const push = (d: number, priority: number) => {
        const time = d === -Infinity ? d : p.now + d;
        if (!Number.isNaN(time)) p.push(time, priority, id++);
      };
      for (const o of ops) {
        if ('push' in o) push(o.push, o.priority);
        else if ('burst' in o) for (const d of o.burst) push(d, o.priority);
        else if ('cancel' in o) p.cancel(o.cancel);
        else for (let k = 0; k < o.pops; k++) if (!p.pop(o.until === null ? Infinity : p.now + o.until)) break;
      }
      while (p.pop());
      expect(p.queue.length).toBe(0);
    }), { numRuns: 300 });
  });

  it('a hold model with thousands of pending events (many rungs cut and used up) pops as the reference does', () => {
    const p = new Paired();
    let state = 12345;
    const uniform = () => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return (state + 1) / 2147483649;
    };
    for (let i = 0; i < 2000; i++) p.push(-Math.log(uniform()), i % 2, i);
    for (let i = 0; i < 30000; i++) {
      p.pop();
      // Every tenth event schedules a tie with the one just popped; every hundredth is cancelled.
      p.push(i % 10 === 0 ? p.now : p.now - Math.log(uniform()), i % 3, 2000 + i);
      if (i % 100 === 0) p.cancel(p.handles.length - 1 - (i % 37));
    }
    while (p.pop());
    expect(p.popped).toBeGreaterThan(30000);
  });

  it('tells a prefetcher of most events before they pop, once each, and pops the same events in the same order', () => {
    const run = (withPrefetcher: boolean) => {
      const q = new EventQueue(16);
      const told = new Map<number, number>(); // event id → times told
      let tellsBeforePop = 0, batches = 0;
      let batch: number[] = []; // events told of since the last told()
      if (withPrefetcher) {
        q.prefetcher = {
          prefetch: (kind, a, b) => {
            expect(kind).toBe(a % 5);
            expect(b + a).toBe(0);
            told.set(a, (told.get(a) ?? 0) + 1);
            batch.push(a);
          },
          told: () => {
            expect(batch.length).toBeGreaterThan(0);
            batch = [];
            batches++;
          },
        };
      }
      let state = 777;
      const uniform = () => {
        state = (state * 1103515245 + 12345) % 2147483648;
        return (state + 1) / 2147483649;
      };
      const popped: number[] = [];
      let next = 0, now = 0;
      const push = () => { q.push(now - Math.log(uniform()), next % 2, next % 5, next, -next); next++; };
      for (let i = 0; i < 3000; i++) push();
      for (let i = 0; i < 20000; i++) {
        expect(q.pop()).toBe(true);
        // Every event told of was followed by told() before anything popped.
        expect(batch).toEqual([]);
        now = q.time;
        popped.push(q.a);
        if (told.has(q.a)) tellsBeforePop++;
        push();
      }
      while (q.pop()) popped.push(q.a);
      return { popped, told, tellsBeforePop, batches };
    };
    const plain = run(false), read = run(true);
    expect(read.popped).toEqual(plain.popped);
    expect([...read.told.values()].every((n) => n === 1)).toBe(true);
    // Events pushed into the heap directly (due before the bucket being used) are not told; the rest are.
    expect(read.tellsBeforePop).toBeGreaterThan(20000 / 2);
    // Buckets of a few dozen events each (a new rung aims at 32 per bucket): told() once per bucket, not per event.
    expect(read.batches).toBeGreaterThan(read.told.size / 200);
    expect(read.batches).toBeLessThan(read.told.size / 4);
  });

  it('events all at one time, and times spanning the whole double range, pop as the reference does', () => {
    for (const times of [Array.from({ length: 200 }, () => 7), Array.from({ length: 200 }, (_, i) => (i % 2 ? 1 : -1) * 1e300 * (i / 200))]) {
      const p = new Paired();
      times.forEach((t, i) => p.push(t, i % 4, i));
      while (p.pop());
      expect(p.popped).toBe(times.length);
    }
  });
});
