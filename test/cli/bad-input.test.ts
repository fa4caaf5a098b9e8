import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { capsim } from '../support/cli.js';

const BAD = `
name: broken
horizon: 10 days
replications: 0
fleet:
  - { group: a, count: 2, cpus: 8, ramMiB: -5, diskGiB: 100 }
workload:
  arrivals: { poisson: { ratePerHour: 10 } }
  lifetime: { exponential: { mean: soon } }
  flavors: [{ name: small, vcpus: 1, ramMiB: 1024, diskGiB: 10, colour: red }]
arms:
  - { name: x, nova: { ramAllocationRatio: "high", filters: [RamFilter, MagicFilter] } }
  - { name: x, recovery: { novaEvacuate: { operatorDelay: soon } } }
`;

describe('bad input', () => {
  it('reports every problem with file and field path, exits 2 and writes nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'capsim-bad-'));
    const file = join(dir, 'broken.yaml');
    writeFileSync(file, BAD);
    const out = join(dir, 'out');
    const { code, stderr, stdout } = capsim(['run', file, '--out', out]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    const lines = stderr.trim().split('\n');
    for (const fragment of [
      `${file}: horizon: expected a duration`,
      `${file}: replications:`,
      `${file}: fleet[0].ramMiB:`,
      `${file}: workload.lifetime.exponential.mean: expected a duration`,
      `${file}: workload.flavors[0].colour: unknown field`,
      `${file}: arms[0].nova.ramAllocationRatio:`,
      `${file}: arms[0].nova.filters[1]:`,
      `${file}: arms[1].name: duplicate arm "x"`,
      `${file}: arms[1].recovery.novaEvacuate.operatorDelay: expected a distribution`,
    ]) {
      expect(lines.some((l) => l.startsWith(fragment)), `missing: ${fragment}\n${stderr}`).toBe(true);
    }
    expect(stderr).toContain('got "soon"');
    expect(existsSync(out)).toBe(false);
  });

  it('names the bad rows of a request trace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'capsim-trace-'));
    writeFileSync(join(dir, 'requests.csv'), 'time_s,flavor,lifetime_s\n0,small,60\n10,huge,60\n5,small,abc\n');
    writeFileSync(join(dir, 's.yaml'), `
name: t
horizon: 1h
fleet: [{ group: a, count: 1, cpus: 8, ramMiB: 8192, diskGiB: 100 }]
workload: { trace: requests.csv, flavors: [{ name: small, vcpus: 1, ramMiB: 1024, diskGiB: 10 }] }
arms: [{ name: kvm }]
`);
    const { code, stderr } = capsim(['validate', join(dir, 's.yaml')]);
    expect(code).toBe(2);
    expect(stderr).toContain(`${join(dir, 'requests.csv')}: row 2 (line 3): flavor: unknown flavor "huge"`);
    expect(stderr).toContain('row 3 (line 4): time_s: expected times in non-decreasing order, got 5 after 10');
    expect(stderr).toContain('row 3 (line 4): lifetime_s: expected a number ≥ 0, got "abc"');
  });

  it('rejects a bad --set value and an unknown --arm, and a missing file', () => {
    const { code, stderr } = capsim(['validate', 'scenarios/nova-vs-vsphere.yaml', '--set', 'horizon=forever']);
    expect(code).toBe(2);
    expect(stderr).toContain('scenarios/nova-vs-vsphere.yaml: horizon: expected a duration');
    expect(stderr).toContain('got "forever"');
    const arm = capsim(['run', 'scenarios/nova-vs-vsphere.yaml', '--arm', 'nope', '--out', join(tmpdir(), 'never')]);
    expect(arm.code).toBe(2);
    expect(arm.stderr).toContain('no arm named "nope"');
    const missing = capsim(['validate', 'does-not-exist.yaml']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('does-not-exist.yaml: cannot read file (ENOENT)');
  });
});
