// The markup shared by every figure: <figure id="fig-…" class="capsim-figure" data-kind=…>, a caption with the
// title and a note, an optional arm legend, the charts, and the numbers table below them.

import { escapeHtml } from '../html.js';

export interface FigureParts {
  /** the full element id, starting with "fig-" */
  id: string;
  kind: 'metric' | 'flavors' | 'timeseries' | 'scatter' | 'ecdf' | 'sweep';
  title: string;
  note: string;
  /** arms and their colours for an HTML legend (line charts); omitted where the axis names the arms */
  legend?: { arms: readonly string[]; colors: readonly string[] };
  charts: readonly string[];
  table: string;
  /** extra data-* attributes, e.g. { metrics: 'a,b' } */
  data?: Readonly<Record<string, string>>;
}

export function legendHtml(arms: readonly string[], colors: readonly string[]): string {
  const items = arms.map((arm, i) => `<li><span class="swatch" style="background:${colors[i]}"></span>${escapeHtml(arm)}</li>`);
  return `<ul class="legend" aria-label="arms">${items.join('')}</ul>`;
}

export function figureHtml(parts: FigureParts): string {
  const data = Object.entries(parts.data ?? {})
    .map(([key, value]) => ` data-${key}="${escapeHtml(value)}"`)
    .join('');
  return [
    `<figure id="${parts.id}" class="capsim-figure" data-kind="${parts.kind}"${data}>`,
    `<figcaption><h3>${escapeHtml(parts.title)}</h3><p class="note">${escapeHtml(parts.note)}</p></figcaption>`,
    parts.legend ? legendHtml(parts.legend.arms, parts.legend.colors) : '',
    `<div class="charts">${parts.charts.join('\n')}</div>`,
    parts.table,
    '</figure>',
  ]
    .filter((line) => line !== '')
    .join('\n');
}
