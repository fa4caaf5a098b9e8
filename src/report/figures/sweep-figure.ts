// Sweeps: one figure per (metric, varied parameter): the metric's mean against the parameter, one line per arm with
// its 95 % CI as a band; when more parameters vary, one row of the figure per combination of the others.

import * as Plot from '@observablehq/plot';
import { formatCi, formatNumber } from '../format-number.js';
import { CHAR_PX, FULL_WIDTH_PX, panelGrid } from '../layout.js';
import { htmlTable, slug } from '../html.js';
import type { ComparisonRow } from '../load-results.js';
import { metricInfo, shortUnit } from '../metric-catalog.js';
import { plotSvg } from '../render-svg.js';
import { figureHtml } from './figure-html.js';
import { legendFor, type ReportContext } from './report-context.js';

/** The values one parameter takes, in plotting order, and whether they are numbers. */
export interface ParameterAxis {
  path: string;
  numeric: boolean;
  values: readonly string[];
}

export function parameterAxes(parameters: readonly string[], rows: readonly ComparisonRow[]): ParameterAxis[] {
  return parameters.map((path, k) => {
    const seen: string[] = [];
    const known = new Set<string>();
    for (const row of rows) {
      if (!known.has(row.point[k])) {
        known.add(row.point[k]);
        seen.push(row.point[k]);
      }
    }
    const numeric = seen.length > 0 && seen.every((v) => v.trim() !== '' && Number.isFinite(Number(v)));
    const values = numeric ? [...seen].sort((a, b) => Number(a) - Number(b)) : seen;
    return { path, numeric, values };
  });
}

/** The arm a parameter path belongs to (arms[name].… or arms.name.…), or null for every arm (arms[*], others). */
export function armOfPath(path: string): string | null {
  const match = /^arms(?:\[([^\]]+)\]|\.([^.[]+))/.exec(path);
  const name = match?.[1] ?? match?.[2];
  return name === undefined || name === '*' || /^\d+$/.test(name) ? null : name;
}

/** Whether parameters k and j move together: each value of one goes with exactly one value of the other. */
export function linked(rows: readonly ComparisonRow[], k: number, j: number): boolean {
  const forward = new Map<string, string>();
  const backward = new Map<string, string>();
  for (const row of rows) {
    const a = row.point[k], b = row.point[j];
    if ((forward.get(a) ?? b) !== b || (backward.get(b) ?? a) !== a) return false;
    forward.set(a, b);
    backward.set(b, a);
  }
  return forward.size > 1;
}

export function sweepFigureId(metric: string, parameter: string): string {
  return `fig-sweep-${slug(metric)}-vs-${slug(parameter)}`;
}

const PANEL_HEIGHT_PX = 220;

/** A parameter path short enough for a panel label: its last segment, with the one before when that is generic. */
export function shortParameter(path: string): string {
  const segments = path.split('.');
  const last = segments[segments.length - 1];
  return last.length < 8 && segments.length > 1 ? `${segments[segments.length - 2]}.${last}` : last;
}

