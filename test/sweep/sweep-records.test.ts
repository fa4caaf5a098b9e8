import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeRecord, encodeRecord, prepareRunsDir, readRecord, recordPath, timeseriesCsv, writeRecord,
  type RunRecord } from '../../src/experiment/sweep-records.js';
import { writeCsvFiles, type Cell } from '../../src/output/csv-file.js';
import { nextReplications } from '../../src/experiment/sweep-adaptive.js';
import { scratchDir } from './support.js';

const record = (summary: Record<string, number>): RunRecord => ({
  point: 1, armIndex: 0, arm: 'a', replication: 2, seed: 1, scenarioHash: 'h', summary,
  flavors: [{ flavor: 'm1', requests: 3, placed: 2 }], timeseries: [[0, 'a', 2, 1.5]],
});

describe('run records', () => {
  it('round-trip every number exactly, NaN and infinities included', () => {
    fc.assert(fc.property(fc.array(fc.double()), (values) => {
      const summary = Object.fromEntries(values.map((v, i) => [`m${i}`, v]));
      expect(decodeRecord(encodeRecord(record(summary)))).toEqual(record(summary));
    }));
  });

  it('are read only when whole and of the same scenario', () => {
    const dir = scratchDir('records');
    prepareRunsDir(dir, true);
    const unit = { point: 1, armIndex: 0, replication: 2 };
    const path = recordPath(dir, unit);
    expect(readRecord(path, 'h')).toBeUndefined();
    writeRecord(path, record({ x: NaN }));
    expect(readRecord(path, 'h')?.summary.x).toBeNaN();
    expect(readRecord(path, 'other')).toBeUndefined();
    writeFileSync(path, '{"point": 1, "arm');
    expect(readRecord(path, 'h')).toBeUndefined();
  });

  it('leave no temporary files, and resume removes those of dead processes only', () => {
    const dir = scratchDir('records');
    prepareRunsDir(dir, true);
    writeRecord(recordPath(dir, { point: 0, armIndex: 0, replication: 0 }), record({}));
    expect(readdirSync(join(dir, 'runs'))).toEqual(['p0-a0-r0.json']);
    const dead = join(dir, 'runs', 'p0-a0-r1.json.tmp-999999999-1');
    const live = join(dir, 'runs', `p0-a0-r2.json.tmp-${process.pid}-1`);
    writeFileSync(dead, '{');
    writeFileSync(live, '{');
    prepareRunsDir(dir, false);
    expect([existsSync(dead), existsSync(live)]).toEqual([false, true]);
  });
});

describe('a record\'s timeseries rows as CSV text (formatted by the thread that ran the unit)', () => {
  it('are the bytes the results writer gives the same rows after the point\'s parameter cells', async () => {
    const cell = fc.oneof(fc.double(), fc.integer(), fc.string(), fc.constantFrom('a,b', 'say "hi"', 'line\nbreak'));
    const lead = fc.array(fc.oneof(cell, fc.boolean(), fc.constant(null)), { maxLength: 3 });
    const rows = fc.array(fc.array(cell, { minLength: 4, maxLength: 4 }), { maxLength: 20 });
    await fc.assert(fc.asyncProperty(lead, rows, async (leadCells: Cell[], timeseries: (string | number)[][]) => {
      const path = join(scratchDir('timeseries-text'), 'timeseries.csv');
      const columns = [...leadCells.map((_, i) => `p${i}`), 'a', 'b', 'c', 'd'];
      await writeCsvFiles([{ path, columns, rows: timeseries.map((row) => [...leadCells, ...row]) }]);
      const body = readFileSync(path, 'utf8').slice(readFileSync(path, 'utf8').indexOf('\n') + 1);
      expect(timeseriesCsv(leadCells, timeseries)).toBe(body);
    }), { numRuns: 60 });
  });
});

describe('nextReplications(targets, values, n, max)', () => {
  const t = (halfWidth: number, relative = false) => [{ metric: 'm', halfWidth, relative }];
  const values = (...arms: number[][]) => new Map([['m', arms]]);
  it.each([
    ['met: half-width 0 ≤ target', t(0.1), values([1, 1, 1], [2, 2, 2]), 3, 30, 3],
    ['one arm wide: about n·(h/target)², at most 2n', t(0.1), values([1, 1, 1], [0, 1, 2]), 3, 30, 6],
    ['close to the target: at least n + 1', t(2.4), values([0, 1, 2]), 3, 30, 4],
    ['never past the cap', t(0.1), values([0, 1, 2]), 3, 5, 5],
    ['at the cap: stop', t(0.1), values([0, 1, 2]), 5, 5, 5],
    ['one replication: no spread, double', t(0.1), values([1]), 1, 30, 2],
    ['no finite values: nothing to estimate', t(0.1), values([NaN, NaN]), 2, 30, 2],
    ['relative target: 10 % of the mean 100', t(0.1, true), values([99, 100, 101]), 3, 30, 3],
  ])('%s', (_name, targets, v, n, max, expected) => {
    expect(nextReplications(targets, v, n, max)).toBe(expected);
  });
});
