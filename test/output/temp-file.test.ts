// Temporary output files: exclusive creation, cleanup of those a killed process left, the output folder check.

import { existsSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CsvFile } from '../../src/output/csv-file.js';
import { prepareOutputDir, removeUnwrittenOutputs } from '../../src/output/output-dir.js';
import { createTempFile, discardTempFile, removeStaleTempFiles, writeFileAtomically } from '../../src/output/temp-file.js';
import { InputError } from '../../src/scenario/input-error.js';
import { tempDir } from '../support/temp-dir.js';

describe('temporary files', () => {
  it('get unpredictable names and are created exclusively', () => {
    const dir = tempDir('temp');
    const a = createTempFile(join(dir, 'x.csv'));
    const b = createTempFile(join(dir, 'x.csv'));
    expect(a.path).not.toBe(b.path);
    expect(a.path).toMatch(new RegExp(`x\\.csv\\.partial-${process.pid}-[0-9a-f]{12}$`));
    discardTempFile(a.path);
    discardTempFile(b.path);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('writeFileAtomically leaves only the final file', () => {
    const dir = tempDir('atomic');
    writeFileAtomically(join(dir, 'm.json'), '{}\n');
    expect(readdirSync(dir)).toEqual(['m.json']);
  });

  it('a CSV file that fails is removed, not left half-written', async () => {
    const dir = tempDir('csv');
    const file = new CsvFile(join(dir, 'a.csv'), ['x', 'y']);
    await file.write([1, 2]);
    await expect(file.write([1])).rejects.toThrow(/row has 1 cells/);
    file.discard();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('stale ones of dead processes are removed; those of live processes and other files are kept', () => {
    const dir = tempDir('stale');
    const names = ['summary.csv.partial-999999999-0a1b2c', 'vms.csv.partial-999999999', 'report.html.tmp-999999999',
      `events.csv.partial-${process.pid}-abcdef`, 'summary.csv', 'notes.partial-x'];
    for (const n of names) writeFileSync(join(dir, n), '');
    expect(removeStaleTempFiles(dir)).toBe(3);
    expect(readdirSync(dir).sort()).toEqual([`events.csv.partial-${process.pid}-abcdef`, 'notes.partial-x', 'summary.csv'].sort());
  });
});

describe('prepareOutputDir', () => {
  it('refuses a file or a symlink to a file as the folder, before anything runs', () => {
    const dir = tempDir('outdir');
    writeFileSync(join(dir, 'file'), 'x');
    symlinkSync(join(dir, 'file'), join(dir, 'link'));
    for (const bad of [join(dir, 'file'), join(dir, 'file', 'sub'), join(dir, 'link')]) {
      expect(() => prepareOutputDir(bad)).toThrow(InputError);
    }
    expect(() => prepareOutputDir(join(dir, 'x'.repeat(300)))).toThrow(/ENAMETOOLONG/);
  });

  it('creates the folder and removes what a killed run left', () => {
    const dir = join(tempDir('outdir2'), 'results');
    prepareOutputDir(dir);
    writeFileSync(join(dir, 'vms.csv.partial-999999999-00ff'), 'half');
    prepareOutputDir(dir);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('removeUnwrittenOutputs removes only known result files the new run did not write', () => {
    const dir = tempDir('unwritten');
    for (const n of ['summary.csv', 'vms.csv', 'report.html', 'mine.txt']) writeFileSync(join(dir, n), '');
    removeUnwrittenOutputs(dir, ['summary.csv']);
    expect(readdirSync(dir).sort()).toEqual(['mine.txt', 'summary.csv']);
    expect(existsSync(join(dir, 'vms.csv'))).toBe(false);
  });
});
