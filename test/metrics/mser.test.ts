import { describe, expect, it } from 'vitest';
import { mserTruncation } from '../../src/metrics/mser.js';
import { createStream } from '../../src/engine/random-streams.js';
import { standardNormal } from '../../src/engine/distributions.js';

function noise(n: number, seed: number): number[] {
  const rng = createStream(seed, 0, 'mser');
  return Array.from({ length: n }, () => standardNormal(rng));
}

describe('mserTruncation', () => {
  it('drops a transient that starts far from the level (an empty start filling up)', () => {
    // 100 observations of a ramp from 0 to 100, then 400 around 100: the ramp must go, and little of the rest.
    const series = noise(500, 1).map((e, i) => (i < 100 ? i : 100) + e);
    const d = mserTruncation(series);
    expect(d).toBeGreaterThanOrEqual(95);
    expect(d).toBeLessThanOrEqual(150);
  });

  it('keeps (almost) all of a stationary series', () => {
    const counts = [1, 2, 3, 4, 5, 6, 7, 8].map((seed) => mserTruncation(noise(500, seed)));
    // White noise: the minimising d is spread over [0, k/2]; on average far below the ramp's 100.
    expect(counts.reduce((s, d) => s + d, 0) / counts.length).toBeLessThan(100);
  });

  it('returns multiples of the batch and 0 for series shorter than two batches', () => {
    expect(mserTruncation([1, 2, 3])).toBe(0);
    expect(mserTruncation(noise(123, 3)) % 5).toBe(0);
  });
});
