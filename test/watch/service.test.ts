// End to end against real Go services on 127.0.0.1 (testdata/go/watch/watchsvc): one leaking on request, one
// healthy, one slow, one with a huge body, one that goes down and comes back. watch runs in-process with its real
// HTTP server, SQLite file and webhook receivers; nothing is mocked.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/watch/config.js';
import { startServer } from '../../src/watch/server.js';
import { Watcher } from '../../src/watch/watcher.js';
import type { JsonPayload, AlertmanagerAlert } from '../../src/watch/webhooks.js';
import { tempDir } from '../helpers/go.js';
import { buildWatchsvc, startReceiver, startService, waitUntil, type Service } from './helpers.js';

const tmp = tempDir('gguard-watch-e2e-');
const svcs: Record<string, Service> = {};
let w: Watcher;
let server: Awaited<ReturnType<typeof startServer>>;
let hooks: Awaited<ReturnType<typeof startReceiver>>;
let am: Awaited<ReturnType<typeof startReceiver>>;
const log: string[] = [];

beforeAll(async () => {
  const bin = await buildWatchsvc(tmp.dir);
  const [leaky, healthy, slow, huge, flappy] = await Promise.all([
    startService(bin, ['-mode', 'leaky']),
    startService(bin, ['-mode', 'healthy']),
    startService(bin, ['-mode', 'slow', '-delay', '3s']),
    startService(bin, ['-mode', 'huge', '-huge-bytes', String(64 << 20)]),
    startService(bin, ['-mode', 'healthy']),
  ]);
  Object.assign(svcs, { leaky, healthy, slow, huge, flappy });
  hooks = await startReceiver();
  am = await startReceiver();
  const cfgFile = join(tmp.dir, 'watch.yaml');
  writeFileSync(
    cfgFile,
    [
      `data: ${join(tmp.dir, 'data')}`,
      // Short enough for a quick test, long enough that a loaded CI machine does not time healthy targets out.
      'interval: 400ms',
      'timeout: 390ms',
      'backoffMax: 1s',
      'flushInterval: 200ms',
      'rules: { bucketSamples: 4, bucketMinRise: 5, resolveAfter: 2, resolveHold: 1s, downAfter: 3 }',
      'capture: { cooldown: 0s, timeout: 5s }',
      'webhooks:',
      `  - ${hooks.url}/hook`,
      `  - { url: "${am.url}", format: alertmanager }`,
      'targets:',
      `  - { name: leaky, url: "${leaky!.url}", metrics: /metrics, labels: { team: payments } }`,
      `  - { name: healthy, url: "${healthy!.url}", metrics: /debug/vars }`,
      `  - { name: slow, url: "${slow!.url}", interval: 500ms, timeout: 300ms }`,
      `  - { name: huge, url: "${huge!.url}", maxBytes: 1MiB }`,
      `  - { name: flappy, url: "${flappy!.url}" }`,
    ].join('\n'),
  );
  const cfg = await loadConfig(cfgFile, { listen: '127.0.0.1:0' });
  w = await Watcher.open(cfg, { log: (l) => log.push(l), webhookRetryDelays: [100], processMetrics: false });
  server = await startServer(w, { listen: cfg.listen });
  w.setPublicUrl(server.url);
  w.start();
}, 180_000);

afterAll(async () => {
  await server?.app.close();
  await w?.stop();
  await hooks?.close();
  await am?.close();
  await Promise.all(Object.values(svcs).map((s) => s.stop()));
  tmp.cleanup();
});

const firing = (target: string, rule: string) => w.firing(target).find((a) => a.rule === rule);
const jsonHooks = () => hooks.received.map((r) => r.body as JsonPayload);
const metricValue = async (re: RegExp) => {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const m = re.exec(text);
  return m ? Number(m[1]) : undefined;
};

