// One figure per timeseries.csv column of interest: per arm the mean across replications as a line, with its
// 95 % CI across replications as a band.

import * as Plot from '@observablehq/plot';
import { formatCi, formatNumber } from '../format-number.js';
import { htmlTable } from '../html.js';
import { FULL_WIDTH_PX, panelGrid } from '../layout.js';
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
  /** largest possible value in shown units (100 for percentages): bands are clipped to [0, max] */
  max?: number;
}

const GIB = 1 / 1024;

export const TIMESERIES_FIGURES: readonly TimeseriesSpec[] = [
  { id: 'running-vms', column: 'running_vms', title: 'Running VMs', unit: 'VMs', scale: 1, note: 'VMs placed and running.' },
  { id: 'down-vms', column: 'down_vms', title: 'VMs down', unit: 'VMs', scale: 1, note: 'VMs whose host failed and that have not yet been recovered.' },
  { id: 'ram-free', column: 'ram_free_mib', title: 'Free RAM (real hosts)', unit: 'GiB', scale: GIB, note: 'Free RAM summed over hosts that are up.' },
  { id: 'nova-visible-free-ram', column: 'nova_visible_free_ram_mib', title: 'Free RAM as Nova sees it', unit: 'GiB', scale: GIB, note: 'Free RAM summed over compute nodes as reported to Nova; above the real free RAM when clusters are seen as one node.' },
  { id: 'largest-free-ram', column: 'largest_free_ram_mib', title: 'Largest free RAM on one host', unit: 'GiB', scale: GIB, note: 'The largest VM that could still fit on any single host.' },
  { id: 'frag-index', column: 'frag_index', title: 'Fragmentation index', unit: '% of free RAM', scale: 100, max: 100, note: 'Free RAM stranded on hosts where requested flavors do not fit, weighted by flavor share.' },
  { id: 'stranded-ram', column: 'stranded_ram_frac', title: 'Stranded RAM', unit: '% of free RAM', scale: 100, max: 100, note: 'Free RAM on hosts where no flavor of the mix fits.' },
];

const TABLE_ROWS = 12;
const PANEL_HEIGHT_PX = 190;


/** Time axis in days for horizons over two days, else hours. */
export function timeUnit(maxTimeS: number): { label: string; seconds: number } {
  return maxTimeS > 2 * 86400 ? { label: 'd', seconds: 86400 } : { label: 'h', seconds: 3600 };
}

export function timeseriesFigure(ctx: ReportContext, index: TimeseriesIndex, spec: TimeseriesSpec): string | null {
  if (index.times.length === 0) return null;
  const binned = binColumn(index, spec.column, spec.scale);
  const unit = timeUnit(index.times[index.times.length - 1]);
  const arms = ctx.arms.filter((a) => binned.byArm.has(a));
  // Every quantity plotted here is a count, an amount of RAM or a share: bands are clipped to [0, max].
  const clip = (v: number) => Math.min(spec.max ?? Number.POSITIVE_INFINITY, Math.max(0, v));
  const grid = panelGrid(arms.length);
  const place = (arm: string) => ({ col: arms.indexOf(arm) % grid.columns, row: Math.floor(arms.indexOf(arm) / grid.columns) });
  const points: { arm: string; t: number; value: number; low: number; high: number; col: number; row: number }[] = [];
  for (const arm of arms) {
    binned.byArm.get(arm)!.forEach((m, b) => {
      if (m !== null) points.push({ arm, t: binned.timesS[b] / unit.seconds, value: m.mean, low: clip(m.low), high: clip(m.high), ...place(arm) });
    });
  }
  const reference = points.filter((p) => p.arm === ctx.baseline).map(({ t, value }) => ({ t, value }));
  const labels = arms.map((arm) => ({ arm, label: arm === ctx.baseline ? `${arm} (baseline)` : arm, ...place(arm) }));
  const id = `fig-ts-${spec.id}`;
  const horizonText = arms.map((a) => {
    const h = binned.horizon.get(a) ?? null;
    return `${a}: ${h === null ? '—' : formatCi(h.mean, clip(h.low), clip(h.high))}`;
  });
  const replications = Math.max(...arms.map((a) => index.rows.get(a)!.size));
  const svg = plotSvg(
    ctx.document,
    {
      width: FULL_WIDTH_PX,
      height: grid.rows * PANEL_HEIGHT_PX + 30 + 44,
      marginTop: 30,
      marginLeft: 72,
      marginRight: 16,
      marginBottom: 44,
      x: { label: `time, ${unit.label}`, labelAnchor: 'center', nice: false, ticks: 4 },
      y: { label: `${spec.title}, ${spec.unit}`, labelAnchor: 'center', grid: true, nice: true, ticks: 4, tickFormat: (d: number) => formatNumber(d) },
      fx: { axis: null, padding: 0.08 },
      fy: { axis: null, padding: 0.2 },
      color: { domain: [...ctx.arms], range: [...ctx.colors] },
      marks: [
        Plot.frame({ stroke: '#ddd' }),
        // The baseline in grey in every panel, so each arm is read against it without overlapping lines.
        ...(reference.length > 0 && arms.length > 1 ? [Plot.lineY(reference, { x: 't', y: 'value', stroke: '#9a9a9a', strokeWidth: 1.2, className: 'mark-reference' })] : []),
        Plot.areaY(points, { x: 't', y1: 'low', y2: 'high', z: 'arm', fx: 'col', fy: 'row', fill: 'arm', fillOpacity: 0.2, className: 'mark-band' }),
        Plot.lineY(points, { x: 't', y: 'value', z: 'arm', fx: 'col', fy: 'row', stroke: 'arm', strokeWidth: 1.6, className: 'mark-line' }),
        Plot.text(labels, { fx: 'col', fy: 'row', text: 'label', frameAnchor: 'top-left', dy: -10, textAnchor: 'start', lineAnchor: 'bottom', fontWeight: 'bold', fill: 'arm', className: 'facet-label' }),
      ],
    },
    {
      id: `${id}-chart`,
      title: `${spec.title} over time`,
      desc: `One panel per arm: ${spec.title.toLowerCase()} (${spec.unit}) over time (${unit.label}), the mean across ${replications} replications as a line, the 95 % confidence interval as a band (clipped to the quantity's range)${arms.length > 1 ? `; the grey line in every panel is the baseline ${ctx.baseline}` : ''}. Time-averaged over the horizon: ${horizonText.join('; ')}.`,
    },
  );
  const bins = binned.timesS.length;
  const picks = [...new Set(Array.from({ length: Math.min(TABLE_ROWS, bins) }, (_, k) => Math.round((k * (bins - 1)) / Math.max(1, Math.min(TABLE_ROWS, bins) - 1))))];
  const rows = picks.map((b) => [
    formatNumber(binned.timesS[b] / unit.seconds),
    ...arms.map((a) => {
      const m = binned.byArm.get(a)![b];
      return m === null ? '—' : formatCi(m.mean, clip(m.low), clip(m.high));
    }),
  ]);
  rows.push(['whole horizon (time average)', ...arms.map((a) => {
    const h = binned.horizon.get(a) ?? null;
    return h === null ? '—' : formatCi(h.mean, clip(h.low), clip(h.high));
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
    note: `${spec.note} One panel per arm; line: mean across replications; band: 95 % CI${arms.length > 1 ? `; grey: the baseline ${ctx.baseline}` : ''}.`,
    legend: legendFor(ctx, arms),
    charts: [svg],
    table,
    data: { column: spec.column },
  });
}
