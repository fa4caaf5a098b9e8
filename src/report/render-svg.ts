// Runs Observable Plot against a server-side DOM and turns its output into accessible, compact, deterministic SVG
// markup: an id, role="img", <title> and <desc> first, coordinates rounded to 0.01 px.

import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';
import { CHART_FONT_PX } from './layout.js';

/** The DOM every chart of one report is built in; made fresh per report so no state leaks between reports. */
export function createChartDocument(): Document {
  return parseHTML('<!doctype html><html><head></head><body></body></html>').document as unknown as Document;
}

export interface SvgMeta {
  id: string;
  title: string;
  desc: string;
}

const GEOMETRY_ATTRIBUTES = ['x', 'y', 'x1', 'x2', 'y1', 'y2', 'cx', 'cy', 'r', 'width', 'height', 'd', 'transform', 'points'];
const DECIMAL = /-?\d*\.\d{3,}(?:e-?\d+)?/g;

function roundDecimals(text: string): string {
  return text.replace(DECIMAL, (match) => {
    const rounded = String(Math.round(Number(match) * 100) / 100);
    return rounded === '-0' ? '0' : rounded;
  });
}

/** Renders a plot and returns the svg element's markup. Options must not ask for a legend, title or caption. */
export function plotSvg(document: Document, options: Plot.PlotOptions, meta: SvgMeta): string {
  // Plot's default 10 px type is too small to read; max-width is dropped so a chart is never shrunk (its type with it)
  // below its own width: the page is laid out for the widths in layout.ts.
  const style = { fontSize: `${CHART_FONT_PX}px`, fontFamily: '"DejaVu Sans", system-ui, sans-serif', maxWidth: 'none' };
  const node = Plot.plot({ style, ...options, document });
  if (node.tagName.toLowerCase() !== 'svg') throw new Error(`plot ${meta.id} rendered a <${node.tagName}>, expected <svg>`);
  node.setAttribute('id', meta.id);
  node.setAttribute('role', 'img');
  node.setAttribute('aria-labelledby', `${meta.id}-title ${meta.id}-desc`);
  node.setAttribute('class', `${node.getAttribute('class') ?? ''} chart`.trim());
  const title = document.createElementNS('http://www.w3.org/2000/svg', 'title');
  title.setAttribute('id', `${meta.id}-title`);
  title.textContent = meta.title;
  const desc = document.createElementNS('http://www.w3.org/2000/svg', 'desc');
  desc.setAttribute('id', `${meta.id}-desc`);
  desc.textContent = meta.desc;
  node.insertBefore(desc, node.firstChild);
  node.insertBefore(title, node.firstChild);
  for (const element of Array.from(node.querySelectorAll('*'))) {
    for (const name of GEOMETRY_ATTRIBUTES) {
      const value = element.getAttribute(name);
      if (value !== null && value.includes('.')) element.setAttribute(name, roundDecimals(value));
    }
  }
  return node.outerHTML;
}
