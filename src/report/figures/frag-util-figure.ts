// Fragmentation against RAM utilisation, so arms that run at different utilisation can be compared at the same
// utilisation: one dot per arm and time bin (the mean across replications), in two views side by side — free physical
// RAM against utilisation of usable physical RAM (the same definition on every platform), and the platform's own
// admission view against Nova's committed share.

import * as Plot from '@observablehq/plot';
import { formatCi, formatNumber } from '../format-number.js';
import { htmlTable } from '../html.js';
import { HALF_WIDTH_PX } from '../layout.js';
import { plotSvg } from '../render-svg.js';
import { binColumn, type TimeseriesIndex } from '../timeseries-bins.js';
import { figureHtml } from './figure-html.js';
import { legendFor, type ReportContext } from './report-context.js';

interface View {
  id: string;
  title: string;
  utilColumn: string;
  utilLabel: string;
  fragColumn: string;
  fragLabel: string;
}

const VIEWS: readonly View[] = [
  { id: 'physical', title: 'Physical view (every platform alike)', utilColumn: 'ram_util_physical',
    utilLabel: 'RAM used, % of usable physical RAM', fragColumn: 'frag_index', fragLabel: 'fragmentation, % of free physical RAM' },
  { id: 'admission', title: 'Admission view (as each platform admits)', utilColumn: 'ram_util_committed',
    utilLabel: "RAM committed, % of Nova's capacity", fragColumn: 'admission_frag_index', fragLabel: 'fragmentation, % of admissible free RAM' },
];

export function fragUtilFigure(ctx: ReportContext, index: TimeseriesIndex): string | null {
  if (index.times.length === 0) return null;
  if (!VIEWS.every((v) => index.table.has(v.utilColumn) && index.table.has(v.fragColumn))) return null;
  const arms = ctx.arms.filter((a) => index.rows.has(a));
  const charts: string[] = [];
  const averages = new Map<string, string[]>(arms.map((a) => [a, []]));
  for (const view of VIEWS) {
    const util = binColumn(index, view.utilColumn, 100);
    const frag = binColumn(index, view.fragColumn, 100);
    const points: { arm: string; util: number; frag: number }[] = [];
    for (const arm of arms) {
      const u = util.byArm.get(arm) ?? [], f = frag.byArm.get(arm) ?? [];
      u.forEach((m, b) => {
        if (m !== null && f[b] !== null && f[b] !== undefined) points.push({ arm, util: m.mean, frag: f[b]!.mean });
      });
      for (const series of [util, frag]) {
        const h = series.horizon.get(arm) ?? null;
        averages.get(arm)!.push(h === null ? '—' : formatCi(h.mean, Math.max(0, h.low), h.high));
      }
    }
    const means = arms.flatMap((arm) => {
      const u = util.horizon.get(arm) ?? null, f = frag.horizon.get(arm) ?? null;
      return u === null || f === null ? [] : [{ arm, util: u.mean, frag: f.mean }];
    });
    charts.push(plotSvg(
      ctx.document,
      {
        width: HALF_WIDTH_PX,
        height: 340,
        marginTop: 30,
        marginLeft: 64,
        marginRight: 20,
        marginBottom: 44,
        x: { label: view.utilLabel, labelAnchor: 'center', grid: true, nice: true, ticks: 5, tickFormat: (d: number) => formatNumber(d) },
        y: { label: view.fragLabel, labelAnchor: 'center', grid: true, nice: true, ticks: 5, domain: [0, Math.max(1, ...points.map((p) => p.frag))], tickFormat: (d: number) => formatNumber(d) },
        color: { domain: [...ctx.arms], range: [...ctx.colors] },
        marks: [
          Plot.frame({ stroke: '#ddd' }),
          Plot.dot(points, { x: 'util', y: 'frag', fill: 'arm', r: 2, fillOpacity: 0.5, className: 'mark-dot' }),
          // The time average of each arm, ringed, over its cloud.
          Plot.dot(means, { x: 'util', y: 'frag', stroke: 'arm', r: 6, strokeWidth: 2, fill: 'white', fillOpacity: 0.6, className: 'mark-mean' }),
          Plot.text([view.title], { frameAnchor: 'top-left', dy: -10, textAnchor: 'start', lineAnchor: 'bottom', fontWeight: 'bold', className: 'facet-label' }),
        ],
      },
      {
        id: `fig-frag-util-${view.id}-chart`,
        title: `Fragmentation against utilisation, ${view.id} view`,
        desc: `${view.title}: one dot per arm and time bin, ${view.fragLabel} against ${view.utilLabel}, means across replications; ringed dots are each arm's time average: ${means.map((m) => `${m.arm} ${formatNumber(m.util)} %, ${formatNumber(m.frag)} %`).join('; ')}.`,
      },
    ));
  }
  const table = htmlTable(
    'numbers',
    'Numbers behind "Fragmentation against utilisation": time averages, mean [95 % CI] across replications (source: timeseries.csv)',
    ['arm', 'RAM used, % of usable physical', 'fragmentation, % of free physical RAM', "RAM committed, % of Nova's capacity", 'fragmentation, % of admissible free RAM'],
    arms.map((arm) => [arm, ...averages.get(arm)!]),
  );
  return figureHtml({
    id: 'fig-frag-util',
    kind: 'scatter',
    title: 'Fragmentation against utilisation',
    note: 'Arms that run fuller fragment differently: read fragmentation at equal utilisation. Left: free physical RAM (physical − host reserve − failover-policy reserve − configured VM memory, per host) and utilisation of usable physical RAM, defined alike on every platform. Right: free RAM as each platform admits it (ESXi admits unreserved VMs against their overhead, so its hosts rarely look full) against the share of Nova\'s capacity allocated. Small dots: time bins; rings: time averages.',
    legend: legendFor(ctx, arms),
    charts,
    table,
    data: { column: VIEWS.map((v) => `${v.utilColumn},${v.fragColumn}`).join(',') },
  });
}
