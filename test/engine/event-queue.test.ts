import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EventQueue } from '../../src/engine/event-queue.js';

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
