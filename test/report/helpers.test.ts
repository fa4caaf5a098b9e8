// Small pieces of the report, specified by example.

import { describe, expect, it } from 'vitest';
import { ecdfPoints, logTicks, MAX_ECDF_POINTS, durationUnit } from '../../src/report/figures/ecdf-figure.js';
import { parameterAxes } from '../../src/report/figures/sweep-figure.js';
import { formatCi, formatNumber } from '../../src/report/format-number.js';
import { escapeHtml, slug } from '../../src/report/html.js';
import type { ComparisonRow } from '../../src/report/load-results.js';
import { meanCi } from '../../src/report/mean-ci.js';
import { armColors, OKABE_ITO } from '../../src/report/palette.js';
import { flattenSettings } from '../../src/report/render-report.js';
import { humaniseDuration } from '../../src/report/settings-html.js';

describe('meanCi(values)', () => {
  it('is null for no values and a point for one', () => {
    expect(meanCi([])).toBeNull();
    expect(meanCi([5])).toEqual({ mean: 5, low: 5, high: 5, n: 1 });
  });
  it('uses the Student t quantile: [1, 2, 3] → 2 ± 4.303/√3', () => {
    const m = meanCi([1, 2, 3])!;
    expect(m.mean).toBe(2);
    expect(m.high - m.mean).toBeCloseTo(4.302653 / Math.sqrt(3), 6);
  });
});

describe('formatNumber(value)', () => {
  it.each([
    [null, '—'], [Number.NaN, '—'], [0, '0'], [1234.6, '1235'], [99.91234, '99.9'], [0.012345, '0.0123'],
    [-0.0001234, '-1.23e-4'], [-0.0004, '-4.00e-4'], [2, '2'],
  ])('formatNumber(%s) = %s', (value, text) => expect(formatNumber(value as number | null)).toBe(text));
  it('takes more digits when asked (availability)', () => expect(formatNumber(99.99634, 6)).toBe('99.9963'));
  it('formatCi shows mean [low, high], or the mean alone without a CI', () => {
    expect(formatCi(1.5, 1, 2)).toBe('1.5 [1, 2]');
    expect(formatCi(1.5, null, null)).toBe('1.5');
    expect(formatCi(null, 1, 2)).toBe('—');
  });
});

describe('html helpers', () => {
  it('escapeHtml escapes the five special characters', () => expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;'));
  it('slug keeps [a-z0-9] and joins the rest with single hyphens', () => expect(slug('fleet[0].count')).toBe('fleet-0-count'));
});

describe('armColors(arms)', () => {
  it('gives Okabe–Ito colours in order and cycles after eight', () => {
    const colors = armColors(Array.from({ length: 9 }, (_, i) => `arm${i}`));
    expect(colors.slice(0, 8)).toEqual(OKABE_ITO);
    expect(colors[8]).toBe(OKABE_ITO[0]);
  });
});

describe('ecdf helpers', () => {
  it('ecdfPoints starts at 0 % and ends at 100 %', () => {
    expect(ecdfPoints([10, 20, 30, 40])).toEqual([{ x: 10, p: 0 }, { x: 10, p: 25 }, { x: 20, p: 50 }, { x: 30, p: 75 }, { x: 40, p: 100 }]);
  });
  it('ecdfPoints thins long inputs to MAX_ECDF_POINTS steps, keeping both ends', () => {
    const values = Array.from({ length: 10_000 }, (_, i) => i + 1);
    const points = ecdfPoints(values);
    expect(points.length).toBe(MAX_ECDF_POINTS + 1);
    expect(points[1]).toEqual({ x: 1, p: 0.01 });
    expect(points[points.length - 1]).toEqual({ x: 10_000, p: 100 });
  });
  it('logTicks gives 1-2-5 steps inside the range', () => expect(logTicks(0.3, 60)).toEqual([0.5, 1, 2, 5, 10, 20, 50]));
  it.each([[30, 's'], [600, 'min'], [7200, 'h']])('durationUnit(median %d s) is %s', (s, unit) => expect(durationUnit(s).label).toBe(unit));
});

describe('humaniseDuration(seconds)', () => {
  it.each([[1800, '30 min'], [90, '1.5 min'], [172800, '2 d'], [2592000, '30 d'], [35, '35 s'], [0, '0 s'], [0.25, '250 ms'], [5400, '1.5 h']])(
    '%d s is %s', (s, text) => expect(humaniseDuration(s)).toBe(text),
  );
  it('humanises durations inside settings, also inside distributions, but not shape or sigma', () => {
    expect(flattenSettings({ operatorDelay: { lognormal: { median: 1800, sigma: 1 } }, retryDelays: [120, 360], parallelism: 4 })).toEqual([
      'operatorDelay.lognormal.median: 30 min', 'operatorDelay.lognormal.sigma: 1', 'retryDelays: [2 min, 6 min]', 'parallelism: 4',
    ]);
  });
});

describe('flattenSettings(arm)', () => {
  it('writes nested settings as dotted paths, arrays as JSON', () => {
    expect(flattenSettings({ platform: { vcenter: { clusterSize: 16 } }, nova: { filters: ['RamFilter'] }, drs: {} })).toEqual([
      'platform.vcenter.clusterSize: 16', 'nova.filters: ["RamFilter"]', 'drs: {}',
    ]);
  });
});

describe('parameterAxes(parameters, rows)', () => {
  const row = (point: string[]): ComparisonRow => ({ point, arm: 'a', metric: 'm', mean: 1, low: 1, high: 1, n: 1, diffMean: null, diffLow: null, diffHigh: null });
  it('sorts numeric values numerically and keeps other values in order of appearance', () => {
    const axes = parameterAxes(['rate', 'weigher'], [row(['100', 'stack']), row(['20', 'spread']), row(['3', 'stack'])]);
    expect(axes).toEqual([
      { path: 'rate', numeric: true, values: ['3', '20', '100'] },
      { path: 'weigher', numeric: false, values: ['stack', 'spread'] },
    ]);
  });
});
