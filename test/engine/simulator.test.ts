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
});
