// Replay of a request trace CSV (time_s, flavor, lifetime_s[, ha_priority][, server_group, group_policy
// [, max_server_per_host]][, hypervisor][, censored]); rows are validated with their numbers. `censored` (written by
// `capsim import azure-v1`) only tells a reader which lifetimes ran past the data's end; the replay ignores it.

import { InputError, excerpt, firstFew, type Problem } from '../scenario/input-error.js';
import { parseDecimal } from '../scenario/decimal.js';
import { streamCsvInput } from '../scenario/read-csv.js';
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
  const columns = new TraceColumns();
  const problems: Problem[] = [];
  const groups = new Map<string, { id: number; policy: number; max: number }>();
  const flavorIndex = new Map(flavors.map((f, i) => [f.name, i]));
  let at: ColumnIndex | undefined;
  let previous = 0;
  // Made once, not per row (a closure per row is an allocation per row).
  const bad = (r: number, message: string) => void problems.push({ source: file, path: `row ${r + 1} (line ${r + 2})`, message });
  const { digest } = streamCsvInput(file, ['time_s', 'flavor', 'lifetime_s'],
    ['ha_priority', 'server_group', 'group_policy', 'max_server_per_host', 'hypervisor', 'censored'], (row, r, header) => {
      if (at === undefined) {
        at = columnIndex(header);
        if ((at.gi >= 0) !== (at.pi >= 0)) {
          problems.push({ source: file, path: 'header', message: 'expected server_group and group_policy together' });
        }
      }
      const { ti, fi, li, hi, gi, pi, mi, vi } = at;
      columns.add();
      if (row.length !== header.length) return bad(r, `expected ${header.length} fields, got ${row.length}`);
      const time = parseDecimal(row[ti]);
      if (row[ti] === '' || !Number.isFinite(time) || time < 0) bad(r, `time_s: expected a number ≥ 0, got ${excerpt(row[ti])}`);
      else if (time < previous) bad(r, `time_s: expected times in non-decreasing order, got ${time} after ${previous}`);
      else previous = time;
      const flavor = flavorIndex.get(row[fi]);
      if (flavor === undefined) bad(r, `flavor: unknown flavor ${excerpt(row[fi])}; expected one of ${firstFew(flavors.map((f) => f.name), 5)}`);
      const lifetime = parseDecimal(row[li]);
      if (row[li] === '' || !Number.isFinite(lifetime) || lifetime < 0) bad(r, `lifetime_s: expected a number ≥ 0, got ${excerpt(row[li])}`);
      const flavorPriority = flavor === undefined ? undefined : flavors[flavor].haRestartPriority;
      let priority = flavorPriority ? haPriorityIndex(flavorPriority) : DEFAULT_HA_PRIORITY;
      if (hi >= 0 && row[hi] !== '') {
        priority = haPriorityIndex(row[hi]);
        if (priority < 0) bad(r, `ha_priority: expected one of ${HA_PRIORITIES.join(', ')}, got ${excerpt(row[hi])}`);
      }
      columns.time[r] = time;
      columns.flavor[r] = flavor ?? 0;
      columns.lifetime[r] = lifetime;
      columns.haPriority[r] = Math.max(0, priority);
      if (vi >= 0 && row[vi] !== '') {
        const code = HYPERVISOR_CODES.indexOf(row[vi] as 'kvm');
        if (code <= 0) bad(r, `hypervisor: expected kvm, vmware or empty, got ${excerpt(row[vi])}`);
        else columns.hypervisor[r] = code;
      }
      if (gi >= 0 && pi >= 0 && row[gi] !== '') {
        const policy = GROUP_POLICY_CODES.indexOf(row[pi] as 'affinity');
        const max = mi >= 0 && row[mi] !== '' ? parseDecimal(row[mi]) : 1;
        if (policy <= 0) return bad(r, `group_policy: expected affinity or anti-affinity, got ${excerpt(row[pi])}`);
        if (!Number.isInteger(max) || max < 1) return bad(r, `max_server_per_host: expected an integer ≥ 1, got ${excerpt(row[mi])}`);
        let group = groups.get(row[gi]);
        if (!group) groups.set(row[gi], group = { id: groups.size, policy, max });
        else if (group.policy !== policy || group.max !== max) {
          return bad(r, `server group ${excerpt(row[gi])}: policy/max_server_per_host differ from its first row`);
        }
        columns.serverGroup[r] = group.id;
        columns.groupPolicy[r] = policy;
        columns.maxServerPerHost[r] = max;
      }
    });
  if (problems.length > 0) throw new InputError(problems);
  return { ...columns.trimmed(), digest };
}

