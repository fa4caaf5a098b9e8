// Builds the whole report page from a results folder: a pure function of the folder's files, so the same CSVs
// give byte-identical HTML (the only times shown are the manifest's).

import { type ComparisonRow, loadResults, type Results } from './load-results.js';
import { ecdfFigure } from './figures/ecdf-figure.js';
import { flavorFigure } from './figures/flavor-figure.js';
import { fragUtilFigure } from './figures/frag-util-figure.js';
import { metricFigure } from './figures/metric-figure.js';
import type { ReportContext } from './figures/report-context.js';
import { armOfPath, type ParameterAxis, parameterAxes, shortParameter, sweepFigure } from './figures/sweep-figure.js';
import { TIMESERIES_FIGURES, timeseriesFigure } from './figures/timeseries-figure.js';
import { formatCi, formatNumber } from './format-number.js';
import { escapeHtml, htmlTable } from './html.js';
import { clipToRange, HEADLINE_GROUPS, metricInfo, shortUnit } from './metric-catalog.js';
import { armColors } from './palette.js';
import { createChartDocument } from './render-svg.js';
import { REPORT_CSS } from './report-style.js';
import { findingsHtml } from './findings.js';
import { humaniseDuration, settingsLinesHtml } from './settings-html.js';
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

export { flattenSettings } from './settings-html.js';

/** The one line under the title: what ran, so the findings below can be read without opening the settings. */
function ledeHtml(results: Results): string {
  const m = results.manifest;
  const parts = [
    `${results.arms.length} arm${results.arms.length === 1 ? '' : 's'}`,
    m.replications === null ? null : `${m.replications} replication${m.replications === 1 ? '' : 's'} each`,
    m.horizonSeconds === null ? null : `${humaniseDuration(m.horizonSeconds)} simulated`,
    m.seed === null ? null : `seed ${m.seed}`,
    m.sweep === null ? null : `sweep of ${m.sweep.points ?? '?'} points over ${m.sweep.parameters.join(', ')}`,
    `baseline ${results.baseline}`,
  ].filter((p): p is string => p !== null);
  return `<p class="lede">${escapeHtml(parts.join(' · '))}</p>`;
}

function headerHtml(results: Results): string {
  return ['<header id="overview">', `<h1>capsim report: ${escapeHtml(results.manifest.scenario)}</h1>`, ledeHtml(results), '</header>'].join('\n');
}

