// `capsim import lanl`: one system's failures in a window, its node numbers mapped onto fleet hosts in order,
// written as capsim's failure trace (time_s,target,duration_s) with a summary.

import { InputError, type Problem } from '../scenario/input-error.js';
import { readLanlRecords, ROOT_CAUSES } from './lanl-records.js';
import { systemOutages, type SystemOutages, type Window } from './lanl-outages.js';

export interface HostGroupSpec {
  group: string;
  /** Hosts of this group that take nodes; undefined (only for the last group) = as many as needed. */
  count?: number;
}

export interface LanlImportOptions {
  records: string;
  system: number;
  from?: string;
  to?: string;
  hosts: string[];
}

export interface LanlImport {
  failuresCsv: string;
  summary: string;
  outages: SystemOutages;
}

export async function importLanl(options: LanlImportOptions): Promise<LanlImport> {
  const problems: Problem[] = [];
  const groups = parseHostGroups(options.hosts, problems);
  const fromMin = options.from === undefined ? undefined : parseWindowDate('--from', options.from, problems);
  const toMin = options.to === undefined ? Infinity : parseWindowDate('--to', options.to, problems);
  if (fromMin !== undefined && toMin !== undefined && fromMin >= toMin) {
    problems.push({ source: '--to', path: '', message: `expected a date after --from ${options.from}, got ${options.to}` });
  }
  if (problems.length > 0) throw new InputError(problems);
  const system = await readLanlRecords(options.records, options.system);
  if (system.records.length === 0) {
    throw new InputError([{ source: options.records, path: '', message: `no records of system ${options.system}` }]);
  }
  const window: Window = {
    fromMin: fromMin ?? Math.min(...system.records.map((r) => r.startMin)),
    toMin: toMin as number,
  };
  const outages = systemOutages(system.records, window);
  const rows = ['time_s,target,duration_s'];
  for (const o of outages.outages) {
    const host = hostOfNode(o.node, groups);
    if (host === undefined) {
      const total = groups.reduce((s, g) => s + (g.count ?? 0), 0);
      problems.push({ source: '--hosts', path: '', message: `node ${o.node} of system ${options.system} has no host: the groups hold ${total}; ` +
        `the system's highest node number is ${system.highestNode}, so give at least ${system.highestNode + 1} hosts` });
      break;
    }
    rows.push(`${o.startS},${host},${o.durationS}`);
  }
  if (problems.length > 0) throw new InputError(problems);
  const summary = lanlSummary(options, window, outages, system.nodesColumn, system.highestNode, groups);
  return { failuresCsv: `${rows.join('\n')}\n`, summary, outages };
}

/** `GROUP` or `GROUP:COUNT`, repeatable: node numbers fill the groups in the order given. */
export function parseHostGroups(specs: readonly string[], problems: Problem[]): HostGroupSpec[] {
  const groups: HostGroupSpec[] = [];
  specs.forEach((spec, i) => {
    const match = /^([A-Za-z0-9][A-Za-z0-9._-]*)(?::(\d+))?$/.exec(spec);
    if (!match || (match[2] !== undefined && Number(match[2]) < 1)) {
      problems.push({ source: '--hosts', path: '', message: `expected GROUP or GROUP:COUNT (COUNT ≥ 1), got "${spec}"` });
    } else if (match[2] === undefined && i < specs.length - 1) {
      problems.push({ source: '--hosts', path: '', message: `expected a COUNT for "${spec}": only the last group may take every remaining node` });
    } else groups.push({ group: match[1], count: match[2] === undefined ? undefined : Number(match[2]) });
  });
  if (specs.length === 0) problems.push({ source: '--hosts', path: '', message: 'expected at least one fleet group' });
  return groups;
}

export function hostOfNode(node: number, groups: readonly HostGroupSpec[]): string | undefined {
  let first = 0;
  for (const g of groups) {
    if (g.count === undefined || node < first + g.count) return `${g.group}-${node - first}`;
    first += g.count;
  }
  return undefined;
}

/** `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM` on the records' own clock, as minutes since 1970. */
export function parseWindowDate(option: string, text: string, problems: Problem[]): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?$/.exec(text);
  const [year, month, day, hour, minute] = (match?.slice(1) ?? []).map((v) => Number(v ?? 0));
  const ms = Date.UTC(year, month - 1, day, hour, minute);
  if (!match || new Date(ms).getUTCDate() !== day || hour > 23 || minute > 59) {
    problems.push({ source: option, path: '', message: `expected a date YYYY-MM-DD or YYYY-MM-DDTHH:MM, got "${text}"` });
    return undefined;
  }
  return ms / 60_000;
}

function formatMinutes(min: number): string {
  return Number.isFinite(min) ? new Date(min * 60_000).toISOString().slice(0, 16) : 'end of the records';
}

function lanlSummary(options: LanlImportOptions, window: Window, o: SystemOutages, nodesColumn: string,
  highestNode: number, groups: readonly HostGroupSpec[]): string {
  const total = o.records.length;
  const causes = [...ROOT_CAUSES, 'none given' as const]
    .filter((c) => o.causes.has(c))
    .map((c) => `  ${c}: ${o.causes.get(c)} (${((100 * (o.causes.get(c) ?? 0)) / total).toFixed(1)} %)`);
  const lastEnd = o.outages.reduce((m, x) => Math.max(m, x.startS + x.durationS), 0);
  return [
    `system: ${options.system}   # nodes column: ${nodesColumn || 'blank'}; highest node number: ${highestNode}`,
    `window: ${formatMinutes(window.fromMin)} .. ${formatMinutes(window.toMin)}   # the records' clock (LANL local time)`,
    `records: ${total}`,
    `nodes: ${o.nodes}`,
    `outages: ${o.outages.length}   # after merging overlapping records per node`,
    `down_time_s: ${o.downTimeS}   # ${(o.downTimeS / 3600).toFixed(1)} h`,
    `last_outage_end_s: ${lastEnd}`,
    `hosts: ${groups.map((g) => (g.count === undefined ? g.group : `${g.group}:${g.count}`)).join(' ')}   # node n -> host n in this order`,
    'root_causes:',
    ...causes,
  ].join('\n') + '\n';
}
