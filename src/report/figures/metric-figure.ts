// A headline-metric figure for a single run: per arm the mean with its 95 % CI (left chart) and the paired
// difference to the baseline arm with its CI (right chart), one facet per metric of the group, from comparison.csv.

import { formatNumber } from '../format-number.js';
import { htmlTable } from '../html.js';
import type { ComparisonRow } from '../load-results.js';
import { clipToRange, type MetricGroup, metricInfo, shortUnit } from '../metric-catalog.js';
import { figureHtml } from './figure-html.js';
import { type IntervalDatum, intervalPanelSvg } from './interval-panel.js';
import type { ReportContext } from './report-context.js';

const scaled = (value: number | null, scale: number) => (value === null ? null : value * scale);

/** The figure's markup, or null when comparison.csv has none of the group's metrics. */
export function metricFigure(ctx: ReportContext, group: MetricGroup, rows: readonly ComparisonRow[]): string | null {
  const metrics = group.metrics.filter((m) => rows.some((r) => r.metric === m));
  if (metrics.length === 0) return null;
  const infos = metrics.map(metricInfo);
  // Panels of one figure share an axis, so they share a unit; where the units differ (utilisation against two
  // denominators) each facet names its own.
  const sameUnit = infos.every((i) => i.unit === infos[0].unit);
  const unit = sameUnit ? infos[0].unit : infos[0].unit.split(' ')[0];
  const facets = infos.map((i) => i.label);
  const unitsNote = sameUnit
    ? (shortUnit(unit) === unit ? '' : ` Unit: ${unit}.`)
    : ` Units: ${infos.map((i) => `${i.label} in ${i.unit}`).join('; ')}.`;
  const axisUnit = shortUnit(unit);
  const byKey = new Map(rows.map((r) => [`${r.metric}\u0000${r.arm}`, r]));
  const means: IntervalDatum[] = [];
  const diffs: IntervalDatum[] = [];
  const tableRows: string[][] = [];
  metrics.forEach((metric, k) => {
    const { scale, digits } = infos[k];
    const label = facets[k];
    const f = (value: number | null) => formatNumber(scaled(value, scale), digits);
    for (const arm of ctx.arms) {
      const r = byKey.get(`${metric}\u0000${arm}`);
      if (r === undefined) continue;
      const [low, high] = clipToRange(infos[k], scaled(r.low, scale), scaled(r.high, scale));
      if (r.mean !== null) means.push({ arm, facet: label, value: r.mean * scale, low, high });
      if (arm !== ctx.baseline && r.diffMean !== null) {
        diffs.push({ arm, facet: label, value: r.diffMean * scale, low: scaled(r.diffLow, scale), high: scaled(r.diffHigh, scale) });
      }
      tableRows.push([
        label, arm, f(r.mean), formatNumber(low, digits), formatNumber(high, digits), formatNumber(r.n), f(r.diffMean), f(r.diffLow), f(r.diffHigh),
      ]);
    }
  });
  const id = `fig-${group.id}`;
  const style = infos.every((i) => i.zero) ? 'bar' : 'dot';
  const charts = [
    intervalPanelSvg(ctx.document, {
      id: `${id}-means`,
      title: `${group.title}: mean per arm`,
      summary: `${style === 'bar' ? 'Bars' : 'Dots'} show the mean ${facets.join(' / ')} (${unit}) per arm over the replications; whiskers show the 95 % confidence interval, clipped to the quantity's range.`,
      axisLabel: `mean, ${axisUnit}`,
      arms: ctx.arms,
      colors: ctx.colors,
      colorDomain: ctx.arms,
      facets,
      data: means,
      style,
      digits: Math.max(...infos.map((i) => i.digits)),
    }),
  ];
  const diffArms = ctx.arms.filter((a) => a !== ctx.baseline);
  if (diffArms.length > 0) {
    charts.push(
      intervalPanelSvg(ctx.document, {
        id: `${id}-diff`,
        title: `${group.title}: paired difference to ${ctx.baseline}`,
        summary: `Dots show each arm's mean paired difference to the baseline arm ${ctx.baseline} (${unit}, same replications); whiskers show its 95 % confidence interval. Zero means no difference.`,
        axisLabel: `difference to ${ctx.baseline}, ${axisUnit}`,
        arms: diffArms,
        colors: ctx.colors,
        colorDomain: ctx.arms,
        facets,
        data: diffs,
        style: 'diff',
      }),
    );
  }
  const table = htmlTable(
    'numbers',
    `Numbers behind "${group.title}" (${unit}; source: comparison.csv)`,
    ['metric', 'arm', 'mean', 'CI low', 'CI high', 'n', `diff. to ${ctx.baseline}`, 'diff. CI low', 'diff. CI high'],
    tableRows,
  );
  return figureHtml({
    id,
    kind: 'metric',
    title: group.title,
    note: `${group.note}${unitsNote} ${diffArms.length > 0 ? `Left: mean per arm with 95 % CI whiskers. Right: paired difference to ${ctx.baseline}.` : 'Mean with 95 % CI whiskers.'}`,
    charts,
    table,
    data: { metrics: metrics.join(',') },
  });
}
