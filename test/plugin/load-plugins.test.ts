// `--plugin` failures: every bad plug-in is `file: what went wrong` on stderr, exit 2, and nothing is written.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { capsim } from '../support/cli.js';
import { tempDir } from '../support/temp-dir.js';

const SCENARIO = 'examples/headroom.yaml';

function plugin(dir: string, name: string, source: string): string {
  const file = join(dir, name);
  writeFileSync(file, source);
  return file;
}

describe('bad plug-ins', () => {
  const dir = tempDir('bad-plugins');
  const good = 'examples/plugins/headroom-filter.js';
  const cases: [string, string, string][] = [
    ['shadows a built-in filter', plugin(dir, 'shadow.js',
      'export function register(api) { api.registerFilter("RamFilter", { passes: () => true }); }'),
    'filter "RamFilter" is a built-in name'],
    ['shadows a built-in weigher', plugin(dir, 'shadow-weigher.js',
      'export function register(api) { api.registerWeigher("ram", { raw: () => 0 }); }'),
    'weigher "ram" is a built-in name'],
    ['throws while loading', plugin(dir, 'throws.js', 'throw new Error("boom at load");\nexport function register() {}'),
      'the plug-in failed to load: boom at load'],
    ['throws in register', plugin(dir, 'throws-register.js', 'export function register() { throw new Error("boom in register"); }'),
      'register(api) failed: boom in register'],
    ['has a syntax error', plugin(dir, 'syntax.js', 'export function register(api) {'), 'the plug-in failed to load:'],
    ['exports no register', plugin(dir, 'nothing.js', 'export const x = 1;'), 'expected an ES module exporting register(api)'],
    ['registers a filter without passes()', plugin(dir, 'no-passes.js',
      'export function register(api) { api.registerFilter("NoPasses", {}); }'), 'filter "NoPasses": expected an object with a passes() method'],
    ['does not exist', join(dir, 'missing.js'), 'cannot read the plug-in: ENOENT'],
  ];

  it.each(cases)('a plug-in that %s: exit 2, its file named, nothing written', (_what, file, message) => {
    const out = join(tempDir('out'), 'results');
    const { code, stdout, stderr } = capsim(['run', '--plugin', file, SCENARIO, '--out', out]);
    expect(code, stderr).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.startsWith(`${file}: `), stderr).toBe(true);
    expect(stderr).toContain(message);
    expect(existsSync(out)).toBe(false);
  });

  it('two plug-ins registering the same name: the second is refused', () => {
    const copy = plugin(dir, 'copy.js', 'export function register(api) { api.registerFilter("HeadroomFilter", { passes: () => true }); }');
    const { code, stderr } = capsim(['validate', '--plugin', good, '--plugin', copy, SCENARIO]);
    expect(code).toBe(2);
    expect(stderr).toContain(`${copy}: filter "HeadroomFilter" is already registered by another plug-in`);
  });

  it('the same plug-in given twice loads once', () => {
    const { code, stderr } = capsim(['validate', '--plugin', good, '--plugin', good, SCENARIO]);
    expect(code, stderr).toBe(0);
  });

  it('sweep and validate take --plugin too', () => {
    const out = tempDir('sweep');
    const sweep = capsim(['sweep', SCENARIO, '--plugin', good, '--vary', 'arms[headroom].nova.ramAllocationRatio=1.0,1.5',
      '--out', out, '--workers', '2', '--quiet']);
    expect(sweep.code, sweep.stderr).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, 'headroom-example', 'manifest.json'), 'utf8'));
    expect(manifest.plugins.map((p: { path: string }) => p.path)).toEqual([good]);
  });

  it('a sweep resumes only with the same plug-in bytes (the plan hash includes each plug-in\'s sha256)', () => {
    const dir = tempDir('sweep-resume');
    const copy = join(dir, 'headroom-filter.js');
    const source = readFileSync(good, 'utf8');
    writeFileSync(copy, source);
    const out = join(dir, 'out');
    const args = ['sweep', SCENARIO, '--plugin', copy, '--vary', 'arms[headroom].nova.ramAllocationRatio=1.0,1.5',
      '--replications', '2', '--out', out, '--workers', '1', '--quiet'];
    expect(capsim(args).code).toBe(0);
    const same = capsim([...args, '--resume']);
    expect(same.code, same.stderr).toBe(0);
    writeFileSync(copy, `${source}\n// changed\n`);
    const changed = capsim([...args, '--resume']);
    expect(changed.code).toBe(2);
    expect(changed.stderr).toContain('this folder holds a different sweep');
  });
});
