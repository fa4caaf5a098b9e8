import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import { scenarioJsonSchema } from '../../src/scenario/schema.js';
import { InputError } from '../../src/scenario/input-error.js';
import { scenarioFrom } from '../support/scenario.js';
import { ROOT } from '../support/cli.js';

const minimal = {
  name: 'm', horizon: '1d',
  fleet: [{ group: 'a', count: 2, cpus: 8, ramMiB: 8192, diskGiB: 100 }],
  workload: { arrivals: { poisson: { ratePerHour: 1 } }, lifetime: { constant: '1h' }, flavors: [{ name: 'f', vcpus: 1, ramMiB: 512, diskGiB: 1 }] },
  arms: [{ name: 'kvm' }],
};

describe('scenario schema', () => {
  it('fills defaults and converts durations to seconds', () => {
    const s = scenarioFrom(minimal).scenario;
    expect(s.horizon).toBe(86400);
    expect(s.replications).toBe(5);
    expect(s.sampleInterval).toBe(300);
    expect(s.release).toBe('grizzly');
    expect(s.fleet[0].az).toBe('nova');
    expect(s.arms[0].platform).toBe('kvm');
    expect(s.arms[0].recovery).toBe('none');
  });

  it('hashes the resolved scenario, not its spelling', () => {
    const a = scenarioFrom(minimal).hash;
    const b = scenarioFrom({ ...minimal, horizon: 86400, replications: 5 }).hash;
    const c = scenarioFrom({ ...minimal, horizon: '2d' }).hash;
    expect(b).toBe(a);
    expect(c).not.toBe(a);
  });

  it('reports cross-field problems together with field problems', () => {
    try {
      scenarioFrom({ ...minimal, horizon: 'x', arms: [{ name: 'kvm' }, { name: 'kvm', platform: { byGroup: { nope: 'kvm' } } }] });
      expect.unreachable();
    } catch (error) {
      const paths = (error as InputError).problems.map((p) => p.path);
      expect(paths).toEqual(expect.arrayContaining(['horizon', 'arms[1].name', 'arms[1].platform.byGroup.nope']));
    }
  });

  it('has a JSON Schema for editors that lists the top-level fields', () => {
    const schema = scenarioJsonSchema() as { properties: Record<string, unknown>; required: string[] };
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['name', 'horizon', 'fleet', 'workload', 'failures', 'arms', 'release']));
    expect(schema.required).toEqual(expect.arrayContaining(['name', 'horizon', 'fleet', 'workload', 'arms']));
  });

  it('every shipped scenario validates', () => {
    const dir = join(ROOT, 'scenarios');
    const files = readdirSync(dir).filter((f) => /\.(ya?ml|json)$/.test(f));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect(() => loadScenario(join(dir, f)), f).not.toThrow();
  });
});
