// Generated bad scenarios (fast-check, a new seed each run; a failure prints the seed to replay it): every one must
// be refused with exit 2, every stderr line naming the file (or flag) and a field path, within a time bound, and
// nothing may be written. Run in-process on a worker thread so that hundreds of cases take seconds.

import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { InProcessCli } from '../support/in-process-cli.js';
import { tempDir } from '../support/temp-dir.js';

const CASES = 320;
/** A hang detector, not a timing assertion: a refused input takes milliseconds. */
const CASE_TIMEOUT_MS = 30_000;

const BASE = {
  name: 'fuzz',
  horizon: '6h',
  warmup: '1h',
  seed: 3,
  replications: 2,
  sampleInterval: '30m',
  release: 'queens',
  fleet: [{ group: 'rack-a', count: 4, cpus: 16, ramMiB: 65536, diskGiB: 1000 }],
  workload: {
    arrivals: { poisson: { ratePerHour: 4 } },
    lifetime: { exponential: { mean: '2h' } },
    flavors: [{ name: 'm1.small', vcpus: 1, ramMiB: 2048, diskGiB: 20, weight: 1 }],
  },
  arms: [{ name: 'kvm', platform: 'kvm' }, { name: 'ha', recovery: { novaEvacuate: { trigger: 'masakari' } } }],
};

const notNumbers = ['lots', true, [], { a: 1 }, null, '0x10', ''];
const badPositiveInt = [-1, 0, 1.5, 1e15, Infinity, -Infinity, ...notNumbers];
const badDuration = [-1, 'soon', '1e400s', 1e13, Infinity, '5 parsecs', '-3h', ...notNumbers.filter((v) => v !== '0x10')];
const badPositiveDuration = [...badDuration, 0, '0s', 1e-300, '0.0001s'];
const badName = ['', 'has space', 'a'.repeat(300), '../etc', '-x', 5, null];

/** Field path → values that must be refused there. */
const FIELDS: [string, unknown[]][] = [
  ['name', badName],
  ['horizon', [...badPositiveDuration, 1e308]],
  ['warmup', [...badDuration, '6h', '7h']],
  ['seed', [-1, 0.5, 1e300, ...notNumbers]],
  ['replications', [...badPositiveInt, 1e9]],
  ['sampleInterval', [...badPositiveDuration, '1ms']],
  ['release', ['nope', 3, null]],
  ['fleet', [[], 'x', {}]],
  ['fleet[0].count', [...badPositiveInt, 1e9]],
  ['fleet[0].cpus', badPositiveInt],
  ['fleet[0].ramMiB', badPositiveInt],
  ['fleet[0].diskGiB', [-1, 1e300, Infinity, ...notNumbers]],
  ['fleet[0].group', badName],
  ['fleet[0].az', badName],
  ['workload', [null, 'x', {}]],
  ['workload.arrivals.poisson.ratePerHour', [0, -5, 1e308, 1e7, Infinity, ...notNumbers]],
  ['workload.lifetime', ['2h', { exponential: { mean: 0 } }, { weibull: { shape: -1, scale: '1h' } }, { lognormal: { median: '1h', sigma: 1e308 } }, { uniform: { min: '2h', max: '1h' } }, { empirical: { values: [] } }]],
  ['workload.flavors', [[], 'x']],
  ['workload.flavors[0].vcpus', badPositiveInt],
  ['workload.flavors[0].ramMiB', badPositiveInt],
  ['workload.flavors[0].weight', [0, -1, 1e308, Infinity, ...notNumbers]],
  ['workload.flavors[0].name', ['', 5, null]],
  ['arms', [[], 'x', null]],
  ['arms[0].name', badName],
  ['arms[0].platform', ['xen', { vcenter: { clusterSize: 0 } }, { byGroup: { nowhere: 'kvm' } }]],
  ['arms[1].recovery', ['maybe', { novaEvacuate: { trigger: 'psychic' } }]],
  ['arms[1].recovery.novaEvacuate.masakari.verifyInterval', badPositiveDuration],
  ['failures', ['often', { hostFailure: { exponential: { mean: '1d' } } }]],
];
const FORBIDDEN = ['__proto__', 'constructor', 'prototype'];
const OBJECT_PATHS = ['', 'fleet[0]', 'workload', 'workload.arrivals', 'workload.flavors[0]', 'arms[0]', 'arms[1].recovery.novaEvacuate'];

type Mutation =
  | { kind: 'set'; path: string; value: unknown; via: 'file' | 'flag' }
  | { kind: 'key'; path: string; key: string }
  | { kind: 'remove'; path: string }
  | { kind: 'deep'; path: string; depth: number }
  | { kind: 'flagPath'; path: string };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...FIELDS).chain(([path, values]) => fc.record({
    kind: fc.constant('set' as const), path: fc.constant(path), value: fc.constantFrom(...values), via: fc.constantFrom('file' as const, 'flag' as const) })) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('key' as const), path: fc.constantFrom(...OBJECT_PATHS),
    key: fc.oneof(fc.constantFrom(...FORBIDDEN), fc.stringMatching(/^[a-z][a-zA-Z]{0,60}$/).filter((k) => !KNOWN_KEYS.has(k))) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('remove' as const),
    path: fc.constantFrom('name', 'horizon', 'fleet', 'workload', 'arms', 'fleet[0].cpus', 'workload.flavors[0].ramMiB', 'arms[0].name') }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('deep' as const), path: fc.constantFrom('description', 'workload.lifetime', 'fleet[0].count'),
    depth: fc.integer({ min: 65, max: 400 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('flagPath' as const),
    path: fc.constantFrom('__proto__.x', 'fleet[0].__proto__.count', 'constructor.prototype.x', 'arms.kvm.prototype', 'fleet[7].count', 'arms.nope.name') }) },
);

