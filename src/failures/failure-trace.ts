// A failure trace CSV (time_s, target, duration_s): target is a host name (<group>-<n>) or a whole group.

import { InputError, excerpt, type Problem } from '../scenario/input-error.js';
import { parseDecimal } from '../scenario/decimal.js';
import { readCsvInput } from '../scenario/read-csv.js';
import type { HostGroup } from '../scenario/schema.js';

export interface FailureTrace {
  /** One entry per row: failure time, affected host indices (fleet order), outage duration. */
  rows: { time: number; hosts: number[]; duration: number }[];
  digest: string;
}

export function loadFailureTrace(file: string, fleet: readonly HostGroup[]): FailureTrace {
  const csv = readCsvInput(file, ['time_s', 'target', 'duration_s']);
  const targets = new Map<string, number[]>();
  let index = 0;
  for (const group of fleet) {
    const members: number[] = [];
    for (let n = 0; n < group.count; n++) {
      targets.set(`${group.group}-${n}`, [index]);
      members.push(index++);
    }
    targets.set(group.group, members);
  }
  const [ti, gi, di] = ['time_s', 'target', 'duration_s'].map((c) => csv.header.indexOf(c));
  const problems: Problem[] = [];
  const rows: FailureTrace['rows'] = [];
  csv.rows.forEach((row, r) => {
    const where = `row ${r + 1} (line ${r + 2})`;
    const bad = (message: string) => problems.push({ source: file, path: where, message });
    if (row.length !== csv.header.length) return bad(`expected ${csv.header.length} fields, got ${row.length}`);
    const time = parseDecimal(row[ti]);
    const duration = parseDecimal(row[di]);
    const hosts = targets.get(row[gi]);
    if (row[ti] === '' || !Number.isFinite(time) || time < 0) bad(`time_s: expected a number ≥ 0, got ${excerpt(row[ti])}`);
    if (!hosts) bad(`target: expected a host name (<group>-<n>) or a group name, got ${excerpt(row[gi])}`);
    if (row[di] === '' || !Number.isFinite(duration) || duration <= 0) bad(`duration_s: expected a number > 0, got ${excerpt(row[di])}`);
    if (hosts) rows.push({ time, hosts, duration });
  });
  if (problems.length > 0) throw new InputError(problems);
  rows.sort((a, b) => a.time - b.time);
  return { rows, digest: csv.digest };
}
