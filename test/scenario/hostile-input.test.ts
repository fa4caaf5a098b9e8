// Inputs an attacker or a careless user gives: special files, parser bombs, prototype keys, overflowing numbers.

import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/scenario/input-error.js';
import { readInputText } from '../../src/scenario/input-file.js';
import { parseDecimal } from '../../src/scenario/decimal.js';
import { readScenarioObject, resolveScenario } from '../../src/scenario/load-scenario.js';
import { estimateRunSize, RUN_SIZE_LIMITS } from '../../src/scenario/run-size.js';
import { setAtPath } from '../../src/scenario/set-path.js';
import { tempDir } from '../support/temp-dir.js';

function problemsOf(f: () => unknown): string[] {
  try {
    f();
  } catch (error) {
    if (error instanceof InputError) return error.message.split('\n');
    throw error;
  }
  throw new Error('expected an InputError');
}

const SMALL = {
  name: 's', horizon: '1d', replications: 2, sampleInterval: '1h',
  fleet: [{ group: 'a', count: 2, cpus: 8, ramMiB: 16384, diskGiB: 100 }],
  workload: { arrivals: { poisson: { ratePerHour: 10 } }, lifetime: { constant: '1h' }, flavors: [{ name: 'f', vcpus: 1, ramMiB: 1024, diskGiB: 10 }] },
  arms: [{ name: 'kvm' }, { name: 'kvm2' }],
};

describe('readInputText', () => {
  const dir = tempDir('hostile');
  it('refuses a FIFO, a device and a folder without blocking', () => {
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    expect(problemsOf(() => readInputText(fifo, 1000))).toEqual([`${fifo}: expected a regular file, got a FIFO`]);
    expect(problemsOf(() => readInputText('/dev/zero', 1000))).toEqual(['/dev/zero: expected a regular file, got a device']);
    expect(problemsOf(() => readInputText(dir, 1000))).toEqual([`${dir}: expected a regular file, got a folder`]);
  });
  it('refuses files over the cap and binary files', () => {
    const big = join(dir, 'big');
    writeFileSync(big, 'x'.repeat(1001));
    expect(problemsOf(() => readInputText(big, 1000))[0]).toContain('1001 bytes; at most 1000');
    const binary = join(dir, 'bin');
    writeFileSync(binary, 'a\0b');
    expect(problemsOf(() => readInputText(binary, 1000))[0]).toContain('NUL bytes');
    expect(readInputText(big, 1001)).toHaveLength(1001);
  });
});

describe('readScenarioObject', () => {
  const dir = tempDir('docs');
  const file = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  it.each([
    ['empty.yaml', '', 'got an empty document'],
    ['comment.yaml', '# only a comment\n', 'got an empty document'],
    ['null.json', 'null', 'got an empty document'],
    ['list.yaml', '- 1\n', 'got a list'],
    ['dup.json', '{"name": "a", "name": "b"}', 'Map keys must be unique'],
    ['tag.yaml', 'name: !foo x\n', 'Unresolved tag: !foo'],
    ['deep.json', `{"a": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`, 'nested more than 64 levels deep'],
    ['proto.json', '{"__proto__": {"polluted": 1}}', '__proto__: "__proto__" is not allowed as a key'],
    ['ctor.yaml', 'fleet:\n  - constructor: 1\n', 'fleet[0].constructor: "constructor" is not allowed as a key'],
  ])('%s is refused', (name, text, message) => {
    const path = file(name, text);
    const problems = problemsOf(() => readScenarioObject(path));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(message);
    expect(problems[0].startsWith(`${path}: `)).toBe(true);
  });
});

describe('setAtPath', () => {
  it.each(['__proto__.polluted', 'fleet[0].__proto__.count', 'constructor.prototype.polluted', 'arms.kvm.prototype'])('refuses %s and pollutes nothing', (path) => {
    expect(problemsOf(() => setAtPath(SMALL, path, 1))[0]).toMatch(/is not allowed in a field path/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'count')).toBe(false);
  });
});

describe('parseDecimal', () => {
  it('takes plain decimals only', () => {
    expect(['12', '0.5', '.5', '1e3', '-2', '+3'].map(parseDecimal)).toEqual([12, 0.5, 0.5, 1000, -2, 3]);
    for (const text of ['0x10', '0b1', '0o7', 'Infinity', '', ' 7', '1_000', '1e']) expect(parseDecimal(text)).toBeNaN();
  });
});

describe('run-size limits', () => {
  it('estimates from the scenario alone', () => {
    const size = estimateRunSize(resolveScenario(SMALL, 's.yaml').scenario);
    // 10 requests/h over 24 h, 24 samples, 2 arms × 2 replications.
    expect(size).toEqual({ hosts: 2, requestsPerRun: 240, samplesPerRun: 24, runs: 4, timeseriesRows: 96, events: 4 * (2 * 240 + 24) });
  });
  it.each([
    ['workload.arrivals.poisson.ratePerHour', 1e7, 'workload.arrivals.poisson.ratePerHour', 'requests per replication'],
    ['sampleInterval', '1ms', 'sampleInterval', 'timeseries samples per replication'],
    ['fleet[0].count', RUN_SIZE_LIMITS.hosts + 1, 'fleet', 'hosts'],
    ['replications', 200_000, 'sampleInterval', 'timeseries rows over 400000 runs'],
  ])('refuses %s = %s (reported on %s) unless forced', (path, value, reported, what) => {
    const raw = setAtPath(SMALL, path, value);
    const problems = problemsOf(() => resolveScenario(raw, 's.yaml'));
    expect(problems[0]).toMatch(new RegExp(`^s\\.yaml: ${reported.replace(/[[\].]/g, '\\$&')}: the run would have about .* ${what}.*--force`));
    expect(() => resolveScenario(raw, 's.yaml', [], { force: true })).not.toThrow();
  });
  it.each([['horizon', '1e400s'], ['horizon', 1e308], ['sampleInterval', 1e-300], ['workload.flavors[0].weight', 1e308],
    ['fleet[0].count', 1e9], ['fleet[0].count', Infinity], ['replications', 1e9]])('refuses %s = %s even with --force', (path, value) => {
    const raw = setAtPath(SMALL, path, value);
    expect(problemsOf(() => resolveScenario(raw, 's.yaml', [], { force: true }))[0]).toMatch(new RegExp(`^s\\.yaml: ${path.replace(/[[\].]/g, '\\$&')}: `));
  });
});
