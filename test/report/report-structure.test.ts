// The report page's structure, checked without a browser: every figure is there, and each figure draws one mark
// per datum of the files it is made from.

import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseHTML } from 'linkedom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderReport } from '../../src/report/render-report.js';
import { MAX_BINS } from '../../src/report/timeseries-bins.js';
import { OKABE_ITO } from '../../src/report/palette.js';
import { SWEEP_HOSTS, SWEEP_RATE, writeRunFixture, writeSweepFixture } from './fixtures.js';

let root: string;
let runDir: string;
let sweepDir: string;
let runHtml: string;
let sweepHtml: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'capsim-report-structure-'));
  runDir = writeRunFixture(join(root, 'run'));
  sweepDir = writeSweepFixture(join(root, 'sweep'));
  runHtml = renderReport(runDir);
  sweepHtml = renderReport(sweepDir);
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

const dom = (html: string) => parseHTML(html).document;

/** A results CSV as records, read independently of the report's own reader. */
function readRecords(path: string): Record<string, string>[] {
  const [header, ...lines] = readFileSync(path, 'utf8').trim().split('\n').map((l) => l.split(','));
  return lines.map((cells) => Object.fromEntries(header.map((h, i) => [h, cells[i]])));
}

const RUN_ARMS = ['nova-kvm-manual-evacuate', 'nova-kvm-masakari', 'vcenter-ha-drs'];

