// Downtime per recovered VM (vms.csv, recoveries > 0): the empirical CDF per arm, pooled over replications.

import * as Plot from '@observablehq/plot';
import { quantileSorted } from 'd3-array';
import type { CsvTable } from '../csv-table.js';
import { formatNumber } from '../format-number.js';
import { htmlTable } from '../html.js';
import { plotSvg } from '../render-svg.js';
import { FULL_WIDTH_PX } from '../layout.js';
import { logTicks } from './log-ticks.js';
import { figureHtml } from './figure-html.js';
import { legendFor, type ReportContext } from './report-context.js';

export const ECDF_FIGURE_ID = 'fig-downtime-ecdf';
/** Steps drawn per arm at most; beyond that the curve is drawn through evenly spaced order statistics. */
export const MAX_ECDF_POINTS = 400;

/** Unit for a set of durations, from their median: seconds, minutes or hours. */
export function durationUnit(medianS: number): { label: string; seconds: number } {
  if (medianS >= 7200) return { label: 'h', seconds: 3600 };
  if (medianS >= 120) return { label: 'min', seconds: 60 };
  return { label: 's', seconds: 1 };
}

/** Recovered VMs' downtimes in seconds per arm, sorted ascending. */
export function recoveredDowntimes(vms: CsvTable): Map<string, number[]> {
  const [armCol, downCol, recCol] = ['arm', 'downtime_s', 'recoveries'].map((c) => vms.column(c));
  const byArm = new Map<string, number[]>();
  for (let r = 0; r < vms.length; r++) {
    const recoveries = vms.numOrNull(r, recCol);
    if (recoveries === null || recoveries <= 0) continue;
    const downtime = vms.numOrNull(r, downCol);
    if (downtime === null) continue;
    const arm = vms.str(r, armCol);
    if (!byArm.has(arm)) byArm.set(arm, []);
    byArm.get(arm)!.push(downtime);
  }
  for (const values of byArm.values()) values.sort((a, b) => a - b);
  return byArm;
}

/** ECDF vertices (x, share in %) including the jump from 0 at the smallest value, thinned to MAX_ECDF_POINTS. */
export function ecdfPoints(sorted: readonly number[]): { x: number; p: number }[] {
  const n = sorted.length;
  const picks = n <= MAX_ECDF_POINTS ? sorted.map((_, i) => i) : Array.from({ length: MAX_ECDF_POINTS }, (_, k) => Math.round((k * (n - 1)) / (MAX_ECDF_POINTS - 1)));
  return [{ x: sorted[0], p: 0 }, ...picks.map((i) => ({ x: sorted[i], p: ((i + 1) / n) * 100 }))];
}

export { logTicks } from './log-ticks.js';

export function ecdfFigure(ctx: ReportContext, vms: CsvTable): string | null {
  const byArm = recoveredDowntimes(vms);
  const arms = ctx.arms.filter((a) => (byArm.get(a)?.length ?? 0) > 0);
  if (arms.length === 0) return null;
  const all = arms.flatMap((a) => byArm.get(a)!).sort((a, b) => a - b);
  const unit = durationUnit(quantileSorted(all, 0.5)!);
  const logScale = all[0] > 0 && all[all.length - 1] / all[0] >= 50;
  const points = arms.flatMap((arm) => ecdfPoints(byArm.get(arm)!).map(({ x, p }) => ({ arm, x: x / unit.seconds, p })));
  const stats = arms.map((arm) => {
    const v = byArm.get(arm)!;
    const q = (p: number) => quantileSorted(v, p)! / unit.seconds;
    return { arm, n: v.length, p50: q(0.5), p90: q(0.9), p95: q(0.95), p99: q(0.99), max: v[v.length - 1] / unit.seconds };
  });
  const svg = plotSvg(
    ctx.document,
    {
      width: FULL_WIDTH_PX,
      height: 340,
      marginTop: 32,
      marginLeft: 50,
      marginBottom: 36,
      x: { type: logScale ? 'log' : 'linear', label: `downtime per recovered VM, ${unit.label}${logScale ? ' (log scale)' : ''}`, labelAnchor: 'center', grid: true, ...(logScale ? { ticks: logTicks(all[0] / unit.seconds, all[all.length - 1] / unit.seconds), tickFormat: (d: number) => formatNumber(d) } : {}) },
      y: { label: 'recovered VMs with at most this downtime, %', domain: [0, 100], grid: true },
      color: { domain: [...ctx.arms], range: [...ctx.colors] },
      marks: [
        Plot.lineY(points, { x: 'x', y: 'p', z: 'arm', stroke: 'arm', strokeWidth: 1.5, curve: 'step-after', className: 'mark-ecdf' }),
      ],
    },
    {
      id: `${ECDF_FIGURE_ID}-chart`,
      title: 'Downtime per recovered VM: empirical CDF',
      desc: `Step lines show, per arm, the share of recovered VMs (%) whose downtime (${unit.label}) was at most the value on the x axis, pooled over replications. Medians: ${stats.map((s) => `${s.arm} ${formatNumber(s.p50)} ${unit.label} (${s.n} VMs)`).join('; ')}.`,
    },
  );
  const table = htmlTable(
    'numbers',
    `Numbers behind "Downtime per recovered VM" (${unit.label}; source: vms.csv, VMs with recoveries > 0, pooled over replications)`,
    ['arm', 'recovered VMs', 'median', '90th pct.', '95th pct.', '99th pct.', 'max'],
    stats.map((s) => [s.arm, String(s.n), formatNumber(s.p50), formatNumber(s.p90), formatNumber(s.p95), formatNumber(s.p99), formatNumber(s.max)]),
  );
  return figureHtml({
    id: ECDF_FIGURE_ID,
    kind: 'ecdf',
    title: 'Downtime per recovered VM',
    note: 'Empirical CDF: a curve further left recovers VMs sooner. Only VMs that were recovered at least once are counted; lost VMs are in "Lost VMs and disks".',
    legend: legendFor(ctx, arms),
    charts: [svg],
    table,
    data: { arms: arms.join(',') },
  });
}
