// The failures and novaEvacuate parts of the scenario format: defaults, presets and cross-checks against the fleet.

import { describe, expect, it } from 'vitest';
import { resolveScenario } from '../../src/scenario/load-scenario.js';
import { InputError } from '../../src/scenario/input-error.js';
import { distributionMean } from '../../src/engine/distributions.js';
import { FAILURE_PRESETS } from '../../src/failures/presets.js';

const base = {
  name: 's', horizon: '1d',
  fleet: [{ group: 'rack-a', count: 4, cpus: 8, ramMiB: 8192, diskGiB: 100 }],
  workload: { arrivals: { poisson: { ratePerHour: 1 } }, lifetime: { constant: '1h' }, flavors: [{ name: 'f', vcpus: 1, ramMiB: 1024, diskGiB: 1 }] },
  arms: [{ name: 'a' }],
};

function problems(patch: object): string[] {
  try {
    resolveScenario({ ...base, ...patch }, 'x.yaml');
  } catch (error) {
    if (error instanceof InputError) return error.problems.map((p) => `${p.path}: ${p.message}`);
    throw error;
  }
  return [];
}

describe('failures schema', () => {
  it.each([
    [{ failures: { hostFailure: { exponential: { mean: '10d' } } } }, 'failures.repair: expected a repair distribution beside hostFailure'],
    [{ failures: { groups: [{ group: 'rack-z', failure: { constant: '1d' }, repair: { constant: '1h' } }] } }, 'failures.groups[0].group: unknown fleet group "rack-z"'],
    [{ failures: { preset: 'lanl99' } }, 'failures.preset:'],
    [{ arms: [{ name: 'a', recovery: { novaEvacuate: { reservedHosts: ['rack-a-9'] } } }] }, 'arms[0].recovery.novaEvacuate.reservedHosts[0]: unknown host "rack-a-9"'],
    [{ arms: [{ name: 'a', recovery: { novaEvacuate: { reservedHosts: 4 } } }] }, 'arms[0].recovery.novaEvacuate.reservedHosts: expected fewer standby hosts'],
    [{ arms: [{ name: 'a', recovery: { novaEvacuate: { masakari: { method: 'pray' } } } }] }, 'arms[0].recovery.novaEvacuate.masakari.method:'],
  ])('rejects %j', (patch, message) => {
    expect(problems(patch).some((p) => p.startsWith(message))).toBe(true);
  });

  it('fills Masakari defaults from masakari/conf/engine.py @ 14.0.0', () => {
    const loaded = resolveScenario({ ...base, release: 'queens', arms: [{ name: 'a', recovery: { novaEvacuate: { trigger: 'masakari' } } }] }, 'x.yaml');
    const recovery = loaded.scenario.arms[0].recovery as { novaEvacuate: { masakari: Record<string, unknown>; rebuild: unknown } };
    expect(recovery.novaEvacuate.masakari).toMatchObject({
      method: 'auto', monitorInterval: 60, waitAfterServiceDisable: 180, recoveryThreads: 3, waitPerVm: 90, verifyInterval: 1,
    });
  });

  it.each([
    // preset → mean time to failure and mean repair, hours (src/failures/presets.ts); Weibull mean = scale·Γ(1 + 1/shape)
    // with Γ(3.08333) = 2.162798 and Γ(2.72414) = 1.574886; lognormal mean = e^(μ + σ²/2).
    ['lanl05-exponential', 1779.99, 5.92],
    ['lanl05', 816.6 * 2.162798, 2.18 * 1.574886],
    ['lanl05-lognormal', Math.exp(5.56 + 2.39 ** 2 / 2), Math.exp(0.05 + 1.42 ** 2 / 2)],
    ['azure23', (365.25 * 24) / 0.027, 352 / 60],
  ])('preset %s has the fitted means', (name, failureHours, repairHours) => {
    const preset = FAILURE_PRESETS[name];
    expect(Math.abs(distributionMean(preset.hostFailure) / 3600 / failureHours - 1)).toBeLessThan(1e-4);
    expect(Math.abs(distributionMean(preset.repair) / 3600 / repairHours - 1)).toBeLessThan(1e-4);
  });
});

describe('novaEvacuate resolution', () => {
  it('keeps only the options of its trigger, with their defaults', () => {
    const arms = resolveScenario({ ...base, arms: [
      { name: 'manual', recovery: { novaEvacuate: { trigger: 'manual', target: 'scheduler' } } },
      { name: 'masakari', release: 'modern', recovery: { novaEvacuate: { trigger: 'masakari' } } },
    ] }, 'x.yaml').scenario.arms;
    const manual = (arms[0].recovery as { novaEvacuate: Record<string, unknown> }).novaEvacuate;
    const masakari = (arms[1].recovery as { novaEvacuate: Record<string, unknown> }).novaEvacuate;
    expect(Object.keys(manual).sort()).toEqual(['operatorDelay', 'parallelism', 'rebuild', 'storage', 'target', 'trigger']);
    expect(manual.parallelism).toBe(1);
    expect(Object.keys(masakari).sort()).toEqual(['masakari', 'rebuild', 'storage', 'trigger']);
    expect((masakari.masakari as { waitPerVm: number }).waitPerVm).toBe(90);
  });
});
