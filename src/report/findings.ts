// The report's opening: one sentence per headline metric whose paired difference to the baseline is significant
// (its 95 % interval excludes zero), and a list of the metrics where it is not.

import { formatNumber } from './format-number.js';
import { escapeHtml } from './html.js';
import type { ComparisonRow } from './load-results.js';
import { HEADLINE_GROUPS, type MetricInfo, metricInfo } from './metric-catalog.js';

export interface Finding {
  arm: string;
  metric: string;
  sentence: string;
}

export interface Findings {
  significant: Finding[];
  /** metric label -> arms whose difference to the baseline is not significant */
  notSignificant: Map<string, string[]>;
  /** metric label -> arms without an interval (one replication) */
  untested: Map<string, string[]>;
}

/** Headline metrics in figure order; of aliases (frag_index, mean_frag_index) only the first present. */
export function findingMetrics(rows: readonly ComparisonRow[]): string[] {
  const present = new Set(rows.map((r) => r.metric));
  const seen = new Set<string>();
  const metrics: string[] = [];
  for (const metric of HEADLINE_GROUPS.flatMap((g) => g.metrics)) {
    const label = metricInfo(metric).label;
    if (!present.has(metric) || seen.has(label)) continue;
    seen.add(label);
    metrics.push(metric);
  }
  return metrics;
}

const SENTENCE_DIGITS = 2;

/** "vcenter-ha-drs rejects 1.1 points more requests than recovery-none [0.7, 1.5], n = 5" */
export function findingSentence(info: MetricInfo, arm: string, baseline: string, row: ComparisonRow): string {
  const s = info.scale;
  const d = row.diffMean! * s;
  const [low, high] = d >= 0 ? [row.diffLow! * s, row.diffHigh! * s] : [-row.diffHigh! * s, -row.diffLow! * s];
  const size = formatNumber(Math.abs(d), SENTENCE_DIGITS);
  const unit = info.differenceUnit === '' ? '' : ` ${info.differenceUnit}`;
  const direction = d >= 0 ? info.more : info.less;
  const interval = `[${formatNumber(low, SENTENCE_DIGITS)}, ${formatNumber(high, SENTENCE_DIGITS)}], n = ${formatNumber(row.n)}`;
  return info.verb !== null
    ? `${arm} ${info.verb} ${size}${unit} ${direction} ${info.noun} than ${baseline} ${interval}`
    : `${arm}: ${info.label} ${size}${unit} ${direction} than ${baseline} ${interval}`;
}

export function findings(rows: readonly ComparisonRow[], arms: readonly string[], baseline: string): Findings {
  const byKey = new Map(rows.map((r) => [`${r.metric}\u0000${r.arm}`, r]));
  const result: Findings = { significant: [], notSignificant: new Map(), untested: new Map() };
  const add = (map: Map<string, string[]>, key: string, arm: string) => map.set(key, [...(map.get(key) ?? []), arm]);
  const metrics = findingMetrics(rows);
  for (const arm of arms) {
    if (arm === baseline) continue;
    for (const metric of metrics) {
      const row = byKey.get(`${metric}\u0000${arm}`);
      if (row === undefined || row.diffMean === null) continue;
      const info = metricInfo(metric);
      if (row.diffLow === null || row.diffHigh === null) add(result.untested, info.label, arm);
      else if (row.diffLow > 0 || row.diffHigh < 0) {
        result.significant.push({ arm, metric, sentence: findingSentence(info, arm, baseline, row) });
      } else add(result.notSignificant, info.label, arm);
    }
  }
  return result;
}

function listText(map: ReadonlyMap<string, readonly string[]>): string {
  return [...map].map(([label, arms]) => `${escapeHtml(label)} (${arms.map(escapeHtml).join(', ')})`).join('; ');
}

export function findingsHtml(rows: readonly ComparisonRow[], arms: readonly string[], baseline: string, replications: string): string {
  if (arms.length < 2) {
    return '<p>One arm only: there is no baseline to compare with. Its means are in the table below.</p>';
  }
  const f = findings(rows, arms, baseline);
  const byArm = arms
    .filter((a) => a !== baseline)
    .map((arm) => {
      const items = f.significant
        .filter((x) => x.arm === arm)
        .map((x) => `<li><strong>${escapeHtml(arm)}</strong>${escapeHtml(x.sentence.slice(arm.length))}</li>`);
      return items.length === 0 ? '' : `<ul class="findings" data-arm="${escapeHtml(arm)}">${items.join('')}</ul>`;
    })
    .filter((html) => html !== '');
  const parts = [
    `<p class="lede">Paired differences to the baseline <strong>${escapeHtml(baseline)}</strong> over ${escapeHtml(replications)} ` +
      '(every arm sees the same arrivals and failures), each with its 95 % confidence interval; listed where the interval excludes zero.</p>',
    byArm.length > 0 ? `<div class="findings-list">${byArm.join('\n')}</div>` : '<p>No metric differs significantly from the baseline.</p>',
  ];
  if (f.notSignificant.size > 0) {
    parts.push(`<p class="no-difference"><strong>No significant difference</strong> from ${escapeHtml(baseline)}: ${listText(f.notSignificant)}.</p>`);
  }
  if (f.untested.size > 0) {
    parts.push(`<p class="no-difference"><strong>Not tested</strong> (one replication, no interval): ${listText(f.untested)}.</p>`);
  }
  return parts.join('\n');
}
