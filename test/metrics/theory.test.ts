import { describe, expect, it } from 'vitest';
import { erlangB, kaufmanRoberts } from '../../src/metrics/theory.js';

describe('erlangB', () => {
  it.each([
    [10, 7, 0.078741],
    [100, 80, 0.003992],
    [0, 5, 1],
    [1, 1, 0.5],
  ])('B(%i, %f) = %f (the Erlang-B recursion by hand)', (servers, load, expected) => {
    expect(erlangB(servers, load)).toBeCloseTo(expected, 6);
  });
});

describe('kaufmanRoberts', () => {
  it('C=10, classes (b=1, a=3) and (b=2, a=1) block 0.027296 and 0.072216 (Kaufman–Roberts by hand)', () => {
    const [b1, b2] = kaufmanRoberts(10, [1, 2], [3, 1]);
    expect(b1).toBeCloseTo(0.027296, 6);
    expect(b2).toBeCloseTo(0.072216, 6);
  });

  it('reduces to Erlang-B for one class of size 1', () => {
    expect(kaufmanRoberts(10, [1], [7])[0]).toBeCloseTo(erlangB(10, 7), 12);
  });
});
