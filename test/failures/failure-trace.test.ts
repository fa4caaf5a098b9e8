// The failure trace CSV: targets are host or group names; every bad row is named with its row and line.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadFailureTrace } from '../../src/failures/failure-trace.js';
import { InputError } from '../../src/scenario/input-error.js';

const fleet = [
  { group: 'rack-a', count: 2, cpus: 8, ramMiB: 8192, diskGiB: 100, az: 'nova' },
  { group: 'rack-b', count: 3, cpus: 8, ramMiB: 8192, diskGiB: 100, az: 'nova' },
];

function load(text: string) {
  const file = join(mkdtempSync(join(tmpdir(), 'capsim-trace-')), 'failures.csv');
  writeFileSync(file, text);
  return loadFailureTrace(file, fleet);
}

function problems(text: string): string[] {
  try {
    load(text);
  } catch (error) {
    if (error instanceof InputError) return error.problems.map((p) => `${p.path}: ${p.message}`);
    throw error;
  }
  return [];
}

describe('loadFailureTrace', () => {
  it('maps host names to one host and group names to all of the group, sorted by time', () => {
    const trace = load('time_s,target,duration_s\n500,rack-b,60\n100,rack-a-1,30\n');
    expect(trace.rows).toEqual([{ time: 100, hosts: [1], duration: 30 }, { time: 500, hosts: [2, 3, 4], duration: 60 }]);
  });

  it.each([
    ['time_s,target,duration_s\n-5,rack-a-0,10\n', 'row 1 (line 2): time_s: expected a number ≥ 0, got "-5"'],
    ['time_s,target,duration_s\nsoon,rack-a-0,10\n', 'row 1 (line 2): time_s: expected a number ≥ 0, got "soon"'],
    ['time_s,target,duration_s\n5,rack-c-0,10\n', 'row 1 (line 2): target: expected a host name (<group>-<n>) or a group name, got "rack-c-0"'],
    ['time_s,target,duration_s\n5,rack-a-0,0\n', 'row 1 (line 2): duration_s: expected a number > 0, got "0"'],
    ['time_s,target,duration_s\n5,rack-a-0\n', 'row 1 (line 2): expected 3 fields, got 2'],
  ])('names the bad row: %j', (text, message) => {
    expect(problems(text)).toEqual([message]);
  });

  it('reports every bad row at once', () => {
    const found = problems('time_s,target,duration_s\n1,rack-a-0,5\nx,rack-a-0,5\n3,nowhere,5\n4,rack-b,-1\n');
    expect(found.map((p) => p.split(':')[0])).toEqual(['row 2 (line 3)', 'row 3 (line 4)', 'row 4 (line 5)']);
  });

  it('names missing columns in the header', () => {
    expect(problems('time,target,duration_s\n1,rack-a-0,5\n')[0]).toMatch(/^header: missing column\(s\) time_s/);
  });
});
