// The series and diff HTML reports in a real browser (playwright-core driving Debian's /usr/bin/chromium): the
// inlined uPlot draws the total-over-time chart, sparklines are there, scripts run without errors under the
// report's CSP, and dump text that looks like markup (a state of `</script><img …>`, a method `get<i id=pwn>"&amp;`)
// stays text: no element is created from it, even where it lands inside the chart's inline data.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffDumps } from '../../src/analysis/diff.js';
import { analyzeSeries } from '../../src/analysis/series-run.js';
import type { SeriesAnalysis } from '../../src/analysis/series-types.js';
import { renderDiffHtml } from '../../src/report/diff-html.js';
import { renderSeriesHtml } from '../../src/report/series-html.js';
import { blockOf, dumpText, goroutineBlocks, seriesOf } from './dumps.js';

const blocks = goroutineBlocks('go1.26/all.debug2.txt');
const quote = blockOf(blocks, /patterns\.fetchQuote/);
const resize = blockOf(blocks, /patterns\.resizeWorker/);
const evilState = quote
  .replace(/^\[chan send\]/, '[</script><img src=x onerror=alert(1)>]')
  .replace('gg001.go:33', 'gg001.go:34'); // another stack, so it is its own series
const evilFunc = blockOf(blocks, /configCache\)\.get/).replace(
  /configCache\)\.get/g,
  'configCache).get<i id=pwn>"&amp;',
);

const work = mkdtempSync(path.join(tmpdir(), 'gg-html-'));
let browser: BrowserContext;
let series: SeriesAnalysis;

beforeAll(async () => {
  const n = [2, 4, 6, 8, 10, 12, 14, 16];
  const texts = n.map((k, i) =>
    dumpText(
      [
        [quote, k],
        [resize, [3, 5, 2, 4, 3, 5, 2, 4][i]!],
        [evilState, k],
        [evilFunc, i + 1],
      ],
      1 + i * 1000,
    ),
  );
  series = await analyzeSeries(seriesOf(texts, 30_000));
  browser = await chromium.launchPersistentContext(mkdtempSync(path.join(tmpdir(), 'gg-chromium-')), {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    viewport: { width: 1280, height: 1000 },
  });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  rmSync(work, { recursive: true, force: true });
});

async function open(file: string, html: string): Promise<{ page: Page; errors: string[] }> {
  writeFileSync(file, html);
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(pathToFileURL(file).toString());
  return { page, errors };
}

describe('series HTML', () => {
  it('is one self-contained file with uPlot and its MIT license inlined', () => {
    const html = renderSeriesHtml(series);
    expect(html).toContain('Permission is hereby granted, free of charge');
    expect(html).toMatch(/var uPlot=function\(\)/);
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=/);
    expect(html.match(/<script>/g)).toHaveLength(1);
    expect(html).not.toContain('</script><img');
    expect(html).toContain('&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;');
  });

  it('draws the total and the growing stacks, with sparklines, and creates no element from dump text', async () => {
    const { page, errors } = await open(path.join(work, 'series.html'), renderSeriesHtml(series));
    await page.waitForSelector('#total-chart .uplot canvas');
    const growing = series.buckets.filter((b) => b.growing).length;
    expect(growing).toBeGreaterThanOrEqual(3);
    const chart = await page.evaluate(() => {
      const c = (globalThis as unknown as { ggChart: { series: { label: string }[]; data: number[][] } }).ggChart;
      return { labels: c.series.map((s) => s.label), total: c.data[1] };
    });
    expect(chart.labels[1]).toBe('all goroutines');
    expect(chart.labels).toHaveLength(2 + Math.min(growing, 5));
    expect(chart.labels.some((l) => l.includes('</script><img'))).toBe(true); // as text, in the legend
    expect(chart.total).toEqual(series.total.counts);
    expect(await page.locator('svg.spark').count()).toBeGreaterThanOrEqual(4);
    expect(await page.locator('tr.growing').count()).toBe(growing);
    expect(await page.locator('img, #pwn').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('filters suspects by text', async () => {
    const { page } = await open(path.join(work, 'series2.html'), renderSeriesHtml(series));
    const visible = () => page.locator('details.suspect:visible').count();
    const all = await visible();
    expect(all).toBeGreaterThan(1);
    await page.fill('#filter', 'resizeWorker');
    expect(await visible()).toBe(1);
    await page.close();
  });
});

describe('diff HTML', () => {
  it('renders without errors and filters rows', async () => {
    const d = await diffDumps(
      dumpText([
        [quote, 2],
        [resize, 3],
      ]),
      dumpText([
        [quote, 6],
        [evilFunc, 2],
      ]),
    );
    const { page, errors } = await open(path.join(work, 'diff.html'), renderDiffHtml(d));
    expect(await page.locator('tr.entry').count()).toBe(3);
    await page.fill('#filter', 'fetchQuote');
    expect(await page.locator('tr.entry:visible').count()).toBe(1);
    expect(await page.locator('img, #pwn').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });
});
