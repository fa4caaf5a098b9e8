// The package's bin is the esbuild bundle of the compiled command line (scripts/bundle.mjs): it must behave exactly
// as the tsc output the other tests drive, including worker threads and plug-ins loaded in them.

import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/cli.js';
import { tempDir } from '../support/temp-dir.js';

const BIN = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).bin.capsim as string;
const TSC = join('dist', 'src', 'cli', 'main.js');

function run(main: string, args: string[]) {
  const r = spawnSync(process.execPath, [main, ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the bundled bin', () => {
  it('is the bundle, not the tsc output', () => {
    expect(BIN).toBe('dist/bundle/cli/main.js');
  });

  it('prints the same help, schema and validation problems', () => {
    for (const args of [['--help'], ['run', '--help'], ['schema', '--markdown'], ['validate', 'examples/headroom.yaml'],
      ['validate', 'scenarios/nova-vs-vsphere.yaml']]) {
      expect(run(BIN, args), args.join(' ')).toEqual(run(TSC, args));
    }
  });

  it('writes byte-identical CSVs with a plug-in on 2 worker threads', () => {
    const out = (main: string) => {
      const dir = tempDir('bundle');
      const r = run(main, ['run', '--plugin', 'examples/plugins/headroom-filter.js', 'examples/headroom.yaml', '--out', dir,
        '--workers', '2', '--replications', '2', '--vm-log', '--quiet']);
      expect(r.code, r.stderr).toBe(0);
      return join(dir, 'headroom-example');
    };
    const bundled = out(BIN);
    const compiled = out(TSC);
    const csvs = readdirSync(compiled).filter((f) => f.endsWith('.csv'));
    expect(csvs.length).toBeGreaterThanOrEqual(5);
    for (const f of csvs) expect(readFileSync(join(bundled, f), 'utf8'), f).toBe(readFileSync(join(compiled, f), 'utf8'));
  });
});
