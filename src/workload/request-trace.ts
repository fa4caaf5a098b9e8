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
  const reader = new TraceRowReader(file, flavors);
  const { digest } = streamCsvInput(file, TRACE_COLUMNS, TRACE_OPTIONAL_COLUMNS, reader.onRow);
  if (reader.problems.length > 0) throw new InputError(reader.problems);
  return { ...reader.columns.trimmed(), digest };
}

export const TRACE_COLUMNS = ['time_s', 'flavor', 'lifetime_s'];
export const TRACE_OPTIONAL_COLUMNS = ['ha_priority', 'server_group', 'group_policy', 'max_server_per_host', 'hypervisor', 'censored'];

/**
 * Checks each row a CSV reader hands it and stores its numbers in `columns` (at the index `columns.add()` gives);
 * `problems` collects every bad row. The rows of a whole file, or of the pieces the streaming reader takes out.
 */
export class TraceRowReader {
  readonly columns = new TraceColumns();
  readonly problems: Problem[] = [];
  private readonly groups = new Map<string, { id: number; policy: number; max: number }>();
  private readonly flavorIndex: Map<string, number>;
  private at: ColumnIndex | undefined;
  private previous = 0;

  constructor(private readonly file: string, private readonly flavors: readonly Flavor[]) {
    this.flavorIndex = new Map(flavors.map((f, i) => [f.name, i]));
  }

  private bad(r: number, message: string): void {
    this.problems.push({ source: this.file, path: `row ${r + 1} (line ${r + 2})`, message });
  }

  /** The row callback for streamCsvInput (bound once: a closure per row would be an allocation per row). */
  readonly onRow = (row: string[], r: number, header: readonly string[]): void => {
    const { flavors, columns } = this;
    if (this.at === undefined) {
      this.at = columnIndex(header);
      if ((this.at.gi >= 0) !== (this.at.pi >= 0)) {
        this.problems.push({ source: this.file, path: 'header', message: 'expected server_group and group_policy together' });
      }
    }
    const { ti, fi, li, hi, gi, pi, mi, vi } = this.at;
    const c = columns.add();
    if (row.length !== header.length) return this.bad(r, `expected ${header.length} fields, got ${row.length}`);
    const time = parseDecimal(row[ti]);
    if (row[ti] === '' || !Number.isFinite(time) || time < 0) this.bad(r, `time_s: expected a number ≥ 0, got ${excerpt(row[ti])}`);
    else if (time < this.previous) this.bad(r, `time_s: expected times in non-decreasing order, got ${time} after ${this.previous}`);
    else this.previous = time;
    const flavor = this.flavorIndex.get(row[fi]);
    if (flavor === undefined) this.bad(r, `flavor: unknown flavor ${excerpt(row[fi])}; expected one of ${firstFew(flavors.map((f) => f.name), 5)}`);
    const lifetime = parseDecimal(row[li]);
    if (row[li] === '' || !Number.isFinite(lifetime) || lifetime < 0) this.bad(r, `lifetime_s: expected a number ≥ 0, got ${excerpt(row[li])}`);
    const flavorPriority = flavor === undefined ? undefined : flavors[flavor].haRestartPriority;
    let priority = flavorPriority ? haPriorityIndex(flavorPriority) : DEFAULT_HA_PRIORITY;
    if (hi >= 0 && row[hi] !== '') {
      priority = haPriorityIndex(row[hi]);
      if (priority < 0) this.bad(r, `ha_priority: expected one of ${HA_PRIORITIES.join(', ')}, got ${excerpt(row[hi])}`);
    }
    columns.time[c] = time;
    columns.flavor[c] = flavor ?? 0;
    columns.lifetime[c] = lifetime;
    columns.haPriority[c] = Math.max(0, priority);
    if (vi >= 0 && row[vi] !== '') {
      const code = HYPERVISOR_CODES.indexOf(row[vi] as 'kvm');
      if (code <= 0) this.bad(r, `hypervisor: expected kvm, vmware or empty, got ${excerpt(row[vi])}`);
      else columns.hypervisor[c] = code;
    }
    if (gi >= 0 && pi >= 0 && row[gi] !== '') {
      const policy = GROUP_POLICY_CODES.indexOf(row[pi] as 'affinity');
      const max = mi >= 0 && row[mi] !== '' ? parseDecimal(row[mi]) : 1;
      if (policy <= 0) return this.bad(r, `group_policy: expected affinity or anti-affinity, got ${excerpt(row[pi])}`);
      if (!Number.isInteger(max) || max < 1) return this.bad(r, `max_server_per_host: expected an integer ≥ 1, got ${excerpt(row[mi])}`);
      let group = this.groups.get(row[gi]);
      if (!group) this.groups.set(row[gi], group = { id: this.groups.size, policy, max });
      else if (group.policy !== policy || group.max !== max) {
        return this.bad(r, `server group ${excerpt(row[gi])}: policy/max_server_per_host differ from its first row`);
      }
      columns.serverGroup[c] = group.id;
      columns.groupPolicy[c] = policy;
      columns.maxServerPerHost[c] = max;
    }
  };
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

