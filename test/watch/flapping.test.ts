// A flapping target watched for real (testdata/go/watch/watchsvc: /control/down closes its listener for a while,
// then listens on the same address again): down, up, down, up… as a crash loop looks. The watcher keeps one
// target-down alert for the whole incident — one firing and one resolved webhook, the relapses counted as flaps —
// and resolves it only once the target has stayed up for the hold. Real clock, real HTTP, real SQLite.

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Watcher } from '../../src/watch/watcher.js';
import type { JsonPayload } from '../../src/watch/webhooks.js';
import { tempDir } from '../helpers/go.js';
import { buildWatchsvc, startReceiver, startService, startWatcher, waitUntil, type Service } from './helpers.js';

const tmp = tempDir('gguard-watch-flap-');
let flappy: Service;
let hooks: Awaited<ReturnType<typeof startReceiver>>;
let w: Watcher;
/** Long beside the up phases below (about 0.5 s), so a busy machine does not resolve the alert between flaps. */
const HOLD = 3000;

beforeAll(async () => {
  const bin = await buildWatchsvc(tmp.dir);
  flappy = await startService(bin, ['-mode', 'healthy']);
  hooks = await startReceiver();
  w = await startWatcher(tmp.dir, [
    `data: ${join(tmp.dir, 'data')}`,
    'interval: 200ms',
    'timeout: 190ms',
    'flushInterval: 200ms',
    `rules: { downAfter: 3, resolveHold: ${HOLD}ms }`,
    'capture: { onFiring: false }',
    'webhooks:',
    `  - ${hooks.url}/hook`,
    'targets:',
    `  - { name: flappy, url: "${flappy.url}", leakProfile: off }`,
  ]);
}, 120_000);

afterAll(async () => {
  await w?.stop();
  await hooks?.close();
  await flappy?.stop();
  tmp.cleanup();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const downAlert = () => w.firing('flappy').find((a) => a.rule === 'target-down');

describe('a flapping target watched for real', () => {
  it('one target-down alert for the whole crash loop, flaps counted, resolved once after it stays up', async () => {
    await waitUntil(() => w.lastState('flappy')?.ok, 'flappy scraped');
    // First fall: down long enough for the alert to fire.
    await flappy.get('/control/down?for=2s');
    const a = await waitUntil(downAlert, 'target-down', 15_000);
    const ups = () => flappy.lines.filter((l) => l === 'up').length;
    // Then three more falls, each after a short time up (shorter than the hold).
    for (let round = 1; round <= 3; round++) {
      await waitUntil(() => ups() >= round, `flappy up again (${round})`, 15_000);
      await waitUntil(() => w.lastState('flappy')?.ok, `flappy scraped up (${round})`, 15_000);
      await sleep(300);
      expect(downAlert()?.id, `still the same alert in up phase ${round}`).toBe(a.id);
      await flappy.get('/control/down?for=1200ms');
      await waitUntil(() => w.lastState('flappy')?.ok === false, `flappy scraped down (${round})`, 15_000);
    }
    await waitUntil(() => ups() >= 4, 'flappy up for good', 15_000);
    const upAt = Date.now();
    await waitUntil(() => !downAlert(), 'target-down resolved', 20_000);
    expect(Date.now() - upAt).toBeGreaterThanOrEqual(HOLD - 500);

    const payloads = () =>
      hooks.received.map((r) => r.body as JsonPayload).filter((p) => p.alert.rule === 'target-down');
    await waitUntil(() => payloads().some((p) => p.status === 'resolved'), 'resolved webhook');
    // One alert, one firing and one resolved webhook; the relapses were flaps of it, not new alerts.
    expect(payloads().map((p) => [p.alert.id, p.status])).toEqual([
      [a.id, 'firing'],
      [a.id, 'resolved'],
    ]);
    // The resolved notification says how often it came back while counting down.
    expect(payloads()[1]!.alert.summary).toMatch(/\(flapped [1-9]\d* times?, kept as one alert\)$/);
  }, 90_000);
});
