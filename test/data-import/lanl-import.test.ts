import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import xz from 'xz-decompress';
import { describe, expect, it } from 'vitest';
import { capsim, ROOT } from '../support/cli.js';
import { tempDir } from '../support/temp-dir.js';
import { importLanl } from '../../src/data-import/lanl-import.js';

const RECORDS = join(ROOT, 'data', 'lanl', 'LA-UR-05-7318-failure-data-1996-2005.csv.xz');
const SYSTEM = 20;
const FROM = '2002-01-28';
const TO = '2002-01-31T11:25';

async function decompressed(file: string): Promise<string> {
  const stream = new xz.XzReadableStream(new Blob([readFileSync(file)]).stream());
  return new Response(stream).text();
}

/** Minutes since 1970 of "m/d/yyyy h:mm" or "yyyy-mm-dd[Thh:mm]", read independently of the importer. */
function minutes(text: string): number {
  const us = /^(\d+)\/(\d+)\/(\d+) (\d+):(\d+)$/.exec(text);
  if (us) return Date.UTC(+us[3], +us[1] - 1, +us[2], +us[4], +us[5]) / 60_000;
  return Date.parse(`${text.length === 10 ? `${text}T00:00` : text}Z`) / 60_000;
}

describe('capsim import lanl on the shipped records', () => {
  it('gives the records, nodes and total down time of one system and window that an independent count gives', async () => {
    const out = join(tempDir('lanl'), 'out');
    const run = capsim(['import', 'lanl', RECORDS, '--system', String(SYSTEM), '--from', FROM, '--to', TO,
      '--hosts', 'rack-a:256', '--hosts', 'rack-b:256', '--out', out]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    // Independent count: every record of the system whose [start, start + down time) meets the window; down time on
    // a grid of half minutes (a 0-minute record covers one half minute), a node's overlapping records counted once.
    const rows = parse(await decompressed(RECORDS), { columns: true }) as Record<string, string>[];
    const [from, to] = [minutes(FROM) * 2, minutes(TO) * 2];
    const kept = rows.filter((r) => {
      if (Number(r.System) !== SYSTEM) return false;
      const start = minutes(r['Prob Started']) * 2;
      const end = start + Math.max(1, Number(r['Down Time']) * 2);
      return start < to && end > from;
    });
    const down = new Set<string>();
    for (const r of kept) {
      const start = minutes(r['Prob Started']) * 2;
      const end = start + Math.max(1, Number(r['Down Time']) * 2);
      for (let h = Math.max(start, from); h < Math.min(end, to); h++) down.add(`${r.nodenumz}/${h}`);
    }
    const nodes = new Set(kept.map((r) => r.nodenumz)).size;
    expect(kept.length).toBeGreaterThan(20);
    expect(run.stdout).toContain(`records: ${kept.length}\nnodes: ${nodes}\n`);
    expect(run.stdout).toContain(`down_time_s: ${down.size * 30} `);
    const trace = readFileSync(join(out, 'failures.csv'), 'utf8').trim().split('\n');
    expect(trace[0]).toBe('time_s,target,duration_s');
    const total = trace.slice(1).reduce((s, line) => s + Number(line.split(',')[2]), 0);
    expect(total).toBe(down.size * 30);
    const hosts = new Set(trace.slice(1).map((line) => line.split(',')[1]));
    expect(hosts.size).toBe(nodes);
    expect([...hosts].every((h) => /^rack-[ab]-\d+$/.test(h) && Number(h.split('-')[2]) < 256)).toBe(true);
  });
});

const HEADER = 'System,machine type,nodes,procstot,procsinnode,nodenum,nodenumz,node install,node prod,node decom,fru type,' +
  'mem,cputype,memtype,num intercon,purpose,Prob Started,Prob Fixed,Down Time,Facilities,Hardware,Human Error,Network,' +
  'Undetermined,Software,Same Event';
const row = (node: string, start: string, down: string, system = '5') =>
  `${system},cluster,4,8,2,${node},${node},,,,,,,,,compute,${start},,${down},,CPU,,,,,No`;

describe('capsim import lanl on small files', () => {
  const dir = tempDir('lanl-small');

  function file(name: string, lines: string[]): string {
    const path = join(dir, name);
    writeFileSync(path, `${[HEADER, ...lines].join('\n')}\n`);
    return path;
  }

  it('merges overlapping records of a node, clips them to the window and maps nodes onto groups in order', async () => {
    const records = file('merge.csv', [
      row('0', '1/1/2004 0:00', '60'), row('0', '1/1/2004 0:30', '60'), // overlap: one outage 0:00-1:30
      row('3', '1/1/2004 2:00', '0'), // 0 minutes: 30 s
      row('1', '12/31/2003 23:00', '120'), // starts before the window: down from time 0 until 1:00
      row('2', '1/2/2004 0:00', '10', '6'), // another system
    ]);
    const result = await importLanl({ records, system: 5, from: '2004-01-01', to: '2004-01-02', hosts: ['a:2', 'b'] });
    expect(result.failuresCsv).toBe('time_s,target,duration_s\n0,a-0,5400\n0,a-1,3600\n7200,b-1,30\n');
    expect(result.summary).toContain('records: 4\nnodes: 3\noutages: 3');
    expect(result.summary).toContain(`down_time_s: ${5400 + 3600 + 30} `);
  });

  // [name, rows, line, the bad field's text (its column is where it starts on that line), message]
  const bad: [string, string[], number, string, string][] = [
    ['bad-date', [row('0', '1/1/2004 0:00', '5'), row('1', '13/1/2004 0:00', '5')], 3, ',13/1/2004', 'Prob Started: expected m/d/yyyy h:mm'],
    ['bad-node', [row('x', '1/1/2004 0:00', '5')], 2, ',x,', 'nodenumz: expected a node number'],
    ['bad-down-time', [row('0', '1/1/2004 0:00', 'soon')], 2, ',soon', 'Down Time: expected minutes ≥ 0'],
    ['bad-system', [row('0', '1/1/2004 0:00', '5', 'S5')], 2, '', 'System: expected a system number'],
  ];
  const column = (line: string, text: string) => (text === '' ? 1 : line.lastIndexOf(text) + 2);
  for (const [name, lines, line, text, message] of bad) {
    it(`names file:line:column of ${name}`, async () => {
      const records = file(`${name}.csv`, lines);
      const where = `${records}:${line}:${column(lines[line - 2], text)}: `;
      await expect(importLanl({ records, system: 5, hosts: ['a'] })).rejects.toThrow(`${where}${message}`);
    });
  }

  it('rejects a file without the LANL header and nodes beyond the hosts given', async () => {
    const records = join(dir, 'no-header.csv');
    writeFileSync(records, 'a,b,c\n1,2,3\n');
    await expect(importLanl({ records, system: 5, hosts: ['a'] })).rejects.toThrow(`${records}:1:1: header: missing column(s) System, nodes, nodenumz`);
    const ok = file('few-hosts.csv', [row('3', '1/1/2004 0:00', '5')]);
    await expect(importLanl({ records: ok, system: 5, hosts: ['a:2', 'b:1'] })).rejects.toThrow('--hosts: node 3 of system 5 has no host');
  });

  it('exits 2 and writes nothing on bad input', () => {
    const lines = [row('0', '1/1/2004 0:00', 'soon')];
    const records = file('cli-bad.csv', lines);
    const out = join(dir, 'cli-bad-out');
    const r = capsim(['import', 'lanl', records, '--system', '5', '--hosts', 'a', '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${records}:2:${column(lines[0], ',soon')}: Down Time:`);
    expect(existsSync(out)).toBe(false);
  });
});
