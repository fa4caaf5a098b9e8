// The report opened in a real headless Chromium (Debian's, driven by playwright-core): every figure is there, drawn,
// titled and labelled, with marks in every arm's colour; no console or page errors; no request leaves the file.
// Under CI=true these tests always run (and fail if Chromium cannot start); elsewhere they skip without Chromium.

import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { armColors } from '../../src/report/palette.js';
import { writeReport } from '../../src/report/write-report.js';
import { ARM_SETTINGS, writeRunFixture, writeSweepFixture } from './fixtures.js';

const CHROMIUM = process.env.CAPSIM_CHROMIUM ?? '/usr/bin/chromium';
const SCREENSHOTS = fileURLToPath(new URL('../../results/report-screenshots/', import.meta.url));
const skipReason = process.env.CI !== 'true' && !existsSync(CHROMIUM)
  ? `no Chromium at ${CHROMIUM} (install it with .ci/install-chromium.sh, or set CAPSIM_CHROMIUM)`
  : null;
if (skipReason !== null) console.warn(`report browser tests skipped: ${skipReason}`);

const ARMS = ARM_SETTINGS.slice(0, 3).map((a) => a.name);
const COLORS = armColors(ARMS);

interface PageProblems {
  console: string[];
  pageErrors: string[];
  foreignRequests: string[];
}

async function openReport(browser: Browser, file: string): Promise<{ page: Page; problems: PageProblems }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const problems: PageProblems = { console: [], pageErrors: [], foreignRequests: [] };
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.console.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.pageErrors.push(String(e)));
  page.on('request', (r) => {
    if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) problems.foreignRequests.push(r.url());
  });
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  return { page, problems };
}

interface FigureFacts {
  id: string;
  title: string;
  charts: { id: string; width: number; height: number; svgTitle: string; xLabel: string; yLabel: string; yTicks: string[] }[];
  markColors: string[];
  visibleMarks: number;
  tableRows: number;
}

/** DOM facts about every figure, gathered inside the page. */
function figureFacts(page: Page): Promise<FigureFacts[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('figure.capsim-figure')].map((figure) => {
      const marks = [...figure.querySelectorAll('svg.chart [class^="mark-"] *')];
      const colors = new Set<string>();
      for (const el of marks) {
        for (const name of ['fill', 'stroke']) {
          const value = el.getAttribute(name);
          if (value !== null) colors.add(value.toUpperCase());
        }
      }
      return {
        id: figure.id,
        title: figure.querySelector('figcaption h3')?.textContent ?? '',
        charts: [...figure.querySelectorAll('svg.chart')].map((svg) => {
          const box = svg.getBoundingClientRect();
          return {
            id: svg.id,
            width: box.width,
            height: box.height,
            svgTitle: svg.querySelector('title')?.textContent ?? '',
            xLabel: svg.querySelector('[aria-label="x-axis label"]')?.textContent ?? '',
            yLabel: svg.querySelector('[aria-label="y-axis label"]')?.textContent ?? '',
            yTicks: [...svg.querySelectorAll('[aria-label="y-axis tick label"] text')].map((t) => t.textContent ?? ''),
          };
        }),
        markColors: [...colors],
        visibleMarks: marks.filter((el) => {
          const b = el.getBoundingClientRect();
          return b.width > 0 || b.height > 0;
        }).length,
        tableRows: figure.querySelectorAll('table.numbers tbody tr').length,
      };
    }),
  );
}

function checkFigure(f: FigureFacts): void {
  expect(f.title, f.id).not.toBe('');
  expect(f.charts.length, f.id).toBeGreaterThan(0);
  expect(f.tableRows, f.id).toBeGreaterThan(0);
  expect(f.visibleMarks, f.id).toBeGreaterThan(0);
  for (const arm of COLORS) expect(f.markColors, `${f.id} has marks in every arm's colour`).toContain(arm.toUpperCase());
  for (const chart of f.charts) {
    expect(chart.width, chart.id).toBeGreaterThan(100);
    expect(chart.height, chart.id).toBeGreaterThan(50);
    expect(chart.svgTitle, chart.id).not.toBe('');
    expect(chart.xLabel, `${chart.id} x-axis label`).toMatch(/\S/);
    // Interval charts name the arms on the y axis; the others carry a y-axis label with a unit.
    if (chart.yLabel === '') expect(chart.yTicks.some((t) => ARMS.includes(t)), `${chart.id} y axis`).toBe(true);
    else expect(chart.yLabel, `${chart.id} y-axis label names a unit`).toMatch(/[a-z%]{2,}/i);
  }
}

describe.skipIf(skipReason !== null)('report in headless Chromium', () => {
  let browser: Browser;
  let root: string;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'capsim-report-browser-'));
    mkdirSync(SCREENSHOTS, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM });
  });

  afterAll(async () => {
    await browser?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('single run: every figure drawn, titled and labelled, with every arm; no errors, no requests', async () => {
    const file = writeReport(writeRunFixture(join(root, 'run')));
    const { page, problems } = await openReport(browser, file);
    expect(await page.evaluate(() => document.scripts.length)).toBe(0);
    const figures = await figureFacts(page);
    expect(figures.map((f) => f.id)).toEqual(expect.arrayContaining([
      'fig-rejection-rate', 'fig-rejections-by-cause', 'fig-fragmentation', 'fig-downtime', 'fig-availability', 'fig-lost',
      'fig-utilisation', 'fig-flavor-rejection', 'fig-ts-running-vms', 'fig-ts-down-vms', 'fig-ts-ram-free',
      'fig-ts-frag-index', 'fig-downtime-ecdf',
    ]));
    for (const f of figures) checkFigure(f);
    await page.screenshot({ path: join(SCREENSHOTS, 'run.png'), fullPage: true });
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ path: join(SCREENSHOTS, 'run.pdf'), format: 'A4' });
    expect(pdf.length).toBeGreaterThan(10_000);
    expect(problems).toEqual({ console: [], pageErrors: [], foreignRequests: [] });
    await page.close();
  });

  it('sweep: a figure per (metric, parameter), each with every arm; no errors, no requests', async () => {
    const file = writeReport(writeSweepFixture(join(root, 'sweep')));
    const { page, problems } = await openReport(browser, file);
    const figures = await figureFacts(page);
    expect(figures.length).toBeGreaterThanOrEqual(2 * 8);
    expect(figures.map((f) => f.id)).toContain('fig-sweep-rejection-rate-vs-workload-arrivals-poisson-rateperhour');
    expect(figures.map((f) => f.id)).toContain('fig-sweep-rejection-rate-vs-fleet-0-count');
    for (const f of figures) checkFigure(f);
    await page.screenshot({ path: join(SCREENSHOTS, 'sweep.png'), fullPage: true });
    expect(problems).toEqual({ console: [], pageErrors: [], foreignRequests: [] });
    await page.close();
  });
});
