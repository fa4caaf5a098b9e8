// Bad input to `capsim report`: one InputError naming every problem, exit code 2 from the CLI, nothing written.

import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InProcessCli } from '../support/in-process-cli.js';
import { InputError } from '../../src/report/input-error.js';
import { renderReport } from '../../src/report/render-report.js';
import { writeReport } from '../../src/report/write-report.js';
import { writeRunFixture, writeSweepFixture } from './fixtures.js';

let root: string;
let n = 0;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'capsim-report-input-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A fresh run fixture, changed by `damage`. */
function damagedRun(damage: (dir: string) => void): string {
  const dir = writeRunFixture(join(root, `run-${n++}`), { vmsPerReplication: 10 });
  damage(dir);
  return dir;
}

function editFirstLine(path: string, edit: (header: string) => string): void {
  const [first, ...rest] = readFileSync(path, 'utf8').split('\n');
  writeFileSync(path, [edit(first), ...rest].join('\n'));
}

function inputErrorOf(dir: string): string {
  try {
    renderReport(dir);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('expected an InputError');
}

const cases: { name: string; damage: (dir: string) => void; want: RegExp[] }[] = [
  { name: 'missing summary.csv and timeseries.csv', damage: (d) => ['summary.csv', 'timeseries.csv'].forEach((f) => rmSync(join(d, f))), want: [/missing summary\.csv, timeseries\.csv/] },
  { name: 'missing manifest.json', damage: (d) => rmSync(join(d, 'manifest.json')), want: [/missing manifest\.json/] },
  { name: 'unknown column in comparison.csv', damage: (d) => editFirstLine(join(d, 'comparison.csv'), (h) => h.replace('ci95_high', 'ci95_upper')), want: [/comparison\.csv: missing column\(s\) ci95_high/, /comparison\.csv: unknown column\(s\) ci95_upper/] },
  { name: 'sweep columns without manifest sweep', damage: (d) => editFirstLine(join(d, 'flavors.csv'), (h) => `fleet[0].count,${h}`), want: [/flavors\.csv: unknown column\(s\) fleet\[0\]\.count;.*sweep\.parameters/] },
  { name: 'problems in two files are reported together', damage: (d) => { editFirstLine(join(d, 'timeseries.csv'), (h) => h.replace(',imbalance', '')); editFirstLine(join(d, 'vms.csv'), (h) => `${h},color`); }, want: [/timeseries\.csv: missing column\(s\) imbalance/, /vms\.csv: unknown column\(s\) color/] },
  { name: 'summary.csv without arm', damage: (d) => editFirstLine(join(d, 'summary.csv'), (h) => h.replace(',arm,', ',variant,')), want: [/summary\.csv: missing column\(s\) arm/] },
  { name: 'a number that is not one', damage: (d) => { const p = join(d, 'comparison.csv'); const lines = readFileSync(p, 'utf8').split('\n'); lines[3] = lines[3].replace(/,[^,]*,/, ',rejection_rate,').replace(/rejection_rate,[^,]*/, 'rejection_rate,lots'); writeFileSync(p, lines.join('\n')); }, want: [/comparison\.csv: line 4, column mean: expected a number, got "lots"/] },
  { name: 'manifest.json that is not JSON', damage: (d) => writeFileSync(join(d, 'manifest.json'), '{ scenario: '), want: [/manifest\.json: not valid JSON/] },
  { name: 'manifest.json without arms', damage: (d) => writeFileSync(join(d, 'manifest.json'), JSON.stringify({ scenario: 'x', arms: [] })), want: [/manifest\.json: arms: expected a non-empty array/] },
  { name: 'a row with too many fields', damage: (d) => { const p = join(d, 'flavors.csv'); const lines = readFileSync(p, 'utf8').split('\n'); lines[2] += ',extra'; writeFileSync(p, lines.join('\n')); }, want: [/flavors\.csv: line 3 has 8 fields, the header has 7/] },
  { name: 'empty comparison.csv', damage: (d) => writeFileSync(join(d, 'comparison.csv'), ''), want: [/comparison\.csv: the file is empty/] },
];

describe('renderReport(bad folder) throws one InputError naming the problems', () => {
  it('for a folder that does not exist', () => {
    expect(inputErrorOf(join(root, 'nowhere'))).toMatch(/no such results folder/);
  });
  for (const c of cases) {
    it(c.name, () => {
      const message = inputErrorOf(damagedRun(c.damage));
      for (const want of c.want) expect(message).toMatch(want);
    });
  }
  it('sweep: a comparison.csv lacking a varied parameter column', () => {
    const dir = writeSweepFixture(join(root, `sweep-${n++}`));
    editFirstLine(join(dir, 'comparison.csv'), (h) => h.replace('fleet[0].count,', 'hosts,'));
    expect(inputErrorOf(dir)).toMatch(/comparison\.csv: missing column\(s\) fleet\[0\]\.count[\s\S]*unknown column\(s\) hosts/);
  });
  it('sweep: timeseries.csv and vms.csv are optional', () => {
    const dir = writeSweepFixture(join(root, `sweep-${n++}`));
    expect(renderReport(dir)).toContain('fig-sweep-');
  });
});

describe('writeReport', () => {
  it('writes <dir>/report.html by default and returns its path, leaving no temporary file', () => {
    const dir = writeRunFixture(join(root, `run-${n++}`), { vmsPerReplication: 10 });
    const path = writeReport(dir);
    expect(path).toBe(join(dir, 'report.html'));
    expect(readFileSync(path, 'utf8')).toBe(renderReport(dir));
    expect(readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });
  it('writes to --out', () => {
    const dir = writeRunFixture(join(root, `run-${n++}`), { vmsPerReplication: 10 });
    const out = join(root, `elsewhere-${n++}.html`);
    expect(writeReport(dir, out)).toBe(out);
    expect(existsSync(out)).toBe(true);
  });
  it('writes nothing for bad input', () => {
    const dir = damagedRun((d) => rmSync(join(d, 'flavors.csv')));
    const before = readdirSync(dir).sort();
    expect(() => writeReport(dir)).toThrow(InputError);
    expect(readdirSync(dir).sort()).toEqual(before);
  });
  it('refuses an --out folder that does not exist', () => {
    const dir = writeRunFixture(join(root, `run-${n++}`), { vmsPerReplication: 10 });
    expect(() => writeReport(dir, join(root, 'no-such-folder', 'r.html'))).toThrow(/does not exist/);
  });
});

describe('capsim report (the CLI, in-process)', () => {
  const cli = new InProcessCli(60_000);
  afterAll(() => cli.close());

  async function run(args: string[]): Promise<{ exitCode: number; stderr: string; stdout: string }> {
    const result = await cli.run(args);
    return { exitCode: result.code, stderr: result.stderr, stdout: result.stdout };
  }

  it('prints the path of the report it wrote', async () => {
    const dir = writeRunFixture(join(root, `run-${n++}`), { vmsPerReplication: 10 });
    const out = join(root, `cli-${n++}.html`);
    const result = await run(['report', dir, '--out', out]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout.trim()).toBe(out);
    expect(existsSync(out)).toBe(true);
  });

  it('exits 2 for a folder that does not exist', async () => {
    const result = await run(['report', join(root, 'no-such-results')]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/^capsim report: /);
  });

  it('exits 2 with one message and writes nothing for bad input', async () => {
    const dir = damagedRun((d) => rmSync(join(d, 'comparison.csv')));
    const out = join(root, `cli-${n++}.html`);
    const result = await run(['report', dir, '--out', out]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/^capsim report: .*missing comparison\.csv/);
    expect(existsSync(out)).toBe(false);
  });
});