/** Keys the scenario format knows anywhere (an "unknown" key must not be one of them). */
const KNOWN_KEYS = new Set(['name', 'description', 'horizon', 'warmup', 'seed', 'replications', 'sampleInterval', 'release', 'fleet',
  'workload', 'failures', 'arms', 'sweep', 'group', 'count', 'cpus', 'ramMiB', 'diskGiB', 'az', 'arrivals', 'lifetime', 'flavors',
  'haPriority', 'serverGroups', 'requireHypervisor', 'trace', 'poisson', 'vcpus', 'weight', 'platform', 'nova', 'recovery', 'drs',
  'trigger', 'masakari', 'storage', 'reservedHosts', 'operatorDelay']);

function parts(path: string): (string | number)[] {
  return path.replace(/\[(\d+)\]/g, '.$1').split('.').filter(Boolean).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

function mutate(m: Mutation): { scenario: Record<string, unknown>; sets: string[] } {
  const scenario = structuredClone(BASE) as Record<string, unknown>;
  const sets: string[] = [];
  const walk = (path: string, create = false): [Record<string | number, unknown>, string | number] => {
    const keys = parts(path);
    let node = scenario as Record<string | number, unknown>;
    for (const k of keys.slice(0, -1)) {
      if (node[k] === undefined && create) node[k] = {};
      node = node[k] as Record<string | number, unknown>;
    }
    return [node, keys[keys.length - 1]];
  };
  if (m.kind === 'set') {
    if (m.via === 'flag') sets.push(`${m.path}=${JSON.stringify(m.value) ?? 'null'}`.replace(/^(.*)=null$/, '$1=~'));
    else {
      const [node, key] = walk(m.path, true);
      node[key] = m.value;
    }
  } else if (m.kind === 'key') {
    const node = m.path === '' ? scenario : (() => { const [n, k] = walk(m.path); return n[k] as Record<string, unknown>; })();
    Object.defineProperty(node, m.key, { value: 1, enumerable: true, configurable: true, writable: true });
  } else if (m.kind === 'remove') {
    const [node, key] = walk(m.path);
    delete node[key];
  } else if (m.kind === 'deep') {
    let value: unknown = 1;
    for (let i = 0; i < m.depth; i++) value = [value];
    const [node, key] = walk(m.path, true);
    node[key] = value;
  } else sets.push(`${m.path}=1`);
  return { scenario, sets };
}

const cli = new InProcessCli(CASE_TIMEOUT_MS);
afterAll(() => cli.close());

describe('fuzzed bad scenarios', () => {
  it('starts from a scenario that is valid (so each refusal comes from its mutation)', async () => {
    const file = join(tempDir('fuzz-base'), 'base.yaml');
    writeFileSync(file, stringify(BASE));
    const result = await cli.run(['validate', file]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it(`refuses ${CASES} generated bad inputs with exit 2, a field path per line, in time, writing nothing`, async () => {
    const root = tempDir('fuzz');
    let n = 0;
    const tally = { cases: 0, exit2: 0, internal: 0, hangs: 0, exit0: 0 };
    await fc.assert(fc.asyncProperty(mutation, fc.constantFrom('yaml', 'json'), fc.constantFrom('run', 'validate', 'sweep'), async (m, format, command) => {
      const dir = join(root, `case-${n++}`);
      mkdirSync(dir);
      const { scenario, sets } = mutate(m);
      // JSON.stringify turns Infinity into null; YAML writes .inf (both must be refused).
      const file = join(dir, `s.${format}`);
      writeFileSync(file, format === 'json' ? JSON.stringify(scenario) : stringify(scenario));
      const out = join(dir, 'out');
      const argv = [command, file, ...sets.flatMap((s) => ['--set', s]),
        ...(command === 'validate' ? [] : ['--out', out, '--workers', '1', '--quiet']),
        ...(command === 'sweep' ? ['--vary', 'arms[0].nova.ramAllocationRatio=1,1.5'] : [])];
      const result = await cli.run(argv);
      tally.cases++;
      if (result.hung) tally.hangs++;
      else if (result.code === 0) tally.exit0++;
      else if (result.code === 2) tally.exit2++;
      else tally.internal++;
      const context = `${JSON.stringify(m).slice(0, 300)} ${format} ${command}\n${result.stderr.slice(0, 2000)}`;
      expect(result.hung, `hang: ${context}`).toBe(false);
      expect(result.code, context).toBe(2);
      expect(result.stderr, context).not.toMatch(/\n\s+at |internal error/);
      const lines = result.stderr.trim().split('\n');
      expect(lines.length, context).toBeGreaterThan(0);
      for (const line of lines) {
        if (line.startsWith('… and ')) continue;
        // `<file or --flag>: <field path>: <message>`, the path non-empty.
        expect(line.startsWith(`${file}: `) || line.startsWith('--set: ') || line.startsWith('--vary: '), context).toBe(true);
        const rest = line.slice(line.indexOf(': ') + 2);
        expect(rest, context).toMatch(/^[^:\s][^:]*: \S/);
        expect(line.length, context).toBeLessThan(400);
      }
      expect(existsSync(out), context).toBe(false);
      expect(readdirSync(dir), context).toEqual([`s.${format}`]);
    }), { numRuns: CASES, timeout: CASE_TIMEOUT_MS * 2, interruptAfterTimeLimit: 8 * 60_000 });
    process.stdout.write(`fuzz: ${tally.cases} cases: ${tally.exit2} exit 2, ${tally.internal} internal errors, ${tally.hangs} hangs, ${tally.exit0} wrong exit 0\n`);
    expect(tally.cases).toBeGreaterThanOrEqual(CASES);
  }, 10 * 60_000);
});
