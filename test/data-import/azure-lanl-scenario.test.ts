import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { capsim, ROOT } from '../support/cli.js';
import { tempDir } from '../support/temp-dir.js';

const SCENARIO = join(ROOT, 'scenarios', 'azure-lanl.yaml');

describe('scenarios/azure-lanl.yaml', () => {
  it('ships the traces its header\'s import commands make, byte for byte, and validates', () => {
    const header = readFileSync(SCENARIO, 'utf8').split('\n').filter((l) => l.startsWith('#')).join('\n');
    const commands = header.replace(/\\\n#\s+/g, '').split('\n')
      .map((l) => /^#\s+capsim (import .*)$/.exec(l)?.[1]).filter((c): c is string => c !== undefined);
    expect(commands.length).toBe(2);
    const dir = tempDir('azure-lanl');
    for (const command of commands) {
      const args = command.split(/\s+/);
      const out = args[args.indexOf('--out') + 1];
      args[args.indexOf('--out') + 1] = join(dir, out);
      const r = capsim(args);
      expect(r.stderr).toBe('');
      for (const file of out.endsWith('lanl') ? ['failures.csv', 'summary.txt'] : ['requests.csv', 'workload.yaml', 'summary.txt']) {
        expect(readFileSync(join(dir, out, file), 'utf8'), `${out}/${file}`).toBe(readFileSync(join(ROOT, out, file), 'utf8'));
      }
    }
    const flavors = readFileSync(join(ROOT, 'scenarios', 'azure-lanl', 'azure', 'workload.yaml'), 'utf8').split('\n').filter((l) => l.startsWith('  - {'));
    const scenario = readFileSync(SCENARIO, 'utf8');
    for (const line of flavors) expect(scenario).toContain(`  ${line}\n`);
    const v = capsim(['validate', SCENARIO]);
    expect(v.code).toBe(0);
    expect(v.stdout).toContain('512 hosts, 5 arms');
  });
});
