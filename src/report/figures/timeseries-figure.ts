// One figure per timeseries.csv column of interest: per arm the mean across replications as a line, with its
// 95 % CI across replications as a band.

import * as Plot from '@observablehq/plot';
import { formatCi, formatNumber } from '../format-number.js';
import { htmlTable } from '../html.js';
import { plotSvg } from '../render-svg.js';
import { binColumn, type TimeseriesIndex } from '../timeseries-bins.js';
import { figureHtml } from './figure-html.js';
import { legendFor, type ReportContext } from './report-context.js';

export interface TimeseriesSpec {
  /** figure id is `fig-ts-${id}` */
  id: string;
  column: string;
  title: string;
  unit: string;
  scale: number;
  note: string;
}

const GIB = 1 / 1024;

export const TIMESERIES_FIGURES: readonly TimeseriesSpec[] = [
  { id: 'running-vms', column: 'running_vms', title: 'Running VMs', unit: 'VMs', scale: 1, note: 'VMs placed and running.' },
  { id: 'down-vms', column: 'down_vms', title: 'VMs down', unit: 'VMs', scale: 1, note: 'VMs whose host failed and that have not yet been recovered.' },
  { id: 'ram-free', column: 'ram_free_mib', title: 'Free RAM (real hosts)', unit: 'GiB', scale: GIB, note: 'Free RAM summed over hosts that are up.' },
  { id: 'nova-visible-free-ram', column: 'nova_visible_free_ram_mib', title: 'Free RAM as Nova sees it', unit: 'GiB', scale: GIB, note: 'Free RAM summed over compute nodes as reported to Nova; above the real free RAM when clusters are seen as one node.' },
  { id: 'largest-free-ram', column: 'largest_free_ram_mib', title: 'Largest free RAM on one host', unit: 'GiB', scale: GIB, note: 'The largest VM that could still fit on any single host.' },
  { id: 'frag-index', column: 'frag_index', title: 'Fragmentation index', unit: '% of free RAM', scale: 100, note: 'Free RAM stranded on hosts where requested flavors do not fit, weighted by flavor share.' },
  { id: 'stranded-ram', column: 'stranded_ram_frac', title: 'Stranded RAM', unit: '% of free RAM', scale: 100, note: 'Free RAM on hosts where no flavor of the mix fits.' },
];

const TABLE_ROWS = 12;

/** Time axis in days for horizons over two days, else hours. */
export function timeUnit(maxTimeS: number): { label: string; seconds: number } {
  return maxTimeS > 2 * 86400 ? { label: 'd', seconds: 86400 } : { label: 'h', seconds: 3600 };
}

export function timeseriesFigure(ctx: ReportContext, index: TimeseriesIndex, spec: TimeseriesSpec): string | null {
  if (index.times.length === 0) return null;
  const binned = binColumn(index, spec.column, spec.scale);
  const unit = timeUnit(index.times[index.times.length - 1]);
  const arms = ctx.arms.filter((a) => binned.byArm.has(a));
  const points: { arm: string; t: number; value: number; low: number; high: number }[] = [];
  for (const arm of arms) {
    binned.byArm.get(arm)!.forEach((m, b) => {
      if (m !== null) points.push({ arm, t: binned.timesS[b] / unit.seconds, value: m.mean, low: m.low, high: m.high });
    });
  }
  const id = `fig-ts-${spec.id}`;
  const horizonText = arms.map((a) => {
    const h = binned.horizon.get(a) ?? null;
    return `${a}: ${formatCi(h?.mean ?? null, h?.low ?? null, h?.high ?? null)}`;
  });
  const replications = Math.max(...arms.map((a) => index.rows.get(a)!.size));
  const svg = plotSvg(
    ctx.document,
    {
      width: 640,
      height: 300,
      marginLeft: 56,
      marginBottom: 36,
      x: { label: `time, ${unit.label}`, labelAnchor: 'center', nice: false },
      y: { label: `${spec.title}, ${spec.unit}`, grid: true, nice: true },
      color: { domain: [...ctx.arms], range: [...ctx.colors] },
      marks: [
        Plot.areaY(points, { x: 't', y1: 'low', y2: 'high', z: 'arm', fill: 'arm', fillOpacity: 0.2, className: 'mark-band' }),
        Plot.lineY(points, { x: 't', y: 'value', z: 'arm', stroke: 'arm', strokeWidth: 1.5, className: 'mark-line' }),
      ],
    },
    {
      id: `${id}-chart`,
      title: `${spec.title} over time`,
      desc: `Lines show ${spec.title.toLowerCase()} (${spec.unit}) per arm over time (${unit.label}), the mean across ${replications} replications; shaded bands show the 95 % confidence interval. Time-averaged over the horizon: ${horizonText.join('; ')}.`,
    },
  );
  const bins = binned.timesS.length;
  const picks = [...new Set(Array.from({ length: Math.min(TABLE_ROWS, bins) }, (_, k) => Math.round((k * (bins - 1)) / Math.max(1, Math.min(TABLE_ROWS, bins) - 1))))];
  const rows = picks.map((b) => [
    formatNumber(binned.timesS[b] / unit.seconds),
    ...arms.map((a) => {
      const m = binned.byArm.get(a)![b];
      return m === null ? '—' : formatCi(m.mean, m.low, m.high);
    }),
  ]);
  rows.push(['whole horizon (time average)', ...arms.map((a) => {
    const h = binned.horizon.get(a) ?? null;
    return formatCi(h?.mean ?? null, h?.low ?? null, h?.high ?? null);
  })]);
  const table = htmlTable(
    'numbers',
    `Numbers behind "${spec.title}" (${spec.unit}, mean [95 % CI] across replications, at ${picks.length} of ${bins} plotted times; every sample is in timeseries.csv)`,
    [`time, ${unit.label}`, ...arms],
    rows,
  );
  return figureHtml({
    id,
    kind: 'timeseries',
    title: `${spec.title} over time`,
    note: `${spec.note} Line: mean across replications; band: 95 % CI.`,
    legend: legendFor(ctx, arms),
    charts: [svg],
    table,
    data: { column: spec.column },
  });
}
