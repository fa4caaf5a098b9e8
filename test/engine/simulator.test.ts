import { describe, expect, it } from 'vitest';
import { Simulator } from '../../src/engine/simulator.js';

describe('Simulator', () => {
  it('advances the clock to each event and stops at the horizon', () => {
    const sim = new Simulator();
    const seen: number[] = [];
    const tick = sim.defineEvent('tick', 0, () => {
      seen.push(sim.now);
      sim.schedule(10, tick);
    });
    sim.at(5, tick);
    sim.run(40);
    expect(seen).toEqual([5, 15, 25, 35]);
    expect(sim.now).toBe(40);
    expect(sim.eventsProcessed).toBe(4);
  });

  it('refuses negative delays and times in the past with a message', () => {
    const sim = new Simulator();
    const k = sim.defineEvent('k', 0, () => undefined);
    expect(() => sim.schedule(-1, k)).toThrow(/negative or NaN delay -1 for event k/);
    sim.run(10);
    expect(() => sim.at(5, k)).toThrow(/before now/);
    expect(() => sim.defineEvent('bad', 300, () => undefined)).toThrow(/0\.\.255/);
  });

  it('runs lower priority numbers first at equal times', () => {
    const sim = new Simulator();
    const order: string[] = [];
    const late = sim.defineEvent('late', 9, () => order.push('late'));
    const early = sim.defineEvent('early', 1, () => order.push('early'));
    sim.at(1, late);
    sim.at(1, early);
    sim.run(1);
    expect(order).toEqual(['early', 'late']);
  });

  it('runs stream kinds in the same order as heap kinds and refuses a second pending stream event', () => {
    const order: string[] = [];
    const sim = new Simulator();
    const tick = sim.defineEvent('tick', 5, () => {
      order.push(`tick@${sim.now}`);
      if (sim.now < 3) sim.schedule(1, tick);
    }, { stream: true });
    const other = sim.defineEvent('other', 5, (a) => order.push(`other${a}@${sim.now}`));
    sim.at(1, other, 1); // scheduled before the tick at the same time and priority: runs first
    expect(sim.at(1, tick)).toBe(-1);
    sim.at(1, other, 2); // after it: runs after
    sim.at(2, other, 3);
    expect(() => sim.at(2, tick)).toThrow(/stream event tick scheduled while one is pending/);
    expect(sim.pending).toBe(4);
    sim.run(10);
    // tick@2 is scheduled while tick@1 runs, after other3 was: at equal time and priority other3 goes first.
    expect(order).toEqual(['other1@1', 'tick@1', 'other2@1', 'other3@2', 'tick@2', 'tick@3']);
  });
});
