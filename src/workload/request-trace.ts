// Replay of a request trace CSV (time_s, flavor, lifetime_s[, ha_priority][, server_group, group_policy
// [, max_server_per_host]][, hypervisor][, censored]); rows are validated with their numbers. `censored` (written by
// `capsim import azure-v1`) only tells a reader which lifetimes ran past the data's end; the replay ignores it.

import { InputError, excerpt, firstFew, type Problem } from '../scenario/input-error.js';
import { parseDecimal } from '../scenario/decimal.js';
import { readCsvInput } from '../scenario/read-csv.js';
import { DEFAULT_HA_PRIORITY, HA_PRIORITIES, haPriorityIndex } from '../model/ha-priority.js';
import type { Flavor } from '../scenario/schema.js';

export interface RequestTrace {
  time: Float64Array;
  flavor: Int32Array;
  lifetime: Float64Array;
  haPriority: Uint8Array;
  /** Server group id (-1: none; ids numbered by first appearance of the group name), policy code, rule. */
  serverGroup: Int32Array;
  groupPolicy: Uint8Array;
  maxServerPerHost: Int32Array;
  /** Required hypervisor code (HYPERVISOR_CODES). */
  hypervisor: Uint8Array;
  digest: string;
}

/** Codes of the optional columns: index 0 = not set. */
export const GROUP_POLICY_CODES = [undefined, 'affinity', 'anti-affinity'] as const;
export const HYPERVISOR_CODES = [undefined, 'kvm', 'vmware'] as const;

export function loadRequestTrace(file: string, flavors: readonly Flavor[]): RequestTrace {
  const csv = readCsvInput(file, ['time_s', 'flavor', 'lifetime_s'],
    ['ha_priority', 'server_group', 'group_policy', 'max_server_per_host', 'hypervisor', 'censored']);
  const col = (name: string) => csv.header.indexOf(name);
  const [ti, fi, li, hi] = [col('time_s'), col('flavor'), col('lifetime_s'), col('ha_priority')];
  const [gi, pi, mi, vi] = [col('server_group'), col('group_policy'), col('max_server_per_host'), col('hypervisor')];
  const n = csv.rows.length;
  const trace: RequestTrace = {
    time: new Float64Array(n), flavor: new Int32Array(n), lifetime: new Float64Array(n),
    haPriority: new Uint8Array(n), serverGroup: new Int32Array(n).fill(-1), groupPolicy: new Uint8Array(n),
    maxServerPerHost: new Int32Array(n).fill(1), hypervisor: new Uint8Array(n), digest: csv.digest,
  };
  const problems: Problem[] = [];
  if ((gi >= 0) !== (pi >= 0)) {
    problems.push({ source: file, path: 'header', message: 'expected server_group and group_policy together' });
  }
  const groups = new Map<string, { id: number; policy: number; max: number }>();
  const flavorIndex = new Map(flavors.map((f, i) => [f.name, i]));
  let previous = 0;
  csv.rows.forEach((row, r) => {
    const where = `row ${r + 1} (line ${r + 2})`;
    const bad = (message: string) => problems.push({ source: file, path: where, message });
    if (row.length !== csv.header.length) return bad(`expected ${csv.header.length} fields, got ${row.length}`);
    const time = parseDecimal(row[ti]);
    if (row[ti] === '' || !Number.isFinite(time) || time < 0) bad(`time_s: expected a number ≥ 0, got ${excerpt(row[ti])}`);
    else if (time < previous) bad(`time_s: expected times in non-decreasing order, got ${time} after ${previous}`);
    else previous = time;
    const flavor = flavorIndex.get(row[fi]);
    if (flavor === undefined) bad(`flavor: unknown flavor ${excerpt(row[fi])}; expected one of ${firstFew(flavors.map((f) => f.name), 5)}`);
    const lifetime = parseDecimal(row[li]);
    if (row[li] === '' || !Number.isFinite(lifetime) || lifetime < 0) bad(`lifetime_s: expected a number ≥ 0, got ${excerpt(row[li])}`);
    const flavorPriority = flavor === undefined ? undefined : flavors[flavor].haRestartPriority;
    let priority = flavorPriority ? haPriorityIndex(flavorPriority) : DEFAULT_HA_PRIORITY;
    if (hi >= 0 && row[hi] !== '') {
      priority = haPriorityIndex(row[hi]);
      if (priority < 0) bad(`ha_priority: expected one of ${HA_PRIORITIES.join(', ')}, got ${excerpt(row[hi])}`);
    }
    trace.time[r] = time;
    trace.flavor[r] = flavor ?? 0;
    trace.lifetime[r] = lifetime;
    trace.haPriority[r] = Math.max(0, priority);
    if (vi >= 0 && row[vi] !== '') {
      const code = HYPERVISOR_CODES.indexOf(row[vi] as 'kvm');
      if (code <= 0) bad(`hypervisor: expected kvm, vmware or empty, got ${excerpt(row[vi])}`);
      else trace.hypervisor[r] = code;
    }
    if (gi >= 0 && pi >= 0 && row[gi] !== '') {
      const policy = GROUP_POLICY_CODES.indexOf(row[pi] as 'affinity');
      const max = mi >= 0 && row[mi] !== '' ? parseDecimal(row[mi]) : 1;
      if (policy <= 0) return bad(`group_policy: expected affinity or anti-affinity, got ${excerpt(row[pi])}`);
      if (!Number.isInteger(max) || max < 1) return bad(`max_server_per_host: expected an integer ≥ 1, got ${excerpt(row[mi])}`);
      let group = groups.get(row[gi]);
      if (!group) groups.set(row[gi], group = { id: groups.size, policy, max });
      else if (group.policy !== policy || group.max !== max) {
        return bad(`server group ${excerpt(row[gi])}: policy/max_server_per_host differ from its first row`);
      }
      trace.serverGroup[r] = group.id;
      trace.groupPolicy[r] = policy;
      trace.maxServerPerHost[r] = max;
    }
  });
  if (problems.length > 0) throw new InputError(problems);
  return trace;
}
