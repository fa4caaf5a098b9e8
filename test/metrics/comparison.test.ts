import { describe, expect, it } from 'vitest';
import { comparisonRows, COMPARISON_COLUMNS, meanInterval } from '../../src/metrics/comparison.js';
import { bootstrapMeanInterval } from '../../src/metrics/bootstrap-interval.js';
import { createStream } from '../../src/engine/random-streams.js';

const col = (name: (typeof COMPARISON_COLUMNS)[number]) => COMPARISON_COLUMNS.indexOf(name);

describe('bootstrapMeanInterval', () => {
  it('never leaves the range of the values: a count with one large value keeps a lower bound ≥ 0', () => {
    const counts = [0, 0, 0, 0, 0, 0, 0, 0, 0, 5];
    const b = bootstrapMeanInterval(counts, 1, 'x');
    expect(b.low).toBeGreaterThanOrEqual(0);
    expect(b.high).toBeLessThanOrEqual(5);
    expect(b.low).toBeLessThan(0.5);
    expect(b.high).toBeGreaterThan(0.5);
  });

  it('is seeded: the same key gives the same interval, another key another one', () => {
    const v = [1, 4, 2, 8, 5, 7, 3, 9, 6, 2];
    expect(bootstrapMeanInterval(v, 1, 'a')).toEqual(bootstrapMeanInterval(v, 1, 'a'));
    expect(bootstrapMeanInterval(v, 1, 'a')).not.toEqual(bootstrapMeanInterval(v, 1, 'b'));
  });

  it('covers the true mean of an exponential about 95 % of the time with n = 30 (400 samples, 3 standard errors)', () => {
    let covered = 0;
    const trials = 400;
    for (let t = 0; t < trials; t++) {
      const rng = createStream(9, t, 'exponential-sample');
      const values = Array.from({ length: 30 }, () => -Math.log(1 - rng()));
      const b = bootstrapMeanInterval(values, 1, `trial/${t}`, 1000);
      if (b.low <= 1 && 1 <= b.high) covered++;
    }
    // Percentile intervals undercover a little for skewed data at n = 30 (≈ 0.92–0.94); 3 SE of a proportion.
    const se = Math.sqrt(0.95 * 0.05 / trials);
    expect(covered / trials).toBeGreaterThan(0.90 - 3 * se);
    expect(covered / trials).toBeLessThan(0.95 + 3 * se);
  });
});

describe('comparisonRows', () => {
  const rows = [0, 1, 2, 3].flatMap((r) => [
    { arm: 'base', replication: r, values: { lost: [0, 0, 0, 3][r], group_outages: r === 3 ? 1 : 0 } },
    { arm: 'other', replication: r, values: { lost: [0, 1, 0, 6][r], group_outages: r === 3 ? 1 : 0 } },
  ]);

  it('gives non-negative metrics non-negative bounds and says which method made each interval', () => {
    const out = comparisonRows(['base', 'other'], ['lost', 'group_outages'], rows, 1);
    for (const row of out) expect(row[col('ci95_low')] as number).toBeGreaterThanOrEqual(0);
    const other = out.find((r) => r[col('arm')] === 'other' && r[col('metric')] === 'lost' && r[col('stratum')] === 'all')!;
    expect(other[col('ci_method')]).toBe('bootstrap-percentile');
    expect(other[col('diff_ci_method')]).toBe('t');
    expect(other[col('diff_mean')]).toBe(1);
  });

  it('adds rows conditional on a group outage when some replications saw one and others did not', () => {
    const out = comparisonRows(['base', 'other'], ['lost', 'group_outages'], rows, 1);
    const strata = new Set(out.map((r) => r[col('stratum')]));
    expect(strata).toEqual(new Set(['all', 'group_outage', 'no_group_outage']));
    const saw = out.find((r) => r[col('arm')] === 'other' && r[col('metric')] === 'lost' && r[col('stratum')] === 'group_outage')!;
    expect(saw[col('n')]).toBe(1);
    expect(saw[col('mean')]).toBe(6);
    expect(saw[col('diff_mean')]).toBe(3);
    const none = out.find((r) => r[col('arm')] === 'other' && r[col('metric')] === 'lost' && r[col('stratum')] === 'no_group_outage')!;
    expect(none[col('n')]).toBe(3);
  });

  it('leaves a metric one arm does not define (an empty cell) without mean, interval or paired difference', () => {
    const mixed = [0, 1, 2].flatMap((r) => [
      { arm: 'kvm', replication: r, values: { phantom: NaN } },
      { arm: 'vc', replication: r, values: { phantom: 100 + r } },
      { arm: 'kvm2', replication: r, values: { phantom: NaN } },
    ]);
    const out = comparisonRows(['kvm', 'vc', 'kvm2'], ['phantom'], mixed, 1);
    const row = (arm: string) => out.find((r) => r[col('arm')] === arm)!;
    expect(row('kvm')[col('mean')]).toBeNaN();
    expect(row('kvm')[col('n')]).toBe(0);
    expect(row('kvm')[col('ci_method')]).toBe('');
    expect(row('vc')[col('mean')]).toBe(101);
    for (const arm of ['vc', 'kvm2']) {
      expect([col('diff_mean'), col('diff_ci95_low'), col('diff_ci95_high'), col('diff_ci_method')].map((c) => row(arm)[c]))
        .toEqual(['', '', '', '']);
    }
  });

  it('adds no strata when every replication (or none) saw a group outage', () => {
    const all = rows.map((r) => ({ ...r, values: { ...r.values, group_outages: 1 } }));
    expect(new Set(comparisonRows(['base', 'other'], ['lost', 'group_outages'], all, 1).map((r) => r[col('stratum')])))
      .toEqual(new Set(['all']));
  });

  it('uses the same interval as meanInterval (the terminal table reads it)', () => {
    const out = comparisonRows(['base', 'other'], ['lost'], rows, 7);
    const e = meanInterval([0, 1, 0, 6], 7, 'all/other/lost');
    const row = out.find((r) => r[col('arm')] === 'other')!;
    expect([row[col('ci95_low')], row[col('ci95_high')]]).toEqual([e.low, e.high]);
  });
});
