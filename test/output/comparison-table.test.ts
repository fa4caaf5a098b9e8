import { describe, expect, it } from 'vitest';
import { comparisonTable, decimalsFor, formatDiff, formatMean } from '../../src/output/comparison-table.js';
import type { RunResult } from '../../src/experiment/run-result.js';

describe('number formatting', () => {
  it.each([
    { mean: 0.99957, half: 0.000143, text: '+0.99957 ± 0.00014' },
    { mean: 6852, half: 3958, text: '+6852 ± 3958' },
    { mean: -0.0028, half: 0.0051, text: '−0.0028 ± 0.0051' },
    { mean: 0.0258, half: 0.0024, text: '+0.0258 ± 0.0024' },
  ])('a difference $mean ± $half reads "$text" (the half-width to two significant digits)', ({ mean, half, text }) => {
    expect(formatDiff({ mean, low: mean - half, high: mean + half, n: 10 })).toBe(text);
  });

  it('shows a mean with its (asymmetric) interval at the same decimals, and a constant as itself', () => {
    expect(formatMean({ mean: 0.0358, low: 0.0321, high: 0.0394, n: 10 })).toBe('0.0358 [0.0321, 0.0394]');
    expect(formatMean({ mean: 0, low: 0, high: 0, n: 10 })).toBe('0');
    expect(decimalsFor(1, 0)).toBe(2);
  });
});

describe('comparisonTable', () => {
  const result = (arm: string, armIndex: number, replication: number, rate: number): RunResult => ({
    arm, armIndex, replication, seed: 1, summary: { rejection_rate: rate }, flavors: [], timeseries: [], vms: [], events: [],
    eventsProcessed: 0,
  });
  it('leads with paired differences to the baseline, then means with n per arm', () => {
    const results = [0, 1, 2].flatMap((r) => [result('a', 0, r, 0.1 + r / 100), result('b', 1, r, 0.12 + r / 100)]);
    const text = comparisonTable(results, ['rejection_rate']);
    expect(text.indexOf('paired differences to a')).toBe(0);
    expect(text).toMatch(/\nb\s+\+0\.020\d*\n/); // every pair differs by exactly 0.02: no spread, no ±
    expect(text).toMatch(/means per arm[\s\S]*\na\s+3\s+0\.11/);
  });
});
