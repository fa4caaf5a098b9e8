// Builds the whole report page from a results folder: a pure function of the folder's files, so the same CSVs
// give byte-identical HTML (the only times shown are the manifest's).

import { loadResults, type Results } from './load-results.js';
import { ecdfFigure } from './figures/ecdf-figure.js';
import { flavorFigure } from './figures/flavor-figure.js';
import { metricFigure } from './figures/metric-figure.js';
import type { ReportContext } from './figures/report-context.js';
import { parameterAxes, sweepFigure } from './figures/sweep-figure.js';
import { TIMESERIES_FIGURES, timeseriesFigure } from './figures/timeseries-figure.js';
import { formatCi, formatNumber } from './format-number.js';
import { escapeHtml, htmlTable } from './html.js';
import { HEADLINE_GROUPS, metricInfo } from './metric-catalog.js';
import { armColors } from './palette.js';
import { createChartDocument } from './render-svg.js';
import { REPORT_CSS } from './report-style.js';
import { indexTimeseries } from './timeseries-bins.js';

interface Section {
  id: string;
  title: string;
  html: string;
}

/** Metrics of the "at a glance" table, in order; the first of each alias list that exists is shown. */
const GLANCE_METRICS: readonly (readonly string[])[] = [
  ['rejection_rate'], ['mean_frag_index', 'frag_index'], ['mean_ram_util'], ['vm_downtime_h'], ['recovery_p95_s'],
  ['availability'], ['vms_lost'], ['vms_data_lost'],
];

/** Dotted paths of an arm's settings, e.g. "nova.ramAllocationRatio: 1.5". */
export function flattenSettings(value: unknown, prefix = ''): string[] {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return prefix === '' ? [] : [`${prefix}: {}`];
    return entries.flatMap(([key, v]) => flattenSettings(v, prefix === '' ? key : `${prefix}.${key}`));
  }
  return [`${prefix}: ${typeof value === 'string' ? value : JSON.stringify(value)}`];
}

