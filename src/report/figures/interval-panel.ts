// Horizontal interval charts, one row per arm and one facet per metric (or flavor): means as bars (or dots) with
// 95 % CI whiskers, and paired differences to the baseline as dots with whiskers around a zero line.

import * as Plot from '@observablehq/plot';
import { formatCi, formatNumber } from '../format-number.js';
import { CHAR_PX, HALF_WIDTH_PX } from '../layout.js';
import { logTicks } from './log-ticks.js';
import { plotSvg } from '../render-svg.js';

export interface IntervalDatum {
  arm: string;
  facet: string;
  value: number;
  low: number | null;
  high: number | null;
}

export interface IntervalPanel {
  id: string;
  title: string;
  /** sentence that opens the <desc>; the values follow */
  summary: string;
  axisLabel: string;
  /** arms on the y axis, in order */
  arms: readonly string[];
  colors: readonly string[];
  /** all arms, to keep colours the same in every chart */
  colorDomain: readonly string[];
  facets: readonly string[];
  data: readonly IntervalDatum[];
  /** 'bar' starts at zero; 'dot' lets the axis zoom in; 'diff' adds a dashed zero line */
  style: 'bar' | 'dot' | 'diff';
  /** significant digits in the description */
  digits?: number;
  /** chart width in px (HALF_WIDTH_PX beside a second chart) */
  width?: number;
}

const ROW_PX = 26;

/** Two decades or more between the smallest and largest positive value: a linear axis would hide the small ones. */
export function spansDecades(values: readonly number[]): boolean {
  if (values.length === 0 || values.some((v) => !(v > 0))) return false;
  return Math.max(...values) / Math.min(...values) >= 100;
}

function describe(panel: IntervalPanel): string {
  const values = panel.data.map(
    (d) => `${panel.facets.length > 1 ? `${d.facet}, ` : ''}${d.arm}: ${formatCi(d.value, d.low, d.high, panel.digits)}`,
  );
  return `${panel.summary} ${values.join('; ')}.`;
}

function logTicksFor(data: readonly IntervalDatum[]): number[] {
  const values = data.flatMap((d) => [d.value, d.low ?? d.value, d.high ?? d.value]);
  const ticks = logTicks(Math.min(...values), Math.max(...values));
  // Over many decades keep only the powers of ten, so labels do not crowd.
  return ticks.length > 5 ? ticks.filter((t) => Number.isInteger(Math.log10(t))) : ticks;
}

export function intervalPanelSvg(document: Document, panel: IntervalPanel): string {
  // Means spanning decades (recovery in 1 min vs 800 min) go on a log axis, as dots: a bar has no zero to start at.
  const log = panel.style !== 'diff' && spansDecades(panel.data.map((d) => d.value));
  if (log) {
    const floor = Math.min(...panel.data.map((d) => d.value)) / 10;
    panel = {
      ...panel,
      style: 'dot',
      axisLabel: `${panel.axisLabel} (log scale)`,
      data: panel.data.map((d) => ({ ...d, low: d.low === null ? null : Math.max(d.low, floor), high: d.high })),
    };
  }
  const faceted = panel.facets.length > 1;
  const fy = faceted ? 'facet' : undefined;
  const withCi = panel.data.filter((d) => d.low !== null && d.high !== null);
  const longestArm = Math.max(...panel.arms.map((a) => a.length));
  const longestFacet = faceted ? Math.max(...panel.facets.map((f) => f.length)) : 0;
  const marks: Plot.Markish[] = [];
  if (panel.style === 'bar') {
    marks.push(Plot.barX(panel.data, { y: 'arm', x: 'value', fy, fill: 'arm', fillOpacity: 0.8, className: 'mark-mean' }));
    marks.push(Plot.ruleX([0]));
  } else {
    if (panel.style === 'diff') marks.push(Plot.ruleX([0], { strokeDasharray: '4,3', className: 'mark-zero' }));
  }
  const ciClass = panel.style === 'diff' ? 'mark-diff-ci' : 'mark-ci';
  marks.push(Plot.ruleY(withCi, { y: 'arm', x1: 'low', x2: 'high', fy, strokeWidth: 1.5, className: ciClass }));
  marks.push(Plot.tickX(withCi, { y: 'arm', x: 'low', fy, inset: 5, strokeWidth: 1.5, className: `${ciClass}-cap` }));
  marks.push(Plot.tickX(withCi, { y: 'arm', x: 'high', fy, inset: 5, strokeWidth: 1.5, className: `${ciClass}-cap` }));
  if (panel.style !== 'bar') {
    const dotClass = panel.style === 'diff' ? 'mark-diff' : 'mark-mean';
    marks.push(Plot.dot(panel.data, { y: 'arm', x: 'value', fy, fill: 'arm', stroke: 'currentColor', strokeWidth: 0.5, r: 4.5, className: dotClass }));
  }
  const rows = panel.arms.length * panel.facets.length;
  return plotSvg(
    document,
    {
      width: panel.width ?? HALF_WIDTH_PX,
      height: rows * ROW_PX + (faceted ? panel.facets.length * 12 : 0) + 54,
      marginLeft: Math.max(40, longestArm * CHAR_PX + 14),
      marginRight: faceted ? Math.max(20, longestFacet * CHAR_PX + 14) : 20,
      marginBottom: 36,
      marginTop: 10,
      x: log
        ? { type: 'log', label: panel.axisLabel, labelAnchor: 'center', grid: true, ticks: logTicksFor(panel.data), tickFormat: (d: number) => formatNumber(d) }
        : { label: panel.axisLabel, labelAnchor: 'center', grid: true, nice: true, tickFormat: (d: number) => formatNumber(d), ...(panel.style === 'bar' ? {} : { zero: panel.style === 'diff' }) },
      y: { domain: [...panel.arms], label: null },
      ...(faceted ? { fy: { domain: [...panel.facets], label: null } } : {}),
      color: { domain: [...panel.colorDomain], range: [...panel.colors] },
      marks,
    },
    { id: panel.id, title: panel.title, desc: describe(panel) },
  );
}