/** Run facts, arms and the rest of the resolved scenario, in a collapsed <details>: looked up, not read first. */
function settingsHtml(results: Results, colors: readonly string[]): string {
  const m = results.manifest;
  const items: [string, string][] = [
    ['Scenario', m.scenario],
    ['capsim version', m.capsimVersion ?? '—'],
    ['Source revision', m.revision ?? '—'],
    ['Scenario hash', m.scenarioHash ?? '—'],
    ['Seed', m.seed === null ? '—' : String(m.seed)],
    ['Replications', m.replications === null ? '—' : String(m.replications)],
    ['Horizon', m.horizonSeconds === null ? '—' : humaniseDuration(m.horizonSeconds)],
    ['Wall time', m.wallTimeSeconds === null ? '—' : humaniseDuration(Number(m.wallTimeSeconds.toPrecision(3)))],
    ['Node.js', m.nodeVersion ?? '—'],
    ['Command line', m.commandLine ?? '—'],
  ];
  if (m.sweep !== null) {
    items.push(['Sweep', `${m.sweep.points ?? '?'} points over ${m.sweep.parameters.join(', ')}`]);
  }
  const code = new Set(['Command line', 'Scenario hash', 'Source revision']);
  const dl = items.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${code.has(k) ? `<code>${escapeHtml(v)}</code>` : escapeHtml(v)}</dd>`).join('');
  const resolvedArms = Array.isArray(m.resolved?.arms) ? (m.resolved!.arms as { name?: unknown }[]) : [];
  const settings = new Map<string, object>(m.arms.map((a) => [a.name, a]));
  for (const arm of resolvedArms) if (typeof arm.name === 'string') settings.set(arm.name, arm);
  const armRows = results.arms.map((arm, i) => {
    const { name: _name, ...rest } = (settings.get(arm) ?? { name: arm }) as { name: string };
    const role = arm === results.baseline ? ' (baseline)' : '';
    return `<tr><th scope="row"><span class="swatch-inline" style="color:${colors[i]}">■</span> ${escapeHtml(arm)}${role}</th><td>${settingsLinesHtml(rest) || '—'}</td></tr>`;
  });
  const parts = [
    `<dl class="manifest">${dl}</dl>`,
    `<table id="arms" class="settings"><caption>Arms (the first is the baseline for paired differences) and their settings${m.resolved !== null ? ', every default filled in' : ''}</caption><thead><tr><th scope="col">arm</th><th scope="col">settings</th></tr></thead><tbody>\n${armRows.join('\n')}\n</tbody></table>`,
  ];
  if (m.resolved !== null) {
    const { arms: _arms, ...scenario } = m.resolved;
    const rows = Object.entries(scenario).map(([key, value]) => `<tr><th scope="row">${escapeHtml(key)}</th><td>${settingsLinesHtml({ [key]: value }) || '—'}</td></tr>`);
    parts.push(`<table id="scenario-settings" class="settings"><caption>Scenario (shared by every arm; from manifest.json "resolved")</caption><thead><tr><th scope="col">field</th><th scope="col">value</th></tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>`);
  }
  return `<details id="settings-details"><summary>Scenario, arms and run facts (durations humanised; sizes in the units their names give)</summary>\n${parts.join('\n')}\n</details>`;
}

function glanceHtml(results: Results): string {
  const metrics = glanceMetrics(results);
  if (metrics.length === 0) return '';
  const byKey = new Map(results.comparison.map((r) => [`${r.metric}\u0000${r.arm}`, r]));
  const rows = results.arms.map((arm) => [
    arm,
    ...metrics.map((metric) => {
      const r = byKey.get(`${metric}\u0000${arm}`);
      return r === undefined ? '—' : shownCi(metric, r);
    }),
  ]);
  const header = ['arm', ...metrics.map((m) => `${metricInfo(m).label} (${metricInfo(m).unit})`)];
  return htmlTable('numbers glance', 'Mean [95 % CI] over replications, intervals clipped to each quantity\'s range (source: comparison.csv)', header, rows);
}

/** "mean [low, high]" in shown units, the interval clipped to the quantity's range. */
function shownCi(metric: string, r: ComparisonRow): string {
  const info = metricInfo(metric);
  const s = info.scale;
  if (r.mean === null) return 'n/a';
  const [low, high] = clipToRange(info, r.low === null ? null : r.low * s, r.high === null ? null : r.high * s);
  return formatCi(r.mean * s, low, high, info.digits);
}

function glanceMetrics(results: Results): string[] {
  return GLANCE_METRICS.map((aliases) => aliases.find((a) => results.comparison.some((r) => r.metric === a))).filter(
    (m): m is string => m !== undefined,
  );
}

/** Sweeps: one row per (point, arm) with the headline metrics, so the whole sweep can be read in one table. */
function sweepSummaryHtml(results: Results, axes: readonly ParameterAxis[]): string {
  const metrics = glanceMetrics(results);
  const byKey = new Map(results.comparison.map((r) => [`${r.point.join('\u0000')}\u0001${r.arm}\u0001${r.metric}`, r]));
  const points = [...new Map(results.comparison.map((r) => [r.point.join('\u0000'), r.point])).values()];
  const rank = (point: readonly string[]) => point.map((v, k) => axes[k].values.indexOf(v));
  points.sort((a, b) => {
    const ra = rank(a), rb = rank(b);
    for (let k = 0; k < ra.length; k++) if (ra[k] !== rb[k]) return ra[k] - rb[k];
    return 0;
  });
  const rows: string[][] = [];
  for (const point of points) {
    for (const arm of results.arms) {
      const cells = metrics.map((metric) => {
        const r = byKey.get(`${point.join('\u0000')}\u0001${arm}\u0001${metric}`);
        return r === undefined ? '—' : shownCi(metric, r);
      });
      if (cells.every((c) => c === '—')) continue;
      // A parameter of another arm (arms[name].…) does not apply to this row's arm.
      rows.push([arm, ...point.map((v, k) => (armOfPath(axes[k].path) ?? arm) === arm ? v : '·'), ...cells]);
    }
  }
  const header = ['arm', ...axes.map((a) => shortParameter(a.path)), ...metrics.map((m) => `${metricInfo(m).label} (${shortUnit(metricInfo(m).unit)})`)];
  const legend = `Parameters: ${axes.map((a) => `${shortParameter(a.path)} = ${a.path}`).join('; ')}; · marks another arm's parameter. Units in full: ${metrics.map((m) => `${metricInfo(m).label} in ${metricInfo(m).unit}`).join('; ')}.`;
  // A sweep with many parameters makes a wide table: it scrolls inside its box rather than widening the page.
  return `<p class="note">${escapeHtml(legend)}</p>\n<div class="table-scroll">${htmlTable('numbers sweep-summary', 'Mean [95 % CI] over replications at every sweep point (source: comparison.csv)', header, rows)}</div>`;
}