function headerHtml(results: Results, colors: readonly string[]): string {
  const m = results.manifest;
  const items: [string, string][] = [
    ['Scenario', m.scenario],
    ['capsim version', m.capsimVersion ?? '—'],
    ['Scenario hash', m.scenarioHash ?? '—'],
    ['Seed', m.seed === null ? '—' : String(m.seed)],
    ['Replications', m.replications === null ? '—' : String(m.replications)],
    ['Wall time', m.wallTimeSeconds === null ? '—' : `${formatNumber(m.wallTimeSeconds)} s`],
    ['Node.js', m.nodeVersion ?? '—'],
    ['Command line', m.commandLine ?? '—'],
  ];
  if (m.sweep !== null) {
    items.push(['Sweep', `${m.sweep.points ?? '?'} points over ${m.sweep.parameters.join(', ')}`]);
  }
  const dl = items.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${k === 'Command line' || k === 'Scenario hash' ? `<code>${escapeHtml(v)}</code>` : escapeHtml(v)}</dd>`).join('');
  const settings = new Map(m.arms.map((a) => [a.name, a]));
  const armRows = results.arms.map((arm, i) => {
    const { name: _name, ...rest } = settings.get(arm) ?? { name: arm };
    const lines = flattenSettings(rest).map((line) => `<code>${escapeHtml(line)}</code>`).join('<br>');
    const role = arm === results.baseline ? ' (baseline)' : '';
    return `<tr><th scope="row"><span class="swatch-inline" style="color:${colors[i]}">■</span> ${escapeHtml(arm)}${role}</th><td>${lines || '—'}</td></tr>`;
  });
  return [
    '<header id="overview">',
    `<h1>capsim report: ${escapeHtml(m.scenario)}</h1>`,
    `<dl class="manifest">${dl}</dl>`,
    `<table id="arms" class="settings"><caption>Arms (the first is the baseline for paired differences) and their settings</caption><thead><tr><th scope="col">arm</th><th scope="col">settings</th></tr></thead><tbody>\n${armRows.join('\n')}\n</tbody></table>`,
    '</header>',
  ].join('\n');
}

function glanceHtml(results: Results): string {
  const metrics = GLANCE_METRICS.map((aliases) => aliases.find((a) => results.comparison.some((r) => r.metric === a))).filter(
    (m): m is string => m !== undefined,
  );
  if (metrics.length === 0) return '';
  const byKey = new Map(results.comparison.map((r) => [`${r.metric}\u0000${r.arm}`, r]));
  const rows = results.arms.map((arm) => [
    arm,
    ...metrics.map((metric) => {
      const r = byKey.get(`${metric}\u0000${arm}`);
      const { scale: s, digits } = metricInfo(metric);
      return r === undefined || r.mean === null ? '—' : formatCi(r.mean * s, r.low === null ? null : r.low * s, r.high === null ? null : r.high * s, digits);
    }),
  ]);
  const header = ['arm', ...metrics.map((m) => `${metricInfo(m).label} (${metricInfo(m).unit})`)];
  return htmlTable('numbers glance', 'Mean [95 % CI] over replications (source: comparison.csv)', header, rows);
}

function otherMetricsHtml(results: Results, plotted: ReadonlySet<string>): string {
  const rows = results.comparison
    .filter((r) => !plotted.has(r.metric))
    .map((r) => [r.metric, r.arm, formatNumber(r.mean), formatNumber(r.low), formatNumber(r.high), formatNumber(r.n), formatNumber(r.diffMean), formatNumber(r.diffLow), formatNumber(r.diffHigh)]);
  if (rows.length === 0) return '';
  return htmlTable(
    'numbers other-metrics',
    'Every other metric in comparison.csv, in its CSV units (units are in the names: _s, _h, _mib; rates are fractions)',
    ['metric', 'arm', 'mean', 'CI low', 'CI high', 'n', `diff. to ${results.baseline}`, 'diff. CI low', 'diff. CI high'],
    rows,
  );
}

function singleRunSections(results: Results, ctx: ReportContext): Section[] {
  const sections: Section[] = [];
  const glance = glanceHtml(results);
  if (glance !== '') sections.push({ id: 'at-a-glance', title: 'At a glance', html: glance });
  const headline = HEADLINE_GROUPS.map((g) => metricFigure(ctx, g, results.comparison)).filter((f): f is string => f !== null);
  if (headline.length > 0) sections.push({ id: 'headline-metrics', title: 'Headline metrics', html: headline.join('\n') });
  const flavors = results.flavors === null ? null : flavorFigure(ctx, results.flavors);
  if (flavors !== null) sections.push({ id: 'flavors', title: 'Flavors', html: flavors });
  if (results.timeseries !== null) {
    const index = indexTimeseries(results.timeseries);
    const figures = TIMESERIES_FIGURES.map((spec) => timeseriesFigure(ctx, index, spec)).filter((f): f is string => f !== null);
    if (figures.length > 0) sections.push({ id: 'over-time', title: 'Over time', html: figures.join('\n') });
  }
  const ecdf = results.vms === null ? null : ecdfFigure(ctx, results.vms);
  if (ecdf !== null) sections.push({ id: 'recovery', title: 'Recovery', html: ecdf });
  const plotted = new Set(HEADLINE_GROUPS.flatMap((g) => g.metrics));
  const other = otherMetricsHtml(results, plotted);
  if (other !== '') sections.push({ id: 'other-metrics', title: 'Other metrics', html: other });
  return sections;
}

function sweepSections(results: Results, ctx: ReportContext): Section[] {
  const axes = parameterAxes(results.sweepParameters, results.comparison);
  const points = htmlTable(
    'numbers sweep-parameters',
    'Varied parameters and their values',
    ['parameter', 'values'],
    axes.map((a) => [a.path, a.values.join(', ')]),
  );
  const present = new Set(results.comparison.map((r) => r.metric));
  const metrics = [...new Set(HEADLINE_GROUPS.flatMap((g) => g.metrics))].filter((m) => present.has(m));
  const sections: Section[] = [{ id: 'sweep-parameters', title: 'Sweep', html: points }];
  for (const metric of metrics) {
    const figures = axes.map((_, k) => sweepFigure(ctx, axes, metric, k, results.comparison)).filter((f): f is string => f !== null);
    if (figures.length > 0) sections.push({ id: `sweep-${metric.replaceAll('_', '-')}`, title: capitalise(metricInfo(metric).label), html: figures.join('\n') });
  }
  return sections;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function footerHtml(results: Results): string {
  const files = results.inputs.map((f) => `<li><code>${escapeHtml(f.file)}</code> — ${f.bytes} bytes, sha256 <code>${f.sha256.slice(0, 16)}</code></li>`);
  const sweepNote = results.manifest.sweep !== null ? '<p>Per-point timeseries, flavor and VM files of a sweep are checked but not plotted.</p>' : '';
  return `<footer id="inputs"><p>Made by <code>capsim report</code> from these files only; the same files give the same page, byte for byte.</p><ul>${files.join('')}</ul>${sweepNote}</footer>`;
}

/** Validates `dir` against the output contract and renders the report page (throws InputError on bad input). */
export function renderReport(dir: string): string {
  const results = loadResults(dir);
  const colors = armColors(results.arms);
  const ctx: ReportContext = { document: createChartDocument(), arms: results.arms, colors, baseline: results.baseline };
  const sections = results.manifest.sweep !== null ? sweepSections(results, ctx) : singleRunSections(results, ctx);
  const nav = `<nav id="contents" aria-label="contents"><ol>${sections.map((s) => `<li><a href="#${s.id}">${escapeHtml(s.title)}</a></li>`).join('')}</ol></nav>`;
  const body = sections.map((s) => `<section id="${s.id}">\n<h2>${escapeHtml(s.title)}</h2>\n${s.html}\n</section>`).join('\n');
  const version = results.manifest.capsimVersion ?? 'unknown';
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta name="generator" content="capsim ${escapeHtml(version)}">`,
    `<title>capsim report: ${escapeHtml(results.manifest.scenario)}</title>`,
    `<style>${REPORT_CSS}</style>`,
    '</head>',
    '<body>',
    headerHtml(results, colors),
    nav,
    '<main>',
    body,
    '</main>',
    footerHtml(results),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