describe('watch against real services', () => {
  it('fires bucket-growing for a leak in progress, with stacks, captures and both webhook formats', async () => {
    const leaky = svcs.leaky!;
    let leaking = true;
    const loop = (async () => {
      while (leaking) {
        await leaky.get('/leak?n=5');
        await new Promise((r) => setTimeout(r, 60));
      }
    })();
    const a = await waitUntil(() => firing('leaky', 'bucket-growing'), 'bucket-growing on leaky', 30_000);
    leaking = false;
    await loop;
    const st = (await (await fetch(`${server.url}/api/stacks/${a.key}`)).json()) as {
      frames: { func: string }[];
      pattern: string;
      labels: Record<string, string>;
    };
    expect(st.frames[0]!.func).toBe('main.leakySend');
    expect(st.pattern).toBe('GG001');
    expect(st.labels).toEqual({ handler: 'request' });

    const payload = await waitUntil(
      () => jsonHooks().find((p) => p.status === 'firing' && p.alert.rule === 'bucket-growing'),
      'the JSON webhook',
    );
    expect(payload.alert).toMatchObject({ target: 'leaky', key: a.key, labels: { team: 'payments' } });
    expect(payload.alert.dashboard).toBe(`${server.url}/#/t/leaky`);
    expect(payload.suspects[0]!.fingerprint).toBe(a.key);
    expect(payload.suspects[0]!.stack.map((f) => f.func)).toContain('main.leakySend');
    // Captured before notifying: the payload links the debug=2 dump, which has what debug=0 lacks.
    const cap = payload.captures.find((c) => c.kind === 'goroutine-debug2')!;
    const text = await (await fetch(cap.url)).text();
    expect(text).toMatch(/goroutine \d+ \[chan send/);
    expect(text).toContain('main.leakySend');
    expect(text).toMatch(/created by main\.handleLeak\.func1/);

    const amAlert = await waitUntil(
      () =>
        am.received
          .flatMap((r) => r.body as AlertmanagerAlert[])
          .find((x) => x.labels.alertname === 'GoroutineGuardBucketGrowing'),
      'the Alertmanager post',
    );
    expect(am.received[0]!.path).toBe('/api/v2/alerts');
    expect(amAlert.labels).toMatchObject({ target: 'leaky', fingerprint: a.key, team: 'payments' });
    expect(amAlert.annotations.description).toContain('main.leakySend');

    // Released goroutines: the stack stops growing and shrinks; the alert resolves, once.
    await leaky.get('/release');
    const resolved = await waitUntil(
      () => jsonHooks().find((p) => p.status === 'resolved' && p.alert.id === a.id),
      'the resolved notification',
      20_000,
    );
    expect(resolved.alert.endsAt).toBeDefined();
    expect(jsonHooks().filter((p) => p.status === 'firing' && p.alert.id === a.id)).toHaveLength(1);
    const hist = (await (await fetch(`${server.url}/api/targets/leaky/alerts`)).json()) as {
      id: number;
      state: string;
    }[];
    expect(hist.find((h) => h.id === a.id)!.state).toBe('resolved');
  });

  it('fires proven-leak from the goroutineleak profile', async () => {
    await svcs.leaky!.get('/leak-forever?n=3');
    const a = await waitUntil(() => firing('leaky', 'proven-leak'), 'proven-leak on leaky', 15_000);
    expect(a.value).toBe(3);
    expect(a.suspects[0]).toMatchObject({ evidence: 'proven', count: 3 });
    expect(a.suspects[0]!.stack[0]!.func).toBe('main.leakyForever');
    // Captures run right after the alert fires, before the webhook goes out.
    const kinds = await waitUntil(async () => {
      const caps = (await (await fetch(`${server.url}/api/targets/leaky/captures`)).json()) as {
        kind: string;
        alertId: number;
      }[];
      const mine = caps.filter((c) => c.alertId === a.id).map((c) => c.kind);
      return mine.length === 2 ? mine.sort() : undefined;
    }, 'both captures of the proven-leak alert');
    expect(kinds).toEqual(['goroutine-debug2', 'goroutineleak-debug2']);
    expect(await metricValue(/goroutine_guard_target_proven_leaked_goroutines\{target="leaky"\} (\d+)/)).toBe(3);
    expect(await metricValue(/goroutine_guard_target_leak_suspects\{target="leaky",evidence="proven"\} (\d+)/)).toBe(1);
  });

  it('keeps quiet about a healthy service and reads its MemStats', async () => {
    await waitUntil(
      async () => (await metricValue(/goroutine_guard_target_heap_alloc_bytes\{target="healthy"\} (\d+)/)) ?? 0,
      'expvar heap',
    );
    expect(w.firing('healthy')).toEqual([]);
    expect(await metricValue(/goroutine_guard_target_up\{target="healthy"\} (\d+)/)).toBe(1);
    expect(await metricValue(/goroutine_guard_target_goroutines\{target="healthy"\} (\d+)/)).toBeGreaterThan(0);
    expect(await metricValue(/goroutine_guard_target_heap_alloc_bytes\{target="leaky"\} (\d+)/)).toBeGreaterThan(0);
  });

  it('times out a slow target and caps a huge body, marking both down', async () => {
    await waitUntil(() => firing('slow', 'target-down'), 'slow target down', 20_000);
    expect(
      await metricValue(/goroutine_guard_scrape_errors_total\{target="slow",reason="timeout"\} (\d+)/),
    ).toBeGreaterThan(0);
    expect(await metricValue(/goroutine_guard_target_up\{target="slow"\} (\d+)/)).toBe(0);
    await waitUntil(() => firing('huge', 'target-down'), 'huge target down', 20_000);
    expect(
      await metricValue(/goroutine_guard_scrape_errors_total\{target="huge",reason="too-large"\} (\d+)/),
    ).toBeGreaterThan(0);
    expect(w.lastState('huge')!.error).toContain('larger than the 1048576-byte cap');
  });

  it('follows a target that goes down and comes back: target-down fires, then resolves', async () => {
    const flappy = svcs.flappy!;
    await waitUntil(() => w.lastState('flappy')?.ok, 'flappy scraped');
    await flappy.get('/control/down?for=3s');
    const down = await waitUntil(() => firing('flappy', 'target-down'), 'flappy down', 15_000);
    expect(down.summary).toMatch(/3 scrapes in a row failed: .*connection refused/);
    await waitUntil(
      () => jsonHooks().find((p) => p.status === 'resolved' && p.alert.id === down.id),
      'flappy back',
      20_000,
    );
    expect(w.lastState('flappy')!.ok).toBe(true);
    // Its history has the gap: failed samples between successful ones.
    const samples = (await (await fetch(`${server.url}/api/targets/flappy/samples`)).json()) as { ok: boolean }[];
    expect(samples.filter((s) => !s.ok).length).toBeGreaterThanOrEqual(3);
  });

  it('serves /metrics in Prometheus conventions and guards the API with a token', async () => {
    const text = await (await fetch(`${server.url}/metrics`)).text();
    for (const name of [
      'goroutine_guard_target_goroutines',
      'goroutine_guard_target_goroutines_by_wait_class',
      'goroutine_guard_target_blocked_channel_goroutines',
      'goroutine_guard_target_leak_suspects',
      'goroutine_guard_scrape_duration_seconds',
      'goroutine_guard_scrape_errors_total',
      'goroutine_guard_target_up',
      'goroutine_guard_alerts_firing',
    ]) {
      expect(text).toContain(`# TYPE ${name} `);
    }
    expect(text).toMatch(/goroutine_guard_target_goroutines_by_wait_class\{target="leaky",class="chan-send"\} \d+/);
    expect(text).toMatch(/goroutine_guard_alerts_firing\{target="leaky",rule="proven-leak",severity="critical"\} 1/);

    const guarded = await startServer(w, { listen: '127.0.0.1:0', token: 'let-me-in' });
    try {
      expect((await fetch(`${guarded.url}/api/targets`)).status).toBe(401);
      expect((await fetch(`${guarded.url}/metrics`)).status).toBe(401);
      expect((await fetch(`${guarded.url}/healthz`)).status).toBe(200);
      const ok = await fetch(`${guarded.url}/api/targets`, { headers: { authorization: 'Bearer let-me-in' } });
      expect(ok.status).toBe(200);
      const first = await fetch(`${guarded.url}/?token=let-me-in`);
      const cookie = first.headers.get('set-cookie')!;
      expect(cookie).toMatch(/^gg_token=let-me-in; .*HttpOnly/);
      expect((await fetch(`${guarded.url}/api/targets`, { headers: { cookie: cookie.split(';')[0]! } })).status).toBe(
        200,
      );
      expect(
        (await fetch(`${guarded.url}/api/targets`, { headers: { authorization: 'Bearer let-me-out' } })).status,
      ).toBe(401);
    } finally {
      await guarded.app.close();
    }
  });
});
