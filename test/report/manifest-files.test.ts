// `capsim report` reads only the files manifest.json lists: a file an earlier run left behind is not part of the results.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadResults } from '../../src/report/load-results.js';
import { InputError } from '../../src/report/input-error.js';
import { writeRunFixture } from './fixtures.js';
import { tempDir } from '../support/temp-dir.js';

function listFiles(dir: string, files: string[]): void {
  const path = join(dir, 'manifest.json');
  writeFileSync(path, JSON.stringify({ ...JSON.parse(readFileSync(path, 'utf8')), files }));
}

describe('loadResults and the manifest file list', () => {
  it('ignores a vms.csv that the manifest does not list', () => {
    const dir = writeRunFixture(join(tempDir('listed'), 'run'), { vmsPerReplication: 10 });
    expect(loadResults(dir).vms).not.toBeNull();
    listFiles(dir, ['summary.csv', 'comparison.csv', 'flavors.csv', 'timeseries.csv']);
    const results = loadResults(dir);
    expect(results.vms).toBeNull();
    expect(results.inputs.map((f) => f.file)).not.toContain('vms.csv');
  });

  it('treats a required file the manifest does not list as missing', () => {
    const dir = writeRunFixture(join(tempDir('unlisted'), 'run'), { vmsPerReplication: 10 });
    listFiles(dir, ['comparison.csv', 'flavors.csv', 'timeseries.csv']);
    expect(() => loadResults(dir)).toThrow(InputError);
    expect(() => loadResults(dir)).toThrow(/missing summary\.csv/);
  });
});
