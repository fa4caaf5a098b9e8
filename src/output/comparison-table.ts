// The terminal table printed after `capsim run`: arms × key metrics, mean ± 95 % CI half-width.

import { estimate } from '../metrics/confidence-interval.js';
import type { RunResult } from '../experiment/run-result.js';

export const TABLE_METRICS = ['rejection_rate', 'mean_frag_index', 'vm_downtime_h', 'vms_lost', 'vms_data_lost', 'availability'] as const;

export function comparisonTable(results: readonly RunResult[], metrics: readonly string[] = TABLE_METRICS): string {
  const arms = [...new Set(results.map((r) => r.arm))];
  const header = ['arm', ...metrics];
  const rows = arms.map((arm) => [
    arm,
    ...metrics.map((metric) => {
      const e = estimate(results.filter((r) => r.arm === arm).map((r) => r.summary[metric]));
      if (e.n === 0) return '–';
      return e.n > 1 ? `${fmt(e.mean)} ± ${fmt(e.high - e.mean)}` : fmt(e.mean);
    }),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

function fmt(x: number): string {
  if (!Number.isFinite(x)) return '–';
  if (x === 0) return '0';
  const abs = Math.abs(x);
  if (abs >= 1000) return x.toFixed(0);
  if (abs >= 1) return x.toFixed(2);
  return x.toPrecision(3);
}
