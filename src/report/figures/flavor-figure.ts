// Rejection rate per flavor (flavors.csv): per arm the mean over replications with a 95 % CI, and the paired
// difference to the baseline (same replication, same flavor), one facet per flavor.

import type { CsvTable } from '../csv-table.js';
import { formatNumber } from '../format-number.js';
import { htmlTable } from '../html.js';
import { meanCi } from '../mean-ci.js';
import { figureHtml } from './figure-html.js';
import { type IntervalDatum, intervalPanelSvg } from './interval-panel.js';
import type { ReportContext } from './report-context.js';

export const FLAVOR_FIGURE_ID = 'fig-flavor-rejection';

export function flavorFigure(ctx: ReportContext, flavors: CsvTable): string | null {
  if (flavors.length === 0) return null;
  const [armCol, repCol, flavorCol, rateCol] = ['arm', 'replication', 'flavor', 'rejection_rate'].map((c) => flavors.column(c));
  const flavorNames: string[] = [];
  // flavor -> arm -> replication -> rate (%)
  const rates = new Map<string, Map<string, Map<string, number>>>();
  for (let r = 0; r < flavors.length; r++) {
    const flavor = flavors.str(r, flavorCol);
    const rate = flavors.numOrNull(r, rateCol);
    if (!rates.has(flavor)) {
      rates.set(flavor, new Map());
      flavorNames.push(flavor);
    }
    if (rate === null) continue;
    const byArm = rates.get(flavor)!;
    const arm = flavors.str(r, armCol);
    if (!byArm.has(arm)) byArm.set(arm, new Map());
    byArm.get(arm)!.set(flavors.str(r, repCol), rate * 100);
  }
  const means: IntervalDatum[] = [];
  const diffs: IntervalDatum[] = [];
  const tableRows: string[][] = [];
  for (const flavor of flavorNames) {
    const byArm = rates.get(flavor)!;
    const base = byArm.get(ctx.baseline);
    for (const arm of ctx.arms) {
      const reps = byArm.get(arm);
      if (reps === undefined) continue;
      const m = meanCi([...reps.values()]);
      if (m === null) continue;
      means.push({ arm, facet: flavor, value: m.mean, low: m.low, high: m.high });
      let d = null;
      if (arm !== ctx.baseline && base !== undefined) {
        const paired = [...reps].filter(([rep]) => base.has(rep)).map(([rep, v]) => v - base.get(rep)!);
        d = meanCi(paired);
        if (d !== null) diffs.push({ arm, facet: flavor, value: d.mean, low: d.low, high: d.high });
      }
      tableRows.push([
        flavor, arm, formatNumber(m.mean), formatNumber(m.low), formatNumber(m.high), String(m.n),
        formatNumber(d?.mean), formatNumber(d?.low), formatNumber(d?.high),
      ]);
    }
  }
  if (means.length === 0) return null;
  const title = 'Rejection rate per flavor';
  const unit = '% of the flavor\'s requests';
  const charts = [
    intervalPanelSvg(ctx.document, {
      id: `${FLAVOR_FIGURE_ID}-means`,
      title: `${title}: mean per arm`,
      summary: `Bars show the mean rejection rate (${unit}) per flavor and arm over the replications; whiskers show the 95 % confidence interval.`,
      axisLabel: `mean, ${unit}`,
      arms: ctx.arms,
      colors: ctx.colors,
      colorDomain: ctx.arms,
      facets: flavorNames,
      data: means,
      style: 'bar',
    }),
  ];
  const diffArms = ctx.arms.filter((a) => a !== ctx.baseline);
  if (diffArms.length > 0) {
    charts.push(
      intervalPanelSvg(ctx.document, {
        id: `${FLAVOR_FIGURE_ID}-diff`,
        title: `${title}: paired difference to ${ctx.baseline}`,
        summary: `Dots show each arm's mean paired difference in rejection rate to ${ctx.baseline} (percentage points) per flavor; whiskers show its 95 % confidence interval.`,
        axisLabel: `difference to ${ctx.baseline}, percentage points`,
        arms: diffArms,
        colors: ctx.colors,
        colorDomain: ctx.arms,
        facets: flavorNames,
        data: diffs,
        style: 'diff',
      }),
    );
  }
  const table = htmlTable(
    'numbers',
    `Numbers behind "${title}" (% of requests; source: flavors.csv, CIs over replications)`,
    ['flavor', 'arm', 'mean', 'CI low', 'CI high', 'n', `diff. to ${ctx.baseline}`, 'diff. CI low', 'diff. CI high'],
    tableRows,
  );
  return figureHtml({
    id: FLAVOR_FIGURE_ID,
    kind: 'flavors',
    title,
    note: 'Large flavors are the first to find no host with room: fragmentation shows here before it shows in the overall rate.',
    charts,
    table,
    data: { flavors: flavorNames.join(',') },
  });
}
