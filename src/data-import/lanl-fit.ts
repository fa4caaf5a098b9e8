// `capsim fit lanl`: time between failures and repair time of one LANL system, fitted to the scenario's families.

import { InputError, type Problem } from '../scenario/input-error.js';
import { fitAll, type Fit } from './distribution-fit.js';
import { parseWindowDate } from './lanl-import.js';
import { readLanlRecords } from './lanl-records.js';
import { systemOutages, type Outage } from './lanl-outages.js';

export interface LanlSamples {
  /** Per node, from the end of one (merged) outage to the start of the next, pooled over nodes, seconds. */
  betweenFailuresS: number[];
  /** Durations of the merged outages, seconds. */
  repairS: number[];
  records: number;
  nodes: number;
}

/** Only whole gaps count: the time before a node's first outage and after its last is censored and left out. */
export function lanlSamples(outages: readonly Outage[]): { betweenFailuresS: number[]; repairS: number[] } {
  const lastEnd = new Map<number, number>();
  const betweenFailuresS: number[] = [];
  const repairS: number[] = [];
  for (const o of outages) {
    const end = lastEnd.get(o.node);
    if (end !== undefined) betweenFailuresS.push(o.startS - end);
    lastEnd.set(o.node, o.startS + o.durationS);
    repairS.push(o.durationS);
  }
  return { betweenFailuresS, repairS };
}

export async function fitLanl(options: { records: string; system: number; from?: string; to?: string }): Promise<string> {
  const problems: Problem[] = [];
  const fromMin = options.from === undefined ? undefined : parseWindowDate('--from', options.from, problems);
  const toMin = options.to === undefined ? Infinity : parseWindowDate('--to', options.to, problems);
  if (problems.length > 0) throw new InputError(problems);
  const system = await readLanlRecords(options.records, options.system);
  if (system.records.length === 0) {
    throw new InputError([{ source: options.records, path: '', message: `no records of system ${options.system}` }]);
  }
  const window = { fromMin: fromMin ?? Math.min(...system.records.map((r) => r.startMin)), toMin: toMin as number };
  const outages = systemOutages(system.records, window);
  const { betweenFailuresS, repairS } = lanlSamples(outages.outages);
  if (betweenFailuresS.length < 2) {
    throw new InputError([{ source: options.records, path: '', message: `system ${options.system} has ${betweenFailuresS.length} ` +
      'gap(s) between failures of one node in the window; a fit needs at least 2' }]);
  }
  const gapFits = fitAll(betweenFailuresS);
  const repairFits = fitAll(repairS);
  const best = (fits: Fit[]) => fits.reduce((a, b) => (b.aic < a.aic ? b : a));
  return [
    `# LANL system ${options.system}: ${outages.records.length} records, ${outages.nodes} nodes, ${outages.outages.length} outages ` +
      '(overlapping records of a node merged)',
    ...fitTable('time between failures (per node, from repair to next failure, pooled)', betweenFailuresS, gapFits),
    ...fitTable('repair time (outage duration)', repairS, repairFits),
    '# best by AIC, in the scenario\'s syntax:',
    'failures:',
    `  hostFailure: ${formatSpec(best(gapFits))}`,
    `  repair: ${formatSpec(best(repairFits))}`,
  ].join('\n') + '\n';
}

function fitTable(title: string, sample: number[], fits: Fit[]): string[] {
  const n = sample.length;
  const sorted = [...sample].sort((a, b) => a - b);
  const mean = sample.reduce((s, v) => s + v, 0) / n;
  const median = n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  const rows = fits.map((f) => [f.family, formatSpec(f), f.logLikelihood.toFixed(1), f.aic.toFixed(1), f.ks.toFixed(4)]);
  const header = ['family', 'distribution', 'log-lik', 'AIC', 'KS D'];
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]) => `#   ${cells.map((cell, c) => (c < 2 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ')}`.trimEnd();
  return [
    `# ${title}: n = ${n}, mean ${formatDuration(mean)}, median ${formatDuration(median)}; ` +
      `KS 5 % critical value for a fully specified distribution 1.358/√n = ${(1.358 / Math.sqrt(n)).toFixed(4)}`,
    line(header),
    ...rows.map(line),
  ];
}

/** A fit as the scenario writes a distribution, durations with units (4 significant digits). */
export function formatSpec(fit: Fit): string {
  const spec = fit.spec as Record<string, Record<string, number>>;
  const params = spec[fit.family];
  if (fit.family === 'weibull') return `{ weibull: { shape: ${significant(params.shape)}, scale: ${formatDuration(params.scale)} } }`;
  if (fit.family === 'lognormal') return `{ lognormal: { median: ${formatDuration(params.median)}, sigma: ${significant(params.sigma)} } }`;
  return `{ exponential: { mean: ${formatDuration(params.mean)} } }`;
}

function significant(value: number): string {
  return String(Number(value.toPrecision(4)));
}

export function formatDuration(seconds: number): string {
  if (seconds < 120) return `${significant(seconds)}s`;
  if (seconds < 7200) return `${significant(seconds / 60)}m`;
  if (seconds < 172_800) return `${significant(seconds / 3600)}h`;
  return `${significant(seconds / 86_400)}d`;
}
