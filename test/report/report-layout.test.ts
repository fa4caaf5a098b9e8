// The report at 1,400 px in headless Chromium, measured with bounding boxes: no chart overflows the page or is shrunk
// below its own width, chart type stays legible (≥ 11 px as shown), no two text elements of a chart overlap (tick
// labels, axis labels, facet and panel labels), every chart text lies inside its chart, the findings start within
// the first screen and the settings are collapsed. Skips without Chromium unless CI=true, like report-browser.

import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeReport } from '../../src/report/write-report.js';
import { writeRunFixture, writeSweepFixture } from './fixtures.js';

const CHROMIUM = process.env.CAPSIM_CHROMIUM ?? '/usr/bin/chromium';
const SCREENSHOTS = fileURLToPath(new URL('../../results/report-screenshots/', import.meta.url));
const skip = process.env.CI !== 'true' && !existsSync(CHROMIUM);
const VIEWPORT = { width: 1400, height: 900 };
const MIN_FONT_PX = 11;

interface Layout {
  pageWidth: number;
  scrollWidth: number;
  findingsTop: number | null;
  settingsOpen: boolean | null;
  charts: { id: string; left: number; right: number; shownWidth: number; ownWidth: number }[];
  smallText: string[];
  outside: string[];
  overlaps: string[];
}

/** Runs inside the page: every geometric fact the checks need. */
function measure(): Layout {
  const pageWidth = document.documentElement.clientWidth;
  const smallText: string[] = [];
  const outside: string[] = [];
  const overlaps: string[] = [];
  const charts = [...document.querySelectorAll<SVGSVGElement>('svg.chart')].map((svg) => {
    const box = svg.getBoundingClientRect();
    const ownWidth = svg.viewBox.baseVal.width || box.width;
    const scale = box.width / ownWidth;
    const texts = [...svg.querySelectorAll('text')]
      .filter((t) => (t.textContent ?? '').trim() !== '')
      .map((t) => ({ text: (t.textContent ?? '').trim(), box: t.getBoundingClientRect(), font: parseFloat(getComputedStyle(t).fontSize) }));
    for (const t of texts) {
      if (t.font * scale < 11) smallText.push(`${svg.id}: "${t.text}" at ${(t.font * scale).toFixed(1)} px`);
      if (t.box.left < box.left - 1 || t.box.right > box.right + 1 || t.box.top < box.top - 1 || t.box.bottom > box.bottom + 1) {
        outside.push(`${svg.id}: "${t.text}"`);
      }
    }
    // Glyph boxes include line spacing; a 1 px overlap of boxes is not a visible collision.
    for (let i = 0; i < texts.length; i++) {
      for (let j = i + 1; j < texts.length; j++) {
        const a = texts[i].box, b = texts[j].box;
        const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (w > 1 && h > 1) overlaps.push(`${svg.id}: "${texts[i].text}" / "${texts[j].text}"`);
      }
    }
    return { id: svg.id, left: box.left, right: box.right, shownWidth: box.width, ownWidth };
  });
  const findings = document.querySelector('#findings, #sweep-summary');
  const details = document.querySelector<HTMLDetailsElement>('details#settings-details');
  return {
    pageWidth,
    scrollWidth: document.documentElement.scrollWidth,
    findingsTop: findings === null ? null : findings.getBoundingClientRect().top,
    settingsOpen: details === null ? null : details.open,
    charts,
    smallText,
    outside,
    overlaps,
  };
}

describe.skipIf(skip)('report layout at 1,400 px in Chromium', () => {
  let browser: Browser;
  let root: string;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'capsim-report-layout-'));
    mkdirSync(SCREENSHOTS, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM });
  });

  afterAll(async () => {
    await browser?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it.each([
    ['run', () => writeRunFixture(join(root, 'run'))],
    ['run-5-arms', () => writeRunFixture(join(root, 'run5'), { arms: 4 })],
    ['sweep', () => writeSweepFixture(join(root, 'sweep'))],
  ])('%s: charts fit, type legible, no overlapping text, findings on the first screen', async (name, write) => {
    const page = await browser.newPage({ viewport: VIEWPORT });
    await page.goto(pathToFileURL(writeReport(write())).href, { waitUntil: 'load' });
    await page.screenshot({ path: join(SCREENSHOTS, `${name}-first-screen.png`) });
    const layout = await page.evaluate(measure);
    expect(layout.charts.length).toBeGreaterThan(5);
    expect(layout.scrollWidth, 'no horizontal scrolling').toBeLessThanOrEqual(layout.pageWidth);
    for (const chart of layout.charts) {
      expect(chart.left, chart.id).toBeGreaterThanOrEqual(0);
      expect(chart.right, `${chart.id} overflows the page`).toBeLessThanOrEqual(layout.pageWidth);
      expect(chart.shownWidth, `${chart.id} is shown at its own width`).toBeCloseTo(chart.ownWidth, 0);
    }
    expect(layout.smallText, `chart text under ${MIN_FONT_PX} px`).toEqual([]);
    expect(layout.outside, 'chart text outside its chart').toEqual([]);
    expect(layout.overlaps, 'overlapping chart text').toEqual([]);
    expect(layout.findingsTop, 'findings (or the sweep summary) start on the first screen').not.toBeNull();
    expect(layout.findingsTop!).toBeLessThan(VIEWPORT.height - 100);
    expect(layout.settingsOpen, 'settings collapsed').toBe(false);
    await page.close();
  });
});