interface ColumnIndex { ti: number; fi: number; li: number; hi: number; gi: number; pi: number; mi: number; vi: number }

function columnIndex(header: readonly string[]): ColumnIndex {
  const col = (name: string) => header.indexOf(name);
  return { ti: col('time_s'), fi: col('flavor'), li: col('lifetime_s'), hi: col('ha_priority'), gi: col('server_group'),
    pi: col('group_policy'), mi: col('max_server_per_host'), vi: col('hypervisor') };
}

/** The trace's columns, grown by doubling as rows stream in (no per-row objects), trimmed to the row count at the end. */
class TraceColumns {
  time = new Float64Array(1024);
  flavor = new Int32Array(1024);
  lifetime = new Float64Array(1024);
  haPriority = new Uint8Array(1024);
  serverGroup = new Int32Array(1024).fill(-1);
  groupPolicy = new Uint8Array(1024);
  maxServerPerHost = new Int32Array(1024).fill(1);
  hypervisor = new Uint8Array(1024);
  private rows = 0;

  /** Makes room for one more row (its defaults set: no server group, at most 1 per host). */
  add(): void {
    if (this.rows === this.time.length) {
      const n = 2 * this.rows;
      this.time = grow(this.time, new Float64Array(n));
      this.flavor = grow(this.flavor, new Int32Array(n));
      this.lifetime = grow(this.lifetime, new Float64Array(n));
      this.haPriority = grow(this.haPriority, new Uint8Array(n));
      this.serverGroup = grow(this.serverGroup, new Int32Array(n).fill(-1));
      this.groupPolicy = grow(this.groupPolicy, new Uint8Array(n));
      this.maxServerPerHost = grow(this.maxServerPerHost, new Int32Array(n).fill(1));
      this.hypervisor = grow(this.hypervisor, new Uint8Array(n));
    }
    this.rows++;
  }

  /**
   * The columns at their row count, on shared memory: the scenario is sent to worker threads with every task, and a
   * typed array on a SharedArrayBuffer is passed by reference, not copied (no run writes into the trace).
   */
  trimmed(): Omit<RequestTrace, 'digest'> {
    const n = this.rows;
    return { time: shared(this.time, n, Float64Array), flavor: shared(this.flavor, n, Int32Array),
      lifetime: shared(this.lifetime, n, Float64Array), haPriority: shared(this.haPriority, n, Uint8Array),
      serverGroup: shared(this.serverGroup, n, Int32Array), groupPolicy: shared(this.groupPolicy, n, Uint8Array),
      maxServerPerHost: shared(this.maxServerPerHost, n, Int32Array), hypervisor: shared(this.hypervisor, n, Uint8Array) };
  }
}

function shared<T extends Float64Array | Int32Array | Uint8Array>(from: T, rows: number,
  Type: { new(buffer: SharedArrayBuffer, offset: number, length: number): T; BYTES_PER_ELEMENT: number }): T {
  const to = new Type(new SharedArrayBuffer(rows * Type.BYTES_PER_ELEMENT), 0, rows);
  to.set(from.subarray(0, rows));
  return to;
}

function grow<T extends Float64Array | Int32Array | Uint8Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