export function sweepFigure(
  ctx: ReportContext,
  axes: readonly ParameterAxis[],
  metric: string,
  k: number,
  rows: readonly ComparisonRow[],
): string | null {
  const metricRows = rows.filter((r) => r.metric === metric);
  if (metricRows.length === 0) return null;
  const info = metricInfo(metric);
  const axis = axes[k];
  // Parameters that move in step with this one (--zip) are not facets: they have one value per value of this one.
  const otherIndex = axes.map((_, j) => j).filter((j) => j !== k && !linked(rows, k, j));
  const others = otherIndex.map((j) => axes[j]);
  const own = armOfPath(axis.path);
  const facetOf = (row: ComparisonRow) => otherIndex.map((j) => row.point[j]).join(' · ');
  // Facets in the order of the other parameters' values (first parameter slowest).
  const rank = (row: ComparisonRow) => otherIndex.map((j) => axes[j].values.indexOf(row.point[j]));
  const facetKeys = new Map<string, number[]>();
  for (const row of metricRows) if (!facetKeys.has(facetOf(row))) facetKeys.set(facetOf(row), rank(row));
  const facets = [...facetKeys].sort((a, b) => compareRanks(a[1], b[1])).map(([key]) => key);
  const faceted = others.length > 0;
  const xOf = (value: string) => (axis.numeric ? Number(value) : value);
  // A parameter of one arm (arms[name].…) is plotted for that arm only: each arm against its own parameter.
  const arms = ctx.arms.filter((a) => (own === null || a === own) && metricRows.some((r) => r.arm === a && r.mean !== null));
  if (arms.length === 0) return null;
  const data = metricRows
    .filter((r) => r.mean !== null && arms.includes(r.arm))
    .map((r) => ({
      arm: r.arm,
      facet: facetOf(r),
      order: axis.values.indexOf(r.point[k]),
      x: xOf(r.point[k]),
      value: r.mean! * info.scale,
      low: r.low === null ? null : r.low * info.scale,
      high: r.high === null ? null : r.high * info.scale,
    }))
    .sort((a, b) => ctx.arms.indexOf(a.arm) - ctx.arms.indexOf(b.arm) || facets.indexOf(a.facet) - facets.indexOf(b.facet) || a.order - b.order);
  if (data.length === 0) return null;
  const id = sweepFigureId(metric, axis.path);
  const title = `${capitalise(info.label)} against ${axis.path}`;
  const otherLabel = others.map((o) => o.path).join(' · ');
  // Small multiples side by side (shared y axis), each labelled above its frame in plain text: no rotated facet labels.
  const grid = panelGrid(faceted ? facets.length : 1);
  const place = (facet: string) => ({ col: facets.indexOf(facet) % grid.columns, row: Math.floor(facets.indexOf(facet) / grid.columns) });
  const placed = data.map((d) => ({ ...d, ...place(d.facet) }));
  const facetLabel = (facet: string) => facet.split(' · ').map((v, j) => `${shortParameter(others[j].path)} = ${v}`).join(', ');
  const labels = faceted ? facets.map((facet) => ({ label: facetLabel(facet), ...place(facet) })) : [];
  const [rangeMin, rangeMax] = info.range;
  const clip = (v: number | null) => (v === null ? null : Math.min(rangeMax, Math.max(rangeMin, v)));
  const bands = placed.filter((d) => d.low !== null && d.high !== null).map((d) => ({ ...d, low: clip(d.low), high: clip(d.high) }));
  // The vertical label must fit the panel's height; the title already names the metric.
  const fullLabel = `${info.label}, ${shortUnit(info.unit)}`;
  const yLabel = fullLabel.length * CHAR_PX < PANEL_HEIGHT_PX - 20 ? fullLabel : shortUnit(info.unit);
  const facetChannels = faceted ? { fx: 'col', fy: 'row' } : {};
  const svg = plotSvg(
    ctx.document,
    {
      width: FULL_WIDTH_PX,
      height: grid.rows * PANEL_HEIGHT_PX + (faceted ? 30 : 10) + 48,
      marginTop: faceted ? 30 : 10,
      marginLeft: 72,
      marginRight: 24,
      marginBottom: 48,
      x: axis.numeric
        ? { label: axis.path, labelAnchor: 'center', grid: true, ticks: axis.values.map(Number), tickFormat: (d: number) => formatNumber(d) }
        : { type: 'point', domain: [...axis.values], label: axis.path, labelAnchor: 'center', grid: true },
      y: { label: yLabel, labelAnchor: 'center', grid: true, nice: true, tickFormat: (d: number) => formatNumber(d) },
      ...(faceted ? { fx: { axis: null, padding: 0.08 }, fy: { axis: null, padding: 0.2 } } : {}),
      color: { domain: [...ctx.arms], range: [...ctx.colors] },
      marks: [
        ...(faceted ? [Plot.frame({ stroke: '#ddd' })] : []),
        Plot.areaY(bands, { x: 'x', y1: 'low', y2: 'high', z: 'arm', ...facetChannels, fill: 'arm', fillOpacity: 0.15, className: 'mark-band' }),
        Plot.lineY(placed, { x: 'x', y: 'value', z: 'arm', ...facetChannels, stroke: 'arm', strokeWidth: 1.6, className: 'mark-line' }),
        Plot.dot(placed, { x: 'x', y: 'value', ...facetChannels, fill: 'arm', r: 3, className: 'mark-point' }),
        ...(faceted
          ? [Plot.text(labels, { fx: 'col', fy: 'row', text: 'label', frameAnchor: 'top-left', dy: -10, textAnchor: 'start', lineAnchor: 'bottom', fontWeight: 'bold', className: 'facet-label' })]
          : []),
      ],
    },
    {
      id: `${id}-chart`,
      title,
      desc: `Lines show the mean ${info.label} (${info.unit}) per arm at each value of ${axis.path}${faceted ? `, one panel per value of ${otherLabel}` : ''}; shaded bands show the 95 % confidence interval across replications (clipped to the quantity's range). ${data.length} points.`,
    },
  );
  const cell = new Map(data.map((d) => [`${d.facet}\u0000${d.order}\u0000${d.arm}`, d]));
  const tableRows: string[][] = [];
  for (const facet of facets) {
    axis.values.forEach((value, order) => {
      const cells = arms.map((arm) => {
        const d = cell.get(`${facet}\u0000${order}\u0000${arm}`);
        return d === undefined ? '—' : formatCi(d.value, d.low, d.high, info.digits);
      });
      if (cells.some((c) => c !== '—')) tableRows.push([...(faceted ? [facet] : []), value, ...cells]);
    });
  }
  const table = htmlTable(
    'numbers',
    `Numbers behind "${title}" (${info.unit}, mean [95 % CI]; source: comparison.csv)`,
    [...(faceted ? [otherLabel] : []), axis.path, ...arms],
    tableRows,
  );
  return figureHtml({
    id,
    kind: 'sweep',
    title,
    note: `${capitalise(info.label)} in ${info.unit}. Mean over replications at each sweep point; band: 95 % CI.${faceted ? ` One panel per value of ${otherLabel}.` : ''}`,
    legend: legendFor(ctx, arms),
    charts: [svg],
    table,
    data: { metric, parameter: axis.path },
  });
}

function compareRanks(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