describe('renderReport(run folder)', () => {
  it('is a complete page with no scripts and no external references', () => {
    expect(runHtml.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(runHtml).not.toMatch(/<script/i);
    expect(runHtml).not.toMatch(/https?:\/\//);
    expect(runHtml).not.toMatch(/<link|<img|@import|url\(/i);
  });

  it('opens with the findings, then the settings collapsed: the manifest and every arm with its settings', () => {
    const doc = dom(runHtml);
    expect(doc.querySelector('h1')!.textContent).toBe('capsim report: fixture-run');
    const sections = [...doc.querySelectorAll('main > section')].map((s) => s.getAttribute('id'));
    expect(sections.slice(0, 3)).toEqual(['findings', 'at-a-glance', 'settings']);
    expect(doc.querySelector('details#settings-details')!.hasAttribute('open')).toBe(false);
    const header = doc.querySelector('#settings')!.textContent!;
    for (const text of ['0.1.0', 'c0ffee00', '12.5 s', 'v20.20.2', '--vm-log']) expect(header).toContain(text);
    const rows = doc.querySelectorAll('#arms tbody tr');
    expect(rows.length).toBe(3);
    expect(rows[0].textContent).toContain('nova-kvm-manual-evacuate (baseline)');
    expect(rows[2].textContent).toContain('platform.vcenter.clusterSize: 16');
  });

  it('has every figure, each titled, with a numbers table under it', () => {
    const doc = dom(runHtml);
    const ids = [...doc.querySelectorAll('figure.capsim-figure')].map((f) => f.getAttribute('id'));
    expect(ids).toEqual([
      'fig-rejection-rate', 'fig-rejections-by-cause', 'fig-fragmentation', 'fig-utilisation', 'fig-downtime',
      'fig-recovery-time', 'fig-availability', 'fig-lost', 'fig-flavor-rejection', 'fig-frag-util', 'fig-ts-running-vms',
      'fig-ts-down-vms', 'fig-ts-ram-free', 'fig-ts-nova-visible-free-ram', 'fig-ts-largest-free-ram',
      'fig-ts-frag-index', 'fig-ts-stranded-ram', 'fig-downtime-ecdf',
    ]);
    for (const figure of doc.querySelectorAll('figure.capsim-figure')) {
      expect(figure.querySelector('figcaption h3')!.textContent!.length).toBeGreaterThan(0);
      expect(figure.querySelector('table.numbers')).not.toBeNull();
      for (const svg of figure.querySelectorAll('svg.chart')) {
        const id = svg.getAttribute('id')!;
        expect(svg.getAttribute('role')).toBe('img');
        expect(svg.firstElementChild!.tagName.toLowerCase()).toBe('title');
        expect(svg.querySelector(`title#${id}-title`)!.textContent!.length).toBeGreaterThan(0);
        expect(svg.querySelector(`desc#${id}-desc`)!.textContent!.length).toBeGreaterThan(20);
        expect(svg.querySelector('[aria-label="x-axis label"]')?.textContent, `${id} x label`).toBeTruthy();
      }
    }
  });

  it('metric figures: one bar (or dot) and one CI whisker per arm and metric, one difference per non-baseline arm', () => {
    const doc = dom(runHtml);
    const comparison = readRecords(join(runDir, 'comparison.csv'));
    for (const figure of doc.querySelectorAll('figure[data-kind="metric"]')) {
      const metrics = figure.getAttribute('data-metrics')!.split(',');
      const rows = comparison.filter((r) => metrics.includes(r.metric));
      const id = figure.getAttribute('id')!;
      const means = figure.querySelectorAll(`#${id}-means .mark-mean rect, #${id}-means .mark-mean circle`);
      expect(means.length, id).toBe(rows.filter((r) => r.mean !== '').length);
      expect(figure.querySelectorAll(`#${id}-means .mark-ci line`).length, id).toBe(rows.length);
      expect(figure.querySelectorAll(`#${id}-means .mark-ci-cap line`).length, id).toBe(2 * rows.length);
      const diffs = rows.filter((r) => r.diff_mean !== '');
      expect(diffs.length).toBe(metrics.length * 2);
      expect(figure.querySelectorAll(`#${id}-diff .mark-diff circle`).length, id).toBe(diffs.length);
      expect(figure.querySelectorAll(`#${id}-diff .mark-diff-ci line`).length, id).toBe(diffs.length);
      expect(figure.querySelectorAll('table.numbers tbody tr').length, id).toBe(rows.length);
    }
  });

  it('bars take the arm colours from the Okabe–Ito palette, in arm order', () => {
    const doc = dom(runHtml);
    const fills = [...doc.querySelectorAll('#fig-rejection-rate-means .mark-mean rect')].map((r) => r.getAttribute('fill'));
    expect(fills).toEqual(OKABE_ITO.slice(0, 3));
  });

  it('flavor figure: one bar per (flavor, arm) of flavors.csv', () => {
    const doc = dom(runHtml);
    const flavors = readRecords(join(runDir, 'flavors.csv'));
    const pairs = new Set(flavors.map((r) => `${r.flavor}/${r.arm}`));
    expect(doc.querySelectorAll('#fig-flavor-rejection-means .mark-mean rect').length).toBe(pairs.size);
    expect(doc.querySelectorAll('#fig-flavor-rejection-diff .mark-diff circle').length).toBe((pairs.size / 3) * 2);
  });

  it('timeseries figures: one mean line and one CI band per arm', () => {
    const doc = dom(runHtml);
    const figures = doc.querySelectorAll('figure[data-kind="timeseries"]');
    expect(figures.length).toBe(7);
    for (const figure of figures) {
      expect(figure.querySelectorAll('.mark-line path').length).toBe(RUN_ARMS.length);
      expect(figure.querySelectorAll('.mark-band path').length).toBe(RUN_ARMS.length);
      expect([...figure.querySelectorAll('ul.legend li')].map((li) => li.textContent)).toEqual(RUN_ARMS);
    }
  });

  it('fragmentation against utilisation: physical and admission views, a dot per arm and time bin, a ring per arm', () => {
    const doc = dom(runHtml);
    const figure = doc.querySelector('#fig-frag-util')!;
    const times = new Set(readRecords(join(runDir, 'timeseries.csv')).map((r) => r.time_s)).size;
    const bins = Math.min(MAX_BINS, times);
    for (const view of ['physical', 'admission']) {
      const chart = figure.querySelector(`#fig-frag-util-${view}-chart`)!;
      expect(chart.querySelectorAll('.mark-dot circle').length).toBe(RUN_ARMS.length * bins);
      expect(chart.querySelectorAll('.mark-mean circle').length).toBe(RUN_ARMS.length);
    }
    expect([...figure.querySelectorAll('tbody tr th')].map((c) => c.textContent))
      .toEqual(RUN_ARMS);
  });

  it('downtime ECDF: one step line per arm that recovered VMs; the table counts them', () => {
    const doc = dom(runHtml);
    const vms = readRecords(join(runDir, 'vms.csv')).filter((r) => Number(r.recoveries) > 0);
    const arms = RUN_ARMS.filter((a) => vms.some((v) => v.arm === a));
    expect(doc.querySelectorAll('#fig-downtime-ecdf .mark-ecdf path').length).toBe(arms.length);
    const counts = [...doc.querySelectorAll('#fig-downtime-ecdf tbody tr')].map((tr) => Number(tr.querySelectorAll('td')[0].textContent));
    expect(counts).toEqual(arms.map((a) => vms.filter((v) => v.arm === a).length));
  });

  it('lists metrics it does not plot (including unknown ones) in the "Other metrics" table', () => {
    const doc = dom(runHtml);
    const text = doc.querySelector('#other-metrics')!.textContent!;
    expect(text).toContain('mean_phantom_ram_mib');
    expect(text).toContain('migrations');
  });

  it('is byte-identical for the same files, wherever the folder is', () => {
    expect(renderReport(runDir)).toBe(runHtml);
    const copy = join(root, 'elsewhere', 'copied-run');
    cpSync(runDir, copy, { recursive: true });
    expect(renderReport(copy)).toBe(runHtml);
  });

  it('reads quoted CSV fields (a writer may quote any field) to the same figures', () => {
    const dir = join(root, 'quoted');
    cpSync(runDir, dir, { recursive: true });
    const path = join(dir, 'comparison.csv');
    const quoted = readFileSync(path, 'utf8').replace(/(nova-kvm-masakari|vcenter-ha-drs)/g, '"$1"');
    writeFileSync(path, quoted);
    const figures = (html: string) => html.slice(html.indexOf('<main>'), html.indexOf('</main>'));
    expect(figures(renderReport(dir))).toBe(figures(runHtml));
  });

  it('works without vms.csv (no --vm-log): no ECDF figure', () => {
    const dir = writeRunFixture(join(root, 'no-vm-log'), { vmLog: false });
    const doc = dom(renderReport(dir));
    expect(doc.querySelector('#fig-downtime-ecdf')).toBeNull();
    expect(doc.querySelector('#fig-ts-running-vms')).not.toBeNull();
  });
});

describe('findings', () => {
  it('one sentence per (arm, headline metric) whose paired-difference interval excludes zero; the rest listed', () => {
    const doc = dom(runHtml);
    const comparison = readRecords(join(runDir, 'comparison.csv'));
    const sentences = [...doc.querySelectorAll('#findings ul.findings li')].map((li) => li.textContent!);
    const headline = ['rejection_rate', 'rejected_no_valid_host', 'rejected_late', 'rejected_admission', 'mean_frag_index',
      'mean_stranded_ram_frac', 'mean_ram_util', 'vm_downtime_h', 'recovery_p50_s', 'recovery_p95_s', 'availability',
      'vms_lost', 'vms_data_lost'];
    const rows = comparison.filter((r) => headline.includes(r.metric) && r.diff_mean !== '');
    const significant = rows.filter((r) => Number(r.diff_ci95_low) > 0 || Number(r.diff_ci95_high) < 0);
    expect(significant.length).toBeGreaterThan(0);
    expect(sentences.length).toBe(significant.length);
    for (const r of significant) {
      const n = Number(r.n);
      expect(sentences.filter((s) => s.startsWith(r.arm) && s.endsWith(`n = ${n}`)).length).toBeGreaterThan(0);
    }
    const rejection = significant.find((r) => r.metric === 'rejection_rate');
    if (rejection) {
      const points = Math.abs(Number(rejection.diff_mean) * 100);
      const text = sentences.find((s) => s.startsWith(`${rejection.arm} rejects`))!;
      expect(text).toContain(`${Number(points.toPrecision(2))} points ${Number(rejection.diff_mean) > 0 ? 'more' : 'fewer'} requests than nova-kvm-manual-evacuate`);
    }
    const rest = doc.querySelector('#findings p.no-difference')?.textContent ?? '';
    if (rows.length > significant.length) expect(rest).toContain('No significant difference');
  });
});

describe('renderReport(sweep folder)', () => {
  it('draws each headline metric against each varied parameter', () => {
    const doc = dom(sweepHtml);
    const figures = [...doc.querySelectorAll('figure[data-kind="sweep"]')];
    const pairs = figures.map((f) => `${f.getAttribute('data-metric')} ~ ${f.getAttribute('data-parameter')}`);
    expect(pairs).toContain(`rejection_rate ~ ${SWEEP_RATE}`);
    expect(pairs).toContain(`rejection_rate ~ ${SWEEP_HOSTS}`);
    expect(pairs).toContain(`availability ~ ${SWEEP_HOSTS}`);
    expect(figures.length % 2).toBe(0);
    expect(doc.querySelector('#fig-sweep-rejection-rate-vs-workload-arrivals-poisson-rateperhour')).not.toBeNull();
    expect(doc.querySelector('#fig-sweep-mean-frag-index-vs-fleet-0-count')).not.toBeNull();
  });

  it('one line and band per arm and facet, one point per (arm, sweep point)', () => {
    const doc = dom(sweepHtml);
    const comparison = readRecords(join(sweepDir, 'comparison.csv'));
    for (const figure of doc.querySelectorAll('figure[data-kind="sweep"]')) {
      const metric = figure.getAttribute('data-metric')!;
      const parameter = figure.getAttribute('data-parameter')!;
      const other = parameter === SWEEP_RATE ? SWEEP_HOSTS : SWEEP_RATE;
      const rows = comparison.filter((r) => r.metric === metric);
      const facets = new Set(rows.map((r) => r[other])).size;
      const arms = new Set(rows.map((r) => r.arm)).size;
      const id = figure.getAttribute('id');
      expect(figure.querySelectorAll('.mark-point circle').length, id!).toBe(rows.length);
      expect(figure.querySelectorAll('.mark-line path').length, id!).toBe(arms * facets);
      expect(figure.querySelectorAll('.mark-band path').length, id!).toBe(arms * facets);
      expect(figure.querySelectorAll('table.numbers tbody tr').length, id!).toBe(rows.length / arms);
    }
  });

  it('has no single-run sections and says which parameters vary', () => {
    const doc = dom(sweepHtml);
    expect(doc.querySelector('#fig-rejection-rate')).toBeNull();
    expect(doc.querySelector('#fig-ts-running-vms')).toBeNull();
    expect(doc.querySelector('#sweep-parameters')!.textContent).toContain('20, 40, 60');
    expect(doc.querySelector('#overview')!.textContent).toContain(`sweep of 6 points over ${SWEEP_RATE}, ${SWEEP_HOSTS}`);
    expect(doc.querySelector('#settings')!.textContent).toContain(`6 points over ${SWEEP_RATE}, ${SWEEP_HOSTS}`);
  });

  it('opens with a summary table: one row per (sweep point, arm)', () => {
    const doc = dom(sweepHtml);
    expect(doc.querySelector('main > section')!.getAttribute('id')).toBe('sweep-summary');
    const comparison = readRecords(join(sweepDir, 'comparison.csv')).filter((r) => r.metric === 'rejection_rate');
    expect(doc.querySelectorAll('#sweep-summary tbody tr').length).toBe(comparison.length);
    const headers = [...doc.querySelectorAll('#sweep-summary thead th')].map((th) => th.textContent);
    expect(headers.slice(0, 3)).toEqual(['arm', 'ratePerHour', 'fleet[0].count']);
    expect([...doc.querySelector('#sweep-summary tbody tr')!.querySelectorAll('td')].map((td) => td.textContent).slice(0, 2)).toEqual(['20', '16']);
  });

  it('labels panels in plain horizontal text, one per value of the other parameter', () => {
    const doc = dom(sweepHtml);
    const labels = [...doc.querySelectorAll('#fig-sweep-rejection-rate-vs-workload-arrivals-poisson-rateperhour .facet-label text')].map((t) => t.textContent);
    expect(labels.length).toBeGreaterThan(1);
    for (const label of labels) expect(label).toMatch(/^fleet\[0\]\.count = \d+$/);
  });

  it('is byte-identical for the same files', () => {
    expect(renderReport(sweepDir)).toBe(sweepHtml);
  });
});
