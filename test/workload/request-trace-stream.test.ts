// A request trace read on another thread while the run goes: the same rows, digest, problems and scenario hash as
// the trace read before the run; no row at or past a bad one reaches the run; a bad row found during `capsim run`
// leaves nothing written; a good one gives the same files.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/temp-dir.js';
import { capsim } from '../support/cli.js';
import { InputError } from '../../src/scenario/input-error.js';
import { resolveScenario } from '../../src/scenario/load-scenario.js';
import { createRequestSource, emptyRequest, type Request } from '../../src/workload/request-source.js';
import { loadRequestTrace, type RequestTrace } from '../../src/workload/request-trace.js';
import { RequestTraceStream } from '../../src/workload/request-trace-stream.js';
import type { Flavor } from '../../src/scenario/schema.js';

const FLAVORS: Flavor[] = [{ name: 'a', vcpus: 1, ramMiB: 1024, diskGiB: 10, weight: 1 },
  { name: 'b', vcpus: 2, ramMiB: 2048, diskGiB: 20, weight: 1, haRestartPriority: 'high' }];
const COLUMNS = ['time', 'flavor', 'lifetime', 'haPriority', 'serverGroup', 'groupPolicy', 'maxServerPerHost', 'hypervisor'] as const;

let written = 0;

/** A trace with every optional column, `rows` long (more rows than the reader's largest piece, several 1 MiB reads). */
function writeTrace(dir: string, rows: number, bad: (r: number) => string | undefined = () => undefined): string {
  const lines = ['time_s,flavor,lifetime_s,ha_priority,server_group,group_policy,max_server_per_host,hypervisor'];
  for (let r = 0; r < rows; r++) {
    const group = r % 7 === 0 ? [`g${r % 5}`, r % 5 < 2 ? 'affinity' : 'anti-affinity', r % 5 < 2 ? '' : '2'] : ['', '', ''];
    lines.push(bad(r) ?? [(r * 0.37).toFixed(3), r % 3 === 0 ? 'b' : 'a', (100 + (r * 7919) % 5000).toFixed(1),
      ['', 'low', 'medium', 'high'][r % 4], ...group, ['', 'kvm', 'vmware'][r % 3]].join(','));
  }
  const file = join(dir, `trace-${written++}.csv`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

function scenarioFor(trace: string, horizon = '400d'): object {
  return {
    name: 'streamed', horizon, seed: 1,
    fleet: [{ group: 'h', count: 4, cpus: 64, ramMiB: 262144, diskGiB: 4000 }],
    workload: { trace, flavors: FLAVORS },
    arms: [{ name: 'kvm' }],
  };
}

/** The run's first `n` requests from `trace` (the scenario's trace file is not read: the source is given the trace). */
function bytes(column: Float64Array | Int32Array | Uint8Array): Buffer {
  return Buffer.from(column.buffer, column.byteOffset, column.byteLength);
}

function requests(file: string, trace: RequestTrace, n: number): Request[] {
  const source = createRequestSource(resolveScenario(scenarioFor(file), 'x.yaml').scenario, 0, trace);
  const out: Request[] = [];
  for (let i = 0; i < n; i++) {
    const r = emptyRequest();
    if (!source.next(r)) break;
    out.push({ ...r });
  }
  return out;
}

describe('request trace read on another thread', () => {
  it('hands on the rows, in pieces, that loadRequestTrace reads, with the same digest', () => {
    const dir = tempDir('stream');
    const file = writeTrace(dir, 150_000);
    const loaded = loadRequestTrace(file, FLAVORS);
    const stream = new RequestTraceStream(file, FLAVORS);
    let rows = 0;
    let pieces = 0;
    for (let piece; (piece = stream.piece(pieces)); pieces++) {
      for (const column of COLUMNS) expect(bytes(piece[column]).equals(bytes(loaded[column].subarray(rows, rows + piece.time.length))), column).toBe(true);
      rows += piece.time.length;
    }
    expect(rows).toBe(150_000);
    expect(pieces).toBeGreaterThan(2);
    expect(stream.finish()).toBe(loaded.digest);
    const whole = stream.complete();
    for (const column of COLUMNS) expect(bytes(whole[column]).equals(bytes(loaded[column])), column).toBe(true);
    expect(whole.time.buffer).toBeInstanceOf(SharedArrayBuffer);
    // The run's request source gives the same requests from either.
    const streamed = requests(file, new RequestTraceStream(file, FLAVORS), 200_000);
    expect(streamed).toHaveLength(150_000);
    expect(JSON.stringify(streamed) === JSON.stringify(requests(file, loaded, 200_000))).toBe(true);
  });

  it('stops before the first bad row and then raises the problems loadRequestTrace reports', () => {
    const dir = tempDir('stream-bad');
    const file = writeTrace(dir, 40_000, (r) => (r === 9_000 ? '1,c,10,,,,,' : r === 30_000 ? '2,a,-1,,,,,' : undefined));
    let expected: unknown;
    try {
      loadRequestTrace(file, FLAVORS);
    } catch (error) {
      expected = (error as InputError).problems;
    }
    // Row 9,000: unknown flavor and time out of order; row 30,000: negative lifetime and time out of order.
    expect(expected).toHaveLength(4);
    const stream = new RequestTraceStream(file, FLAVORS);
    const source = createRequestSource(resolveScenario(scenarioFor(writeTrace(dir, 10)), 'x.yaml').scenario, 0, stream);
    let handed = 0;
    const r = emptyRequest();
    const drain = () => { while (source.next(r)) handed++; };
    expect(drain).toThrow(InputError);
    expect(handed).toBeLessThanOrEqual(9_000);
    let problems: unknown;
    try {
      stream.finish();
    } catch (error) {
      problems = (error as InputError).problems;
    }
    expect(problems).toEqual(expected);
  });

  it('reports the caller\'s end-of-trace problems after the trace\'s, with the row count', () => {
    const dir = tempDir('stream-end');
    const file = writeTrace(dir, 5_000);
    const counts: number[] = [];
    const stream = new RequestTraceStream(file, FLAVORS, (rows) => {
      counts.push(rows);
      return [{ source: 'x.yaml', path: '', message: `too big: ${rows} rows` }];
    });
    expect(() => stream.finish()).toThrow('x.yaml: too big: 5000 rows');
    expect(counts).toEqual([5_000]);
  });

  it('gives the same scenario hash, and the same problems with other bad input, as a trace read first', () => {
    const dir = tempDir('stream-resolve');
    const good = writeTrace(dir, 3_000);
    const file = join(dir, 's.yaml');
    const plain = resolveScenario(scenarioFor(good), file);
    const streamed = resolveScenario(scenarioFor(good), file, [], { streamRequestTrace: true });
    expect(streamed.requestTrace).toBeInstanceOf(RequestTraceStream);
    expect(streamed.hash).toBe(plain.hash);
    const bad = writeTrace(dir, 3_001, (r) => (r === 3_000 ? '1,a,1,,,,,' : undefined));
    const withOther = { ...scenarioFor(bad), failures: { trace: 'missing.csv' } };
    const problems = (options: object) => {
      try {
        resolveScenario(withOther, file, [], options);
      } catch (error) {
        return (error as InputError).problems;
      }
      return [];
    };
    const expected = problems({});
    expect(expected.map((p) => p.source)).toEqual([bad, join(dir, 'missing.csv')]);
    expect(problems({ streamRequestTrace: true })).toEqual(expected);
  });

  it('capsim run: a bad row found during the run (or past its horizon) exits 2 and writes nothing', () => {
    const dir = tempDir('stream-cli');
    // Rows are 0.37 s apart: row 11,000 is past a 1-hour horizon.
    for (const [name, horizon, badRow] of [['mid', '400d', 8_000], ['late', '1h', 11_000]] as const) {
      const trace = writeTrace(dir, 12_000, (r) => (r === badRow ? `${badRow},a,x,,,,,` : undefined));
      const scenario = join(dir, `${name}.json`);
      writeFileSync(scenario, JSON.stringify(scenarioFor(trace, horizon)));
      const out = join(dir, `out-${name}`);
      const result = capsim(['run', scenario, '--workers', '1', '--quiet', '--vm-log', '--event-log', '--out', out]);
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toContain(`${trace}: row ${badRow + 1} (line ${badRow + 2}): lifetime_s: expected a number ≥ 0, got "x"`);
      expect(existsSync(out), name).toBe(false);
    }
    // A good trace, two arms: the same files streamed into runs on this thread as read whole for two threads.
    const trace = writeTrace(dir, 12_000);
    const scenario = join(dir, 'good.json');
    writeFileSync(scenario, JSON.stringify({ ...scenarioFor(trace, '2d'), arms: [{ name: 'kvm' }, { name: 'ratio', nova: { ramAllocationRatio: 1 } }] }));
    for (const workers of ['1', '2']) {
      const result = capsim(['run', scenario, '--workers', workers, '--quiet', '--vm-log', '--event-log', '--out', join(dir, `good-${workers}`)]);
      expect(result.code, result.stderr).toBe(0);
    }
    for (const csv of ['summary.csv', 'timeseries.csv', 'vms.csv', 'events.csv']) {
      const [one, two] = ['1', '2'].map((w) => readFileSync(join(dir, `good-${w}`, 'streamed', csv)));
      expect(one.length, csv).toBeGreaterThan(100);
      expect(one.equals(two), csv).toBe(true);
    }
  });
});
