// The dashboard in a real browser (playwright-core driving Debian's /usr/bin/chromium, never a downloaded one):
// the leaking target is flagged, a click leads to the growing stack; and dump strings containing `<script>` are
// shown as text. Those strings come from a real dump — the Go service built from a directory whose path contains
// `<script>…</script>` (Go identifiers cannot hold `<`, file paths can) and a pprof label value with a `<script>` —
// and from records written straight into the SQLite history with HTML in the function names themselves.

import { cpSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConfig } from '../../src/watch/config.js';
import { startServer } from '../../src/watch/server.js';
import { Watcher } from '../../src/watch/watcher.js';
import { evidenceCounts } from '../../src/watch/sample.js';
import type { OkSample, StackInfo } from '../../src/watch/types.js';
import { tempDir } from '../helpers/go.js';
import { buildWatchsvc, startService, waitUntil, WATCH_MODULE, type Service } from './helpers.js';

const XSS_DIR = '<script>window.__gg_xss=1</script>';
const XSS_LABEL = '<script>window.__gg_xss=2</script>';
const XSS_FUNC = '<img src=x onerror="window.__gg_xss=3">';
const XSS_FUNC2 = 'main.(*T).<script>window.__gg_xss=4</script>';
const FRAMELESS = 'da39a3ee5e6b4b0d';

const tmp = tempDir('gguard-watch-ui-');
/** Screenshots for a person to look at (kept out of the repository). */
const SHOTS = process.env.GG_SCREENSHOTS ?? tmp.dir;
const svcGoroutines = async (t: string) =>
  ((await (await fetch(`${server.url}/api/targets`)).json()) as { name: string; goroutines: number }[]).find(
    (x) => x.name === t,
  )?.goroutines ?? 0;
const services: Service[] = [];
let w: Watcher;
let server: Awaited<ReturnType<typeof startServer>>;
let browser: BrowserContext;
const offsite: string[] = [];

beforeAll(async () => {
  // The same module, copied under a directory whose path spells a script element.
  const weird = join(tmp.dir, XSS_DIR);
  mkdirSync(weird, { recursive: true });
  cpSync(WATCH_MODULE, weird, { recursive: true });
  const [bin, xssBin] = await Promise.all([buildWatchsvc(tmp.dir), buildWatchsvc(join(tmp.dir, 'x'), weird)]);
  const [leaky, healthy, xss] = await Promise.all([
    startService(bin, ['-mode', 'leaky']),
    startService(bin, ['-mode', 'healthy']),
    startService(xssBin, ['-mode', 'leaky', '-label', XSS_LABEL]),
  ]);
  services.push(leaky!, healthy!, xss!);
  const cfg = buildConfig(
    {
      data: join(tmp.dir, 'data'),
      interval: '250ms',
      timeout: '240ms',
      flushInterval: '100ms',
      rules: { bucketSamples: 4, bucketMinRise: 5 },
      capture: { cooldown: '1h' },
      targets: [
        { name: 'leaky', url: leaky!.url },
        { name: 'healthy', url: healthy!.url },
        { name: 'xss', url: xss!.url },
      ],
    },
    { listen: '127.0.0.1:0' },
    (path, detail) => {
      throw new Error(`${path.join('.')}: ${detail}`);
    },
  );
  w = await Watcher.open(cfg, { processMetrics: false });
  server = await startServer(w, { listen: cfg.listen });
  w.setPublicUrl(server.url);
  w.start();
  browser = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'gguard-chromium-')), {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      '--disable-quic',
    ],
    viewport: { width: 1280, height: 1000 },
  });
  browser.on('request', (r) => {
    if (!r.url().startsWith(server.url)) offsite.push(r.url());
  });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.app.close();
  await w?.stop();
  await Promise.all(services.map((s) => s.stop()));
  tmp.cleanup();
});

async function open(path: string): Promise<Page> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(server.url + path);
  (page as Page & { errors?: string[] }).errors = errors;
  return page;
}

