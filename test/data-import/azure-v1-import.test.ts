import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { capsim, ROOT } from '../support/cli.js';
import { tempDir } from '../support/temp-dir.js';
import { importAzureV1 } from '../../src/data-import/azure-v1-import.js';
import { azureRequestsCsv } from '../../src/data-import/azure-v1-output.js';

const DATA = join(ROOT, 'data', 'azure-v1');
const FLAVORS = join(DATA, 'v1.dev.txt');
const DURATIONS = join(DATA, 'v1.dev.c2100000.txt');
/** The dev split's censoring time in the output's clock: 2,100,000 s minus time 0 (first line 1,800,000 − 300 s). */
const CENSORED_AT_S = 2_100_000 - 1_799_700;

function lines(file: string): string[] {
  return readFileSync(file, 'utf8').split('\n').filter((l) => l !== '');
}

function readRequests(dir: string): { time: number; flavor: string; lifetime: number; censored: string }[] {
  const [header, ...rows] = lines(join(dir, 'requests.csv'));
  expect(header).toBe('time_s,flavor,lifetime_s,censored');
  return rows.map((row) => {
    const [time, flavor, lifetime, censored] = row.split(',');
    return { time: Number(time), flavor, lifetime: Number(lifetime), censored };
  });
}

describe('capsim import azure-v1 on the shipped dev split', () => {
  const out = join(tempDir('azure'), 'out');
  const run = capsim(['import', 'azure-v1', FLAVORS, DURATIONS, '--out', out, '--seed', '3']);
  const requests = run.code === 0 ? readRequests(out) : [];

  it('writes one row per VM, per flavor and censored as an independent scan of the traces counts them', () => {
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    // Independent count: every letter token of the flavor trace is a VM; every C<k> token a censored one.
    const letters = new Map<string, number>();
    for (const line of lines(FLAVORS)) for (const token of line.split(' ')[1].split(',')) {
      if (/^[a-z]$/.test(token)) letters.set(token, (letters.get(token) ?? 0) + 1);
    }
    const censored = lines(DURATIONS).reduce((n, line) => n + (line.match(/C\d+/g)?.length ?? 0), 0);
    const vms = [...letters.values()].reduce((s, n) => s + n, 0);
    expect(vms).toBe(259_159); // the count data/README.md gives for this split
    expect(requests.length).toBe(vms);
    expect(requests.filter((r) => r.censored === '1').length).toBe(censored);
    const names = new Map(lines(join(DATA, 'flav_map.txt')).map((l) => {
      const [size, letter] = l.split(' ');
      const [vcpus, gb] = size.split(',');
      return [letter, `${vcpus}c${gb}g`];
    }));
    const perFlavor = new Map<string, number>();
    for (const r of requests) perFlavor.set(r.flavor, (perFlavor.get(r.flavor) ?? 0) + 1);
    expect(perFlavor).toEqual(new Map([...letters].map(([letter, n]) => [names.get(letter), n])));
    expect(run.stdout).toContain(`vms: ${vms}\ncensored: ${censored}\n`);
  });

  it('places every VM inside its 300 s arrival bin, in arrival order', () => {
    const perBin = new Map<number, number>();
    for (const r of requests) perBin.set(Math.floor(r.time / 300), (perBin.get(Math.floor(r.time / 300)) ?? 0) + 1);
    lines(FLAVORS).forEach((line, i) => {
      const count = line.split(' ')[1].split(',').filter((t) => t !== '|').length;
      expect(perBin.get(i) ?? 0, `bin ${i}`).toBe(count);
    });
    expect(requests.every((r, i) => i === 0 || r.time >= requests[i - 1].time)).toBe(true);
  });

  it('places every known lifetime inside its duration bin and keeps censored VMs past the censoring time', () => {
    const map = lines(join(DATA, 'v1.interval_map.txt')).map((l) => l.split(' ').map(Number));
    const lows: number[] = [];
    for (const [seconds, bin] of map) if (lows[bin] === undefined) lows[bin] = seconds;
    const binOf = (s: number) => {
      let bin = -1;
      lows.forEach((low, b) => { if (low <= s) bin = b; });
      return bin;
    };
    const expected = new Map<number, number>();
    for (const line of lines(DURATIONS)) for (const m of line.matchAll(/U(\d+)/g)) expected.set(Number(m[1]), (expected.get(Number(m[1])) ?? 0) + 1);
    const got = new Map<number, number>();
    const known = requests.filter((x) => x.censored === '0');
    for (const r of known) got.set(binOf(r.lifetime), (got.get(binOf(r.lifetime)) ?? 0) + 1);
    expect(got).toEqual(expected);
    expect(known.filter((r) => r.time + r.lifetime > CENSORED_AT_S).length).toBe(0);
    const censored = requests.filter((x) => x.censored === '1');
    expect(censored.length).toBeGreaterThan(0);
    expect(censored.filter((r) => r.time + r.lifetime <= CENSORED_AT_S).length).toBe(0);
  });
});

