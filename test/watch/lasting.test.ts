// A slow leak in a real Go service (testdata/go/watch/watchsvc) scraped by the real watcher on short intervals:
// the alert fires once, stays firing while the leak grows and while it stands still (a leak that stopped growing
// has not healed), the stuck goroutines alert on their own, and both resolve once — after the hold — when the
// goroutines are released. A healthy service beside it stays quiet. Real clock, real HTTP, real SQLite.

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scrapeTarget } from '../../src/watch/scrape.js';
import type { Watcher } from '../../src/watch/watcher.js';
import type { JsonPayload } from '../../src/watch/webhooks.js';
import { tempDir } from '../helpers/go.js';
import { buildWatchsvc, startReceiver, startService, startWatcher, waitUntil, type Service } from './helpers.js';

const tmp = tempDir('gguard-watch-lasting-');
let leaky: Service;
let healthy: Service;
let hooks: Awaited<ReturnType<typeof startReceiver>>;
let repeats: Awaited<ReturnType<typeof startReceiver>>;
let w: Watcher;
const HOLD = 2000;

beforeAll(async () => {
  const bin = await buildWatchsvc(tmp.dir);
  [leaky, healthy] = await Promise.all([
    startService(bin, ['-mode', 'leaky']),
    startService(bin, ['-mode', 'healthy']),
  ]);
  hooks = await startReceiver();
  repeats = await startReceiver();
  w = await startWatcher(tmp.dir, [
    `data: ${join(tmp.dir, 'data')}`,
    'interval: 250ms',
    'timeout: 240ms',
    'flushInterval: 200ms',
    'debug: 2',
    // Seconds instead of minutes: the same lifecycle, fast enough for a test.
    `rules: { bucketSamples: 4, bucketMinRise: 5, resolveHold: ${HOLD}ms, stuckAfter: 3s, stuckMinGoroutines: 5 }`,
    'capture: { onFiring: false }',
    'webhooks:',
    `  - ${hooks.url}/hook`,
    `  - { url: "${repeats.url}/hook", repeatInterval: 1s }`,
    'targets:',
    `  - { name: leaky, url: "${leaky.url}", leakProfile: off }`,
    `  - { name: healthy, url: "${healthy.url}", leakProfile: off }`,
  ]);
}, 120_000);

afterAll(async () => {
  await w?.stop();
  await hooks?.close();
  await repeats?.close();
  await Promise.all([leaky?.stop(), healthy?.stop()]);
  tmp.cleanup();
});

const payloads = () => hooks.received.map((r) => r.body as JsonPayload);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('a slow leak watched for real: one lasting alert', () => {
  it('fires once, stays firing through a plateau, alerts on stuck goroutines, resolves once after the hold', async () => {
    // A slow ramp: two goroutines every 300 ms, until the alert fires and a little beyond.
    let leaking = true;
    const ramp = (async () => {
      while (leaking) {
        await leaky.get('/leak?n=2');
        await sleep(300);
      }
    })();
    const a = await waitUntil(
      () => w.firing('leaky').find((x) => x.rule === 'bucket-growing'),
      'bucket-growing',
      20_000,
    );
    await sleep(1500);
    leaking = false;
    await ramp;

    // Plateau: nothing grows for 5 s (20 scrapes, 2.5 holds). The alert stays, the same one.
    const seen = new Set<number>();
    for (let i = 0; i < 25; i++) {
      await sleep(200);
      const open = w.firing('leaky').find((x) => x.rule === 'bucket-growing');
      expect(open?.id, `bucket-growing still firing after ${i * 200} ms of plateau`).toBe(a.id);
      seen.add(open!.id);
    }
    expect(w.firing('leaky').find((x) => x.rule === 'bucket-growing')!.summary).toMatch(
      /main\.leakySend \(chan send at main\.go:\d+\) no longer growing but not healed/,
    );
    // The same goroutine ids at the same site for over 3 s: stuck-long fires on its own.
    const stuck = await waitUntil(() => w.firing('leaky').find((x) => x.rule === 'stuck-long'), 'stuck-long', 10_000);
    expect(stuck.key).toBe(a.key);
    expect(stuck.summary).toMatch(/^\d+ goroutines stuck for over 3 s in main\.leakySend/);

    // Released: both resolve, not before the hold.
    const releasedAt = Date.now();
    await leaky.get('/release');
    await waitUntil(() => w.firing('leaky').length === 0, 'both alerts resolved', 15_000);
    expect(Date.now() - releasedAt).toBeGreaterThanOrEqual(HOLD);
    await waitUntil(() => payloads().filter((p) => p.status === 'resolved').length === 2, 'resolved webhooks');

    // One firing and one resolved webhook per alert for the whole incident.
    const byAlert = (id: number) =>
      payloads()
        .filter((p) => p.alert.id === id)
        .map((p) => p.status);
    expect(byAlert(a.id)).toEqual(['firing', 'resolved']);
    expect(byAlert(stuck.id)).toEqual(['firing', 'resolved']);
    expect(payloads().every((p) => p.alert.target === 'leaky')).toBe(true);
    // A hook with `repeatInterval: 1s` heard the still-firing alert again every second or so, then resolved once.
    const again = repeats.received.map((r) => r.body as JsonPayload).filter((p) => p.alert.id === a.id);
    expect(again.filter((p) => p.status === 'firing').length).toBeGreaterThanOrEqual(4);
    expect(again.filter((p) => p.status === 'resolved')).toHaveLength(1);
    expect(again.at(-1)!.status).toBe('resolved');
    expect(w.firing('healthy')).toEqual([]);
  }, 60_000);

  it('counts goroutines waiting on a ticker as timer waits (they are parked in chan receive, not sleep)', async () => {
    const timers = async (target: string) => {
      const m = new RegExp(`goroutine_guard_target_timer_goroutines\\{target="${target}"\\} (\\d+)`).exec(
        await w.metrics.registry.metrics(),
      );
      return m ? Number(m[1]) : undefined;
    };
    await leaky.get('/leak-ticker?n=25');
    expect(await waitUntil(async () => ((await timers('leaky')) ?? 0) >= 25 && timers('leaky'), 'timer waits')).toBe(
      25,
    );
    expect(await timers('healthy')).toBe(0);
    // The stack and its suspect are named by the blocking line, as analyze names them: a ticker loop is GG004 with
    // the ticker's fix, not GG002 "close the channel" (a ticker's channel is never closed).
    const sample = await scrapeTarget(
      w.targetConfigs().find((t) => t.name === 'leaky')!,
      { checkedAt: 0 },
      {
        now: Date.now(),
        maxBuckets: 200,
      },
    );
    if (!sample.ok) throw new Error(`scrape failed: ${sample.error}`);
    const ticker = [...sample.stacks.values()].find((st) => st.siteFunc === 'main.heartbeat');
    expect(ticker?.pattern).toBe('GG004');
    const suspect = sample.suspects.find((f) => f.location?.func === 'main.heartbeat');
    expect(suspect?.ruleId).toBe('GG004');
    expect(suspect?.fix).toMatch(/t\.Stop\(\)/);
    expect(suspect?.data?.code).toMatch(/range t\.C/);
  }, 20_000);
});
