// `npm run bench -- --repeat K` summarises K processes of a scenario as one row: the median of every numeric column,
// the limit ratio's range beside it, and a refusal when processes disagree on what the simulation computed.

import { describe, expect, it } from 'vitest';
import { summariseRepeats, type ChildRow } from '../../bench/bench-row.js';

function row(overrides: Partial<ChildRow>): ChildRow {
  return {
    scenario: 'scale-1000-spread', hosts: 1000, style: 'spread', fast_path: 1, runs: 5, events: 2538810, wall_s: 1.5, cpu_s: 1.6,
    first_run_s: 0.35, events_per_s: 1_700_000, placements: 1_300_000, placements_per_s: 860_000, us_per_request: 1.15,
    placement_us: 0.4, rejection_rate: 0.052273, pending_events: 25_512, peak_rss_mib: 133,
    bare_events_per_s: 7_800_000, limit_ratio: 0.218, warm_limit_ratio: 0.226, heap_events_per_s: 6_000_000,
    heap_limit_ratio: 0.283, load_avg_1m: 0.3, ...overrides,
  };
}

describe('summariseRepeats', () => {
  it('takes the median of each measured column and keeps the deterministic ones', () => {
    const out = summariseRepeats([
      row({ wall_s: 1.6, limit_ratio: 0.190, bare_events_per_s: 7_000_000 }),
      row({ wall_s: 1.4, limit_ratio: 0.231, bare_events_per_s: 8_000_000 }),
      row({ wall_s: 1.5, limit_ratio: 0.212, bare_events_per_s: 7_500_000 }),
    ]);
    expect(out.wall_s).toBe(1.5);
    expect(out.limit_ratio).toBe(0.212);
    expect(out.bare_events_per_s).toBe(7_500_000);
    expect(out.events).toBe(2538810);
    expect(out.scenario).toBe('scale-1000-spread');
    expect(out.repeats).toBe(3);
    expect(out.limit_ratio_min).toBe(0.190);
    expect(out.limit_ratio_max).toBe(0.231);
  });

  it('averages the middle two of an even count, as a median does', () => {
    const out = summariseRepeats([row({ limit_ratio: 0.2 }), row({ limit_ratio: 0.22 })]);
    expect(out.limit_ratio).toBeCloseTo(0.21, 12);
  });

  it('gives NaN for a column that is empty in every process (a single run has no warm ratio)', () => {
    // NaN reaches the parent as null through JSON.
    const single = row({ runs: 1, warm_limit_ratio: null as unknown as number });
    const out = summariseRepeats([single, { ...single }]);
    expect(out.warm_limit_ratio).toBeNaN();
  });

  it('refuses processes that disagree on a simulated result', () => {
    expect(() => summariseRepeats([row({}), row({ rejection_rate: 0.052274 })])).toThrow(/rejection_rate/);
    expect(() => summariseRepeats([row({}), row({ events: 2538811 })])).toThrow(/events/);
  });

  it('refuses an empty list', () => {
    expect(() => summariseRepeats([])).toThrow();
  });
});
