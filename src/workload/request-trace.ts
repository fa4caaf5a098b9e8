// Replay of a request trace CSV (time_s, flavor, lifetime_s[, ha_priority]); rows are validated with their numbers.

import { InputError, type Problem } from '../scenario/input-error.js';
import { readCsvInput } from '../scenario/read-csv.js';
import { DEFAULT_HA_PRIORITY, HA_PRIORITIES, haPriorityIndex } from '../model/ha-priority.js';
import type { Flavor } from '../scenario/schema.js';

export interface RequestTrace {
  time: Float64Array;
  flavor: Int32Array;
  lifetime: Float64Array;
  haPriority: Uint8Array;
  digest: string;
}

export function loadRequestTrace(file: string, flavors: readonly Flavor[]): RequestTrace {
  const csv = readCsvInput(file, ['time_s', 'flavor', 'lifetime_s'], ['ha_priority']);
  const col = (name: string) => csv.header.indexOf(name);
  const [ti, fi, li, hi] = [col('time_s'), col('flavor'), col('lifetime_s'), col('ha_priority')];
  const n = csv.rows.length;
  const trace: RequestTrace = {
    time: new Float64Array(n), flavor: new Int32Array(n), lifetime: new Float64Array(n),
    haPriority: new Uint8Array(n), digest: csv.digest,
  };
  const problems: Problem[] = [];
  const flavorIndex = new Map(flavors.map((f, i) => [f.name, i]));
  let previous = 0;
  csv.rows.forEach((row, r) => {
    const where = `row ${r + 1} (line ${r + 2})`;
    const bad = (message: string) => problems.push({ source: file, path: where, message });
    if (row.length !== csv.header.length) return bad(`expected ${csv.header.length} fields, got ${row.length}`);
    const time = Number(row[ti]);
    if (row[ti] === '' || !Number.isFinite(time) || time < 0) bad(`time_s: expected a number ≥ 0, got "${row[ti]}"`);
    else if (time < previous) bad(`time_s: expected times in non-decreasing order, got ${time} after ${previous}`);
    else previous = time;
    const flavor = flavorIndex.get(row[fi]);
    if (flavor === undefined) bad(`flavor: unknown flavor "${row[fi]}"; expected one of ${flavors.map((f) => f.name).join(', ')}`);
    const lifetime = Number(row[li]);
    if (row[li] === '' || !Number.isFinite(lifetime) || lifetime < 0) bad(`lifetime_s: expected a number ≥ 0, got "${row[li]}"`);
    let priority = DEFAULT_HA_PRIORITY;
    if (hi >= 0 && row[hi] !== '') {
      priority = haPriorityIndex(row[hi]);
      if (priority < 0) bad(`ha_priority: expected one of ${HA_PRIORITIES.join(', ')}, got "${row[hi]}"`);
    }
    trace.time[r] = time;
    trace.flavor[r] = flavor ?? 0;
    trace.lifetime[r] = lifetime;
    trace.haPriority[r] = Math.max(0, priority);
  });
  if (problems.length > 0) throw new InputError(problems);
  return trace;
}
