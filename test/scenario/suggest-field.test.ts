// "Did you mean" for unknown fields, and warnings for unit-less short durations and horizons without samples.

import { describe, expect, it } from 'vitest';
import { closestKey, editDistance } from '../../src/scenario/suggest-field.js';
import { resolveScenario } from '../../src/scenario/load-scenario.js';
import { InputError } from '../../src/scenario/input-error.js';

const BASE = {
  name: 'x',
  horizon: '2d',
  fleet: [{ group: 'a', count: 2, cpus: 8, ramMiB: 16384, diskGiB: 100 }],
  workload: {
    arrivals: { poisson: { ratePerHour: 1 } },
    lifetime: { exponential: { mean: '1h' } },
    flavors: [{ name: 'f', vcpus: 1, ramMiB: 1024, diskGiB: 10 }],
  },
  arms: [{ name: 'kvm', platform: 'kvm' }],
};

function problemsOf(raw: object): string[] {
  try {
    resolveScenario(raw, 's.yaml');
  } catch (error) {
    if (error instanceof InputError) return error.problems.map((p) => `${p.path}: ${p.message}`);
    throw error;
  }
  return [];
}

describe('did you mean', () => {
  it('edit distance counts insertions, deletions and substitutions', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('weight', 'weight')).toBe(0);
  });

  it('ignores case and underscores, and refuses far-off keys', () => {
    expect(closestKey('cpu_allocation_ratio', ['ramAllocationRatio', 'cpuAllocationRatio'])).toBe('cpuAllocationRatio');
    expect(closestKey('zzz', ['ramAllocationRatio', 'cpuAllocationRatio'])).toBeUndefined();
  });

  it('suggests the allowed key at the field\'s own path (nested, in lists, under unions)', () => {
    const problems = problemsOf({
      ...BASE,
      horizn: '2d',
      workload: { ...BASE.workload, flavors: [{ ...BASE.workload.flavors[0], wieght: 2 }] },
      arms: [{ name: 'kvm', platform: 'kvm', nova: { cpu_allocation_ratio: 4 } }],
    });
    expect(problems).toContain('horizn: unknown field (did you mean horizon?)');
    expect(problems).toContain('workload.flavors[0].wieght: unknown field (did you mean weight?)');
    expect(problems).toContain('arms[0].nova.cpu_allocation_ratio: unknown field (did you mean cpuAllocationRatio?)');
  });
});

describe('duration warnings', () => {
  it('warns for a unit-less horizon or warm-up under a minute, and a horizon shorter than the sample interval', () => {
    const loaded = resolveScenario({ ...BASE, horizon: 30, warmup: 10 }, 's.yaml');
    const text = (loaded.warnings ?? []).map((w) => `${w.path}: ${w.message}`);
    expect(text.filter((t) => t.startsWith('horizon: 30 has no unit'))).toHaveLength(1);
    expect(text.filter((t) => t.startsWith('warmup: 10 has no unit'))).toHaveLength(1);
    expect(text.filter((t) => t.includes('shorter than sampleInterval (5 min)'))).toHaveLength(1);
  });

  it('says nothing for durations with units or long enough', () => {
    expect(resolveScenario({ ...BASE, horizon: '30s', sampleInterval: '10s' }, 's.yaml').warnings).toEqual([]);
    expect(resolveScenario({ ...BASE, horizon: 86400 }, 's.yaml').warnings).toEqual([]);
  });
});
