import { describe, expect, it } from 'vitest';
import { studentTQuantile, tCritical95 } from '../../src/metrics/student-t.js';
import { estimate } from '../../src/metrics/confidence-interval.js';

describe('Student t', () => {
  it.each([
    [1, 12.706205],
    [4, 2.776445],
    [9, 2.262157],
    [29, 2.045230],
    [1000, 1.962339],
  ])('t_{0.975, %i} = %f (standard tables)', (df, value) => {
    expect(tCritical95(df)).toBeCloseTo(value, 5);
  });

  it('is symmetric', () => {
    expect(studentTQuantile(0.025, 7)).toBeCloseTo(-studentTQuantile(0.975, 7), 10);
  });

  it('estimate gives mean ± t·s/√n', () => {
    const e = estimate([1, 2, 3, 4, 5]);
    const half = 2.776445 * Math.sqrt(2.5) / Math.sqrt(5);
    expect(e.mean).toBe(3);
    expect(e.low).toBeCloseTo(3 - half, 5);
    expect(e.high).toBeCloseTo(3 + half, 5);
    expect(estimate([7]).low).toBe(7);
    expect(estimate([NaN, 2, 4]).n).toBe(2);
  });
});
