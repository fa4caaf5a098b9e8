// Per-arm release profiles: an arm may run its own Nova era, and Masakari is refused where Nova cannot serve it.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/scenario/input-error.js';
import { loadWithFiles, requestTrace, runArm } from '../failures/run-helpers.js';
import { capsim } from '../support/cli.js';
import { tempDir } from '../support/temp-dir.js';

// One 8192 MiB host and 20 requests of 1024 MiB that never leave.
const base = {
  name: 'era', horizon: '1h', replications: 1, release: 'grizzly',
  fleet: [{ group: 'h', count: 1, cpus: 64, ramMiB: 8192, diskGiB: 1000 }],
  workload: { trace: 'requests.csv', flavors: [{ name: 'f', vcpus: 1, ramMiB: 1024, diskGiB: 1 }] },
};
const trace = requestTrace(Array.from({ length: 20 }, (_, i) => [i, 'f', 7200]));

describe('per-arm release', () => {
  it('an arm runs its own era\'s capacity rule beside the scenario\'s', () => {
    const loaded = loadWithFiles({ ...base, arms: [{ name: 'grizzly' }, { name: 'modern', release: 'modern' }] },
      { 'requests.csv': trace });
    // grizzly RamFilter: 8192 × 1.5 − 512 = 11776 MiB → 11 VMs; modern Placement: (8192 − 512) × 1.0 = 7680 → 7 VMs.
    expect(runArm(loaded, 0).summary.placed).toBe(11);
    expect(runArm(loaded, 1).summary.placed).toBe(7);
  });

  const masakari = { name: 'm', recovery: { novaEvacuate: { trigger: 'masakari' } } };

  it('refuses a Masakari arm in the grizzly era, by the scenario\'s release or its own', () => {
    for (const [release, arm] of [['grizzly', masakari], ['queens', { ...masakari, release: 'grizzly' }]] as const) {
      const arms = [arm];
      try {
        loadWithFiles({ ...base, release, arms }, { 'requests.csv': trace });
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(InputError);
        const problems = (error as InputError).problems.map((p) => `${p.path}: ${p.message}`);
        expect(problems).toEqual([expect.stringMatching(/^arms\[0\]\.recovery\.novaEvacuate\.trigger: masakari needs Nova API microversion 2\.53/)]);
      }
    }
    // Accepted when the arm, or the scenario, is queens or later.
    expect(() => loadWithFiles({ ...base, arms: [{ ...masakari, release: 'queens' }] }, { 'requests.csv': trace })).not.toThrow();
    expect(() => loadWithFiles({ ...base, release: 'modern', arms: [masakari] }, { 'requests.csv': trace })).not.toThrow();
  });

  it('capsim validate exits 2 with the reason', () => {
    const dir = tempDir('arm-release');
    writeFileSync(join(dir, 'requests.csv'), trace);
    writeFileSync(join(dir, 's.yaml'), JSON.stringify({ ...base, arms: [masakari] }));
    const { code, stderr } = capsim(['validate', join(dir, 's.yaml')]);
    expect(code).toBe(2);
    expect(stderr).toContain(`${join(dir, 's.yaml')}: arms[0].recovery.novaEvacuate.trigger: masakari needs Nova API microversion 2.53 (Pike or later)`);
  });
});