function otherMetricsHtml(results: Results, plotted: ReadonlySet<string>): string {
  const rows = results.comparison
    .filter((r) => !plotted.has(r.metric))
    .map((r) => {
      // An empty mean is a metric this arm does not define (phantom capacity off VCDriver): n/a, and no difference.
      const na = (v: number | null, undefinedHere: boolean) => (undefinedHere ? 'n/a' : formatNumber(v));
      const noDiff = r.arm !== results.baseline && r.diffMean === null;
      return [r.metric, r.arm, na(r.mean, r.mean === null), na(r.low, r.mean === null), na(r.high, r.mean === null),
        formatNumber(r.n), na(r.diffMean, noDiff), na(r.diffLow, noDiff), na(r.diffHigh, noDiff)];
    });
  if (rows.length === 0) return '';
  return htmlTable(
    'numbers other-metrics',
    'Every other metric in comparison.csv, in its CSV units (units are in the names: _s, _h, _mib; rates are fractions)',
    ['metric', 'arm', 'mean', 'CI low', 'CI high', 'n', `diff. to ${results.baseline}`, 'diff. CI low', 'diff. CI high'],
    rows,
  );
}

function replicationsText(results: Results): string {
  const ns = [...new Set(results.comparison.map((r) => r.n).filter((n): n is number => n !== null))].sort((a, b) => a - b);
  if (ns.length === 0) return 'the replications';
  return ns.length === 1 ? `${ns[0]} replications` : `${ns[0]}–${ns[ns.length - 1]} replications per arm`;
}

function singleRunSections(results: Results, ctx: ReportContext): Section[] {
  const sections: Section[] = [
    { id: 'findings', title: 'Findings', html: findingsHtml(results.comparison, results.arms, results.baseline, replicationsText(results)) },
  ];
  const glance = glanceHtml(results);
  if (glance !== '') sections.push({ id: 'at-a-glance', title: 'At a glance', html: glance });
  sections.push({ id: 'settings', title: 'Settings', html: settingsHtml(results, ctx.colors) });
  const headline = HEADLINE_GROUPS.map((g) => metricFigure(ctx, g, results.comparison)).filter((f): f is string => f !== null);
  if (headline.length > 0) sections.push({ id: 'headline-metrics', title: 'Headline metrics', html: headline.join('\n') });
  const flavors = results.flavors === null ? null : flavorFigure(ctx, results.flavors);
  if (flavors !== null) sections.push({ id: 'flavors', title: 'Flavors', html: flavors });
  if (results.timeseries !== null) {
    const index = indexTimeseries(results.timeseries);
    const figures = [fragUtilFigure(ctx, index), ...TIMESERIES_FIGURES.map((spec) => timeseriesFigure(ctx, index, spec))]
      .filter((f): f is string => f !== null);
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
  const sections: Section[] = [
    { id: 'sweep-summary', title: 'Summary', html: sweepSummaryHtml(results, axes) },
    { id: 'sweep-parameters', title: 'Sweep', html: points },
    { id: 'settings', title: 'Settings', html: settingsHtml(results, ctx.colors) },
  ];
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
    headerHtml(results),
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