  /** Makes room for one more row (its defaults set: no server group, at most 1 per host); returns its index. */
  add(): number {
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
    return this.rows++;
  }

  get length(): number {
    return this.rows;
  }

  /**
   * Copies of the rows added since the last call, then starts again at index 0 with the defaults restored (the
   * streaming reader hands rows on in pieces and keeps only one piece's worth).
   */
  take(): TraceColumnsData {
    const n = this.rows;
    const piece = { time: this.time.slice(0, n), flavor: this.flavor.slice(0, n), lifetime: this.lifetime.slice(0, n),
      haPriority: this.haPriority.slice(0, n), serverGroup: this.serverGroup.slice(0, n),
      groupPolicy: this.groupPolicy.slice(0, n), maxServerPerHost: this.maxServerPerHost.slice(0, n),
      hypervisor: this.hypervisor.slice(0, n) };
    this.haPriority.fill(0, 0, n);
    this.serverGroup.fill(-1, 0, n);
    this.groupPolicy.fill(0, 0, n);
    this.maxServerPerHost.fill(1, 0, n);
    this.hypervisor.fill(0, 0, n);
    this.rows = 0;
    return piece;
  }

  /**
   * The columns at their row count, on shared memory: the scenario is sent to worker threads with every task, and a
   * typed array on a SharedArrayBuffer is passed by reference, not copied (no run writes into the trace).
   */
  trimmed(): TraceColumnsData {
    return sharedColumns([this], this.rows);
  }
}

/** A trace's columns without its digest. */
export type TraceColumnsData = Omit<RequestTrace, 'digest'>;

/** `pieces` (each `rows` long at most) one after another in columns on shared memory. */
export function sharedColumns(pieces: readonly TraceColumnsData[], rows: number): TraceColumnsData {
  const into = <T extends Float64Array | Int32Array | Uint8Array>(Type: SharedType<T>, column: (p: TraceColumnsData) => T): T => {
    const to = new Type(new SharedArrayBuffer(rows * Type.BYTES_PER_ELEMENT), 0, rows);
    let at = 0;
    for (const piece of pieces) {
      const from = column(piece);
      const n = Math.min(from.length, rows - at);
      to.set(n === from.length ? from : from.subarray(0, n), at);
      at += n;
    }
    return to;
  };
  return { time: into(Float64Array, (p) => p.time), flavor: into(Int32Array, (p) => p.flavor),
    lifetime: into(Float64Array, (p) => p.lifetime), haPriority: into(Uint8Array, (p) => p.haPriority),
    serverGroup: into(Int32Array, (p) => p.serverGroup), groupPolicy: into(Uint8Array, (p) => p.groupPolicy),
    maxServerPerHost: into(Int32Array, (p) => p.maxServerPerHost), hypervisor: into(Uint8Array, (p) => p.hypervisor) };
}

type SharedType<T> = { new(buffer: SharedArrayBuffer, offset: number, length: number): T; BYTES_PER_ELEMENT: number };

function grow<T extends Float64Array | Int32Array | Uint8Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
