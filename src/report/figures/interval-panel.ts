// Horizontal interval charts, one row per arm and one facet per metric (or flavor): means as bars (or dots) with
// 95 % CI whiskers, and paired differences to the baseline as dots with whiskers around a zero line.

import * as Plot from '@observablehq/plot';
import { formatCi } from '../format-number.js';
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
}

const ROW_PX = 22;
const CHAR_PX = 6;

function describe(panel: IntervalPanel): string {
  const values = panel.data.map(
    (d) => `${panel.facets.length > 1 ? `${d.facet}, ` : ''}${d.arm}: ${formatCi(d.value, d.low, d.high, panel.digits)}`,
  );
  return `${panel.summary} ${values.join('; ')}.`;
}

export function intervalPanelSvg(document: Document, panel: IntervalPanel): string {
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
      width: 640,
      height: rows * ROW_PX + (faceted ? panel.facets.length * 10 : 0) + 50,
      marginLeft: Math.max(40, longestArm * CHAR_PX + 14),
      marginRight: faceted ? Math.max(20, longestFacet * CHAR_PX + 14) : 20,
      marginBottom: 36,
      x: { label: panel.axisLabel, labelAnchor: 'center', grid: true, nice: true, ...(panel.style === 'bar' ? {} : { zero: panel.style === 'diff' }) },
      y: { domain: [...panel.arms], label: null },
      ...(faceted ? { fy: { domain: [...panel.facets], label: null } } : {}),
      color: { domain: [...panel.colorDomain], range: [...panel.colors] },
      marks,
    },
    { id: panel.id, title: panel.title, desc: describe(panel) },
  );
}
