// The real watcher (scrape → analysis → rules → alerts → SQLite → webhooks) on an injected clock, scraping real
// debug=2 dumps of real Go programs (testdata/dumps, committed with the programs that made them) served over
// 127.0.0.1: eleven minutes of goroutines stuck on a lock (the same ids in every scrape) raise stuck-long once and
// keep it; their release resolves it after the hold; the healthy program's dump stays quiet all along.

import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildConfig } from '../../src/watch/config.js';
import type { WatchConfig } from '../../src/watch/config-model.js';
import type { Clock } from '../../src/watch/scheduler.js';
import { Watcher } from '../../src/watch/watcher.js';
import type { JsonPayload } from '../../src/watch/webhooks.js';
import { tempDir, TESTDATA } from '../helpers/go.js';
import { startReceiver } from './helpers.js';

const DUMPS = join(TESTDATA, 'dumps', 'go1.26');
const dump = (name: string) => readFileSync(join(DUMPS, name));
const SCRAPE = 30_000;
const MIN = 60_000;

/** Time moves only when the test says so; the watcher starts no timers of its own here (no `start()`). */
class ManualClock implements Clock {
  t = Date.UTC(2026, 11, 3, 9, 0, 0);
  now() {
    return this.t;
  }
  setTimeout() {
    return 0;
  }
  clearTimeout() {}
}

/** A service whose goroutine profile is whatever dump the test puts in `body`. */
async function dumpServer(): Promise<{ url: string; body: { current: Buffer }; server: Server }> {
  const body = { current: Buffer.alloc(0) };
  const server = createServer((req, res) => {
    if (req.url?.startsWith('/debug/pprof/goroutine?')) res.writeHead(200).end(body.current);
    else res.writeHead(404).end('404 page not found\n');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const a = server.address();
  return { url: `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`, body, server };
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function watch(rules: Record<string, unknown> = {}) {
  const tmp = tempDir('gguard-watch-dumps-');
  const svc = await dumpServer();
  const hooks = await startReceiver();
  const clock = new ManualClock();
  const cfg: WatchConfig = buildConfig(
    {
      data: join(tmp.dir, 'data'),
      capture: { onFiring: false },
      webhooks: [`${hooks.url}/hook`],
      rules,
      targets: [{ name: 'svc', url: svc.url, debug: 2, leakProfile: 'off' }],
    },
    { listen: '127.0.0.1:0' },
    (path, detail) => {
      throw new Error(`${path.join('.')}: ${detail}`);
    },
  );
  const w = await Watcher.open(cfg, { clock, processMetrics: false, webhookRetryDelays: [50] });
  cleanups.push(
    () => tmp.cleanup(),
    () => new Promise<void>((r) => svc.server.close(() => r())),
    () => hooks.close(),
    () => w.stop(),
  );
  /** Scrapes every 30 s of injected time for `ms`; returns the firing rules after each scrape. */
  const run = async (ms: number) => {
    const seen: string[][] = [];
    for (let end = clock.t + ms; clock.t < end;) {
      clock.t += SCRAPE;
      expect(await w.scrape('svc')).toBe(true);
      seen.push(w.firing('svc').map((a) => `${a.rule} ${a.value}`));
    }
    return seen;
  };
  const posts = () => hooks.received.map((r) => r.body as JsonPayload);
  return { w, svc, run, posts };
}

describe('lasting alerts on real dumps, real watcher, injected clock', () => {
  it('goroutines stuck on a lock for 11 minutes: stuck-long once, kept, resolved once after the release', async () => {
    const { w, svc, run, posts } = await watch();
    // GG012: 5 goroutines in sync.Mutex.Lock and 3 in sync.RWMutex.RLock, the same goroutine ids in every scrape.
    svc.body.current = dump('gg012.debug2.txt');
    const seen = await run(11 * MIN);
    const first = seen.findIndex((s) => s.length > 0);
    // Nothing until the ids have been there 10 minutes (first scrape + 20), then both stuck stacks, kept to the end.
    expect(first).toBe(20);
    expect(seen.slice(first).every((s) => s.length === 2)).toBe(true);
    const stuck = w.firing('svc');
    expect(stuck.map((a) => a.rule)).toEqual(['stuck-long', 'stuck-long']);
    expect(stuck.map((a) => a.summary).sort()).toEqual([
      expect.stringMatching(/^3 goroutines stuck for over 10 min in .*\(sync\.RWMutex\.RLock at gg012\.go:\d+\)$/),
      expect.stringMatching(/^5 goroutines stuck for over 10 min in .*\(sync\.Mutex\.Lock at gg012\.go:\d+\)$/),
    ]);

    // Released: the program's healthy dump. Resolved after the 5 min hold, not before.
    svc.body.current = dump('clean.debug2.txt');
    const after = await run(6 * MIN);
    expect(after.findIndex((s) => s.length === 0)).toBe(10);
    await w.stop();
    const byId = new Map<number, string[]>();
    for (const p of posts()) byId.set(p.alert.id, [...(byId.get(p.alert.id) ?? []), p.status]);
    expect([...byId.values()]).toEqual([
      ['firing', 'resolved'],
      ['firing', 'resolved'],
    ]);
  }, 60_000);

  it('the healthy program stays quiet for 15 minutes of scrapes', async () => {
    const { w, svc, run, posts } = await watch();
    svc.body.current = dump('clean.debug2.txt');
    const seen = await run(15 * MIN);
    expect(seen.flat()).toEqual([]);
    await w.stop();
    expect(posts()).toEqual([]);
  }, 60_000);

  it('debug=2 wait minutes count at once: only waits that are never healthy for long', async () => {
    const { w, svc, run } = await watch({ stuckAfter: '1m' });
    svc.body.current = dump('minutes.debug2.txt');
    await run(SCRAPE);
    const stuck = w.firing('svc').filter((a) => a.rule === 'stuck-long');
    const states = await Promise.all(stuck.map(async (a) => (await w.queries.stack(a.key))!.state));
    expect(new Set(states)).toEqual(
      new Set([
        'chan send',
        'chan send (nil chan)',
        'chan receive (nil chan)',
        'select (no cases)',
        'sync.Mutex.Lock',
        'sync.RWMutex.RLock',
        'sync.WaitGroup.Wait',
      ]),
    );
  }, 30_000);
});