describe('dashboard (chromium)', () => {
  it('flags the leaking target; a click leads to the growing stack, its pattern and fix', async () => {
    const leaky = services[0]!;
    let leaking = true;
    const loop = (async () => {
      while (leaking) {
        await leaky.get('/leak?n=5');
        await new Promise((r) => setTimeout(r, 60));
      }
    })();
    try {
      const alert = await waitUntil(
        () => w.firing('leaky').find((a) => a.rule === 'bucket-growing'),
        'a growing bucket',
        30_000,
      );
      const page = await open('/');
      await page.waitForSelector('tr[data-target="leaky"][data-flagged="true"]', { timeout: 15_000 });
      expect(await page.getAttribute('tr[data-target="healthy"]', 'data-flagged')).toBe('false');
      // One scale for every sparkline: the healthy target's handful of goroutines hugs the bottom beside the leak,
      // and each trend has its numbers written beside it.
      await waitUntil(async () => (await svcGoroutines('leaky')) > 60, 'the leak to grow past 60');
      await page.reload();
      await page.waitForSelector('tr[data-target="healthy"] .spark-range');
      const lowest = async (t: string) =>
        Math.min(
          ...((await page.getAttribute(`tr[data-target="${t}"] polyline`, 'points')) ?? '')
            .split(' ')
            .map((xy) => Number(xy.split(',')[1])),
        );
      expect(await lowest('healthy')).toBeGreaterThan(18);
      expect(await lowest('leaky')).toBeLessThan(12);
      expect(await page.textContent('tr[data-target="leaky"] .spark-range')).toMatch(/^\d+ → \d+$/);
      await page.screenshot({ path: join(SHOTS, 'targets.png'), fullPage: true });
      await page.waitForSelector('#live.on');
      await page.click('tr[data-target="leaky"]');
      const row = await page.waitForSelector(`#buckets tr[data-fingerprint="${alert.key}"][data-growing="true"]`, {
        timeout: 15_000,
      });
      expect(await page.locator('.alert-box[data-alert="bucket-growing"]').count()).toBe(1);
      expect(await page.locator('.chart canvas').count()).toBeGreaterThan(0);
      await page.screenshot({ path: join(SHOTS, 'target.png'), fullPage: true });
      // Stacks are named by function and site, the hash only in small print.
      expect(await (await row.$('.stack-name'))!.textContent()).toBe('main.leakySend');
      await row.click();
      await page.waitForSelector('#stack');
      expect(await page.textContent('#bucket-title')).toMatch(/^main\.leakySend at main\.go:\d+$/);
      // Evidence, alert state and first-seen time of the stack.
      expect(await page.getAttribute('#bucket-evidence', 'data-evidence')).toBe('confirmed');
      expect(await page.getAttribute('#bucket-alert', 'data-state')).toBe('firing');
      expect(await page.textContent('#bucket-alert')).toMatch(/firing · bucket-growing since .*main\.leakySend/);
      expect(await page.textContent('#bucket-first-seen')).toMatch(/\d{4}.*\(\d+s ago\)/);
      await page.screenshot({ path: join(SHOTS, 'stack.png'), fullPage: true });
      const stack = await page.textContent('#stack');
      expect(stack).toContain('main.leakySend');
      expect(stack).toMatch(/testdata\/go\/watch\/watchsvc\/main\.go:\d+/);
      expect(await page.textContent('#bucket-state')).toBe('chan send');
      expect(await page.textContent('#bucket-pattern')).toMatch(
        /GG001 send on a channel whose receiver may have left\s*fix: /,
      );
      expect((page as Page & { errors?: string[] }).errors).toEqual([]);
      // Offline: every request the page made went to the watch process (uPlot included), none to a CDN.
      expect(offsite).toEqual([]);
      await page.close();
    } finally {
      leaking = false;
      await loop;
    }
  }, 90_000);

  it('shows <script> in file paths, labels and function names as text, never as markup', async () => {
    const xss = services[2]!;
    await xss.get('/leak?n=12');
    const fp = await waitUntil(async () => {
      const rows = (await (await fetch(`${server.url}/api/targets/xss/buckets`)).json()) as {
        fingerprint: string;
        siteFunc: string;
        count: number;
      }[];
      return rows.find((r) => r.siteFunc === 'main.leakySend' && r.count === 12)?.fingerprint;
    }, 'the xss target leak in the history');

    // Recorded data: a sample written straight into the history with HTML in the function names.
    const recorded: OkSample = {
      target: 'xss',
      t: Date.now(),
      ok: true,
      durationMs: 1,
      bytes: 1,
      goroutines: 7,
      parked: 7,
      ignored: 0,
      leaked: 0,
      blockedChannel: 7,
      timerGoroutines: 0,
      byClass: { 'chan-send': 7 },
      byState: { 'chan send': 7 },
      buckets: [
        { fingerprint: 'feedfacefeedface', count: 7, leaked: 0 },
        { fingerprint: FRAMELESS, count: 2, leaked: 0 },
      ],
      stacks: new Map<string, StackInfo>([
        [
          'feedfacefeedface',
          {
            fingerprint: 'feedfacefeedface',
            state: 'chan send',
            waitClass: 'chan-send',
            frames: [
              { func: XSS_FUNC, file: '/src/<b>bold</b>.go', line: 1 },
              { func: XSS_FUNC2, file: '/src/main.go', line: 2 },
            ],
            createdBy: { func: XSS_FUNC2, file: '/src/main.go', line: 3 },
            site: '/src/<b>bold</b>.go:1',
            siteFunc: XSS_FUNC,
            labels: { '<i>k</i>': '<script>window.__gg_xss=5</script>' },
            leakProne: true,
          },
        ],
        // A goroutine the dump printed without frames (running, starting or exiting when it was taken).
        [
          FRAMELESS,
          { fingerprint: FRAMELESS, state: 'running', waitClass: 'running', frames: [], labels: {}, leakProne: false },
        ],
      ]),
      suspects: [],
      evidence: evidenceCounts([]),
      leakProfile: false,
      warnings: [],
    };
    const recordedId = w.store.enqueueSample(recorded, w.store.targetId('xss', xss.url, recorded.t));
    await w.store.flush();

    const page = await open(`/#/t/xss/b/${fp}`);
    await page.waitForSelector('#stack');
    expect(await page.textContent('#stack')).toContain(`${XSS_DIR}/watchsvc/main.go:`);
    expect(await page.textContent('#bucket-labels')).toContain(`handler=${XSS_LABEL}`);

    await page.goto(`${server.url}/#/t/xss/b/feedfacefeedface`);
    await page.waitForSelector('#bucket[data-fingerprint="feedfacefeedface"]');
    await page.waitForSelector('#stack');
    const stack = (await page.textContent('#stack'))!;
    expect(stack).toContain(XSS_FUNC);
    expect(stack).toContain(XSS_FUNC2);
    expect(stack).toContain('/src/<b>bold</b>.go:1');
    expect(await page.textContent('#bucket-labels')).toContain('<i>k</i>=<script>window.__gg_xss=5</script>');

    // A frameless stack is shown as such, never as a hash with a dash for its site.
    await page.goto(`${server.url}/#/t/xss/b/${FRAMELESS}`);
    await page.waitForSelector('#bucket-frameless');
    expect(await page.textContent('#bucket-title')).toBe('goroutines without frames');
    await page.screenshot({ path: join(SHOTS, 'frameless.png'), fullPage: true });

    // The target page's sample comparison lists the recorded stack (its site function in the diff table).
    await page.goto(`${server.url}/#/t/xss`);
    await page.waitForSelector(`#diff-a option[value="${recordedId}"]`, { state: 'attached' });
    await page.selectOption('#diff-a', String(recordedId));
    await page.click('#diff-go');
    const diffRow = page.locator('#diff tr', { hasText: 'feedfacefeedface' });
    await diffRow.waitFor();
    expect(await diffRow.textContent()).toContain(XSS_FUNC);
    const frameless = page.locator('#diff tr', { hasText: FRAMELESS });
    expect(await frameless.locator('.stack-name').textContent()).toBe('goroutines without frames');

    // Nothing ran and nothing was parsed as markup: no flag set, only the page's own two scripts, no <img>, <b>, <i>.
    expect(await page.evaluate('typeof window.__gg_xss')).toBe('undefined');
    expect(await page.locator('script').count()).toBe(2);
    expect(await page.locator('main img, main b, main i').count()).toBe(0);
    expect((page as Page & { errors?: string[] }).errors).toEqual([]);
    await page.close();
  }, 90_000);
});