describe('capsim import azure-v1 on small traces', () => {
  const dir = tempDir('azure-small');
  writeFileSync(join(dir, 'flav_map.txt'), '1,0.75 a\n2,3.5 g\n');
  writeFileSync(join(dir, 'v1.interval_map.txt'), '0 0\n300 1\n600 2\n900 2\n1200 3\n');
  const good = { flavors: '1000 a,a,|,g\n1300 g,|,a\n1600 \n', durations: '1000 U1,U0,|,U2\n1300 C1,|,U0\n1600 \n' };

  function write(name: string, traces: { flavors: string; durations: string }) {
    const flavorTrace = join(dir, `${name}.txt`);
    const durationTrace = join(dir, `${name}.c1700.txt`);
    writeFileSync(flavorTrace, traces.flavors);
    writeFileSync(durationTrace, traces.durations);
    return { flavorTrace, durationTrace, flavorMap: join(dir, 'flav_map.txt'), intervalMap: join(dir, 'v1.interval_map.txt') };
  }

  function problems(files: ReturnType<typeof write>): string {
    try {
      importAzureV1({ ...files, seed: 1 });
    } catch (error) {
      return (error as Error).message;
    }
    return 'no problem reported';
  }

  it('gives the same bytes for the same seed and other bytes for another seed', () => {
    const files = write('good', good);
    const text = (seed: number) => azureRequestsCsv(importAzureV1({ ...files, seed }));
    expect(text(5)).toBe(text(5));
    expect(text(6)).not.toBe(text(5));
    // A batch's VMs arrive together; lifetimes fall in their bins: [300, 600) for U1, [0, 300) for U0.
    const out = join(dir, 'good-out');
    const cli = capsim(['import', 'azure-v1', files.flavorTrace, files.durationTrace, '--out', out, '--seed', '5']);
    expect(cli.code).toBe(0);
    expect(readFileSync(join(out, 'requests.csv'), 'utf8')).toBe(text(5));
    const rows = readRequests(out);
    const first = rows.filter((r) => r.time < 300);
    expect(first.length).toBe(3);
    const batch = first.filter((r) => r.flavor === '1c0.75g');
    expect(batch[0].time).toBe(batch[1].time);
    expect(batch.map((r) => (r.lifetime < 300 ? 0 : r.lifetime < 600 ? 1 : -1)).sort()).toEqual([0, 1]);
    const censored = rows.filter((r) => r.censored === '1');
    expect(censored.length).toBe(1);
    expect(censored[0].time + censored[0].lifetime).toBeGreaterThan(1700 - 700);
    expect(readFileSync(join(out, 'workload.yaml'), 'utf8')).toContain('- { name: 2c3.5g, vcpus: 2, ramMiB: 3584, diskGiB: 0 }');
  });

  const bad: [string, { flavors: string; durations: string }, 'flavorTrace' | 'durationTrace', string][] = [
    ['unknown-letter', { flavors: '1000 a,z\n', durations: '1000 U1,U1\n' }, 'flavorTrace', ':1:8: expected a flavor letter'],
    ['bad-token', { flavors: '1000 a,a\n', durations: '1000 U1,X1\n' }, 'durationTrace', ':1:9: expected U<bin> or C<bin>'],
    ['unknown-bin', { flavors: '1000 a\n', durations: '1000 U9\n' }, 'durationTrace', ':1:6: expected U<bin> or C<bin> with a bin'],
    ['misaligned', { flavors: '1000 a,|,a\n', durations: '1000 U1,U1,|\n' }, 'durationTrace', ':1:9: expected "|" to match'],
    ['time-mismatch', { flavors: '1000 a\n1300 a\n', durations: '1000 U1\n1600 U1\n' }, 'durationTrace', ':2:1: expected the flavor trace\'s time 1300'],
    ['not-increasing', { flavors: '1000 a\n900 a\n', durations: '1000 U1\n900 U1\n' }, 'flavorTrace', ':2:1: expected times to increase'],
    ['wrong-censored-bin', { flavors: '1000 a\n', durations: '1000 C1\n' }, 'durationTrace', ':1:6: expected the bin of 700 s'],
    ['no-time', { flavors: 'a,a\n', durations: '1000 U1,U1\n' }, 'flavorTrace', ':1:1: expected "<seconds> <token>'],
    ['short', { flavors: '1000 a\n1300 a\n', durations: '1000 U1\n' }, 'durationTrace', ':2:1: expected as many lines'],
  ];
  for (const [name, traces, where, message] of bad) {
    it(`names file:line:column of ${name}`, () => {
      const files = write(name, traces);
      expect(problems(files)).toContain(`${files[where]}${message}`);
    });
  }

  it('exits 2 and writes nothing on bad input', () => {
    const files = write('cli-bad', bad[0][1]);
    const out = join(dir, 'cli-bad-out');
    const r = capsim(['import', 'azure-v1', files.flavorTrace, files.durationTrace, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${files.flavorTrace}:1:8: expected a flavor letter`);
    expect(existsSync(out)).toBe(false);
  });

  it('rejects a bad flavor map line with its position', () => {
    writeFileSync(join(dir, 'bad-map.txt'), '1,0.75 a\n2;3.5 g\n');
    expect(problems({ ...write('map', good), flavorMap: join(dir, 'bad-map.txt') }))
      .toContain(`${join(dir, 'bad-map.txt')}:2:1: expected "vcpus,GB letter"`);
  });
});
