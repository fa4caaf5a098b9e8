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
});
