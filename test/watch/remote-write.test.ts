// Remote-write of watch's samples into a real Prometheus (Debian's, with its remote-write receiver on): a watcher
// scraping a real leaking Go service sends snappy-compressed protobuf; Prometheus decodes it (its own snappy and
// protobuf code is the check of ours) and the values it answers are those of watch's SQLite history.

import type { ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/watch/config.js';
import { snappyCompress } from '../../src/watch/remote-write.js';
import { Watcher } from '../../src/watch/watcher.js';
import { tempDir } from '../helpers/go.js';
import { buildWatchsvc, startService, waitUntil, type Service } from './helpers.js';
import { startPrometheus } from './prometheus.js';

const tmp = tempDir('gguard-remote-write-');
let prom: ChildProcess | undefined;
let promUrl = '';
let svc: Service;
let w: Watcher;

beforeAll(async () => {
  const bin = await buildWatchsvc(tmp.dir);
  svc = await startService(bin, ['-mode', 'leaky']);
  await svc.get('/leak?n=40');
  writeFileSync(join(tmp.dir, 'prometheus.yml'), 'global: { scrape_interval: 1m }\n');
  const p = await startPrometheus(join(tmp.dir, 'prometheus.yml'), tmp.dir, ['--web.enable-remote-write-receiver']);
  prom = p.proc;
  promUrl = p.url;
  writeFileSync(
    join(tmp.dir, 'watch.yaml'),
    [
      `data: ${join(tmp.dir, 'data')}`,
      'interval: 500ms',
      'siteTopK: 3',
      `remoteWrite: { url: "${promUrl}/api/v1/write", labels: { shard: "1/1" }, flushInterval: 300ms }`,
      `targets: [ { name: leaky, url: "${svc.url}" } ]`,
    ].join('\n'),
  );
  w = await Watcher.open(await loadConfig(join(tmp.dir, 'watch.yaml')), { processMetrics: false });
  w.start();
}, 120_000);

afterAll(async () => {
  await w?.stop();
  prom?.kill('SIGKILL');
  await svc?.stop();
  tmp.cleanup();
});

async function query(q: string): Promise<{ metric: Record<string, string>; values: [number, string][] }[]> {
  // A range selector answers the raw samples, at their own timestamps.
  const url = `${promUrl}/api/v1/query?query=${encodeURIComponent(`${q}[10m]`)}`;
  const r = (await (await fetch(url)).json()) as { data: { result: [] } };
  return r.data.result;
}

describe('remote-write', () => {
  it('Prometheus receives the samples with the values SQLite keeps, labelled per target and shard', async () => {
    // Each raw sample sits at a scrape's time, with that scrape's goroutine count in SQLite.
    const matched = await waitUntil(
      async () => {
        const r = await query('goroutine_guard_target_goroutines{target="leaky"}');
        const byT = new Map((await w.queries.samples('leaky')).map((s) => [s.t, s.goroutines]));
        const exact = (r[0]?.values ?? []).filter(([t]) => byT.has(Math.round(t * 1000)));
        return exact.length >= 3 ? { series: r, byT, exact } : undefined;
      },
      'three remote-written samples in Prometheus that SQLite also has',
      30_000,
      200,
    );
    const { series, byT, exact } = matched;
    expect(series).toHaveLength(1);
    expect(series[0]!.metric).toMatchObject({ shard: '1/1', target: 'leaky' });
    for (const [t, v] of exact) expect(Number(v)).toBe(byT.get(Math.round(t * 1000)));
    expect(Math.max(...exact.map(([, v]) => Number(v)))).toBeGreaterThanOrEqual(40);
    // Top-k sites: the leaking send is the largest site.
    const sites = await query('goroutine_guard_target_site_goroutines{target="leaky"}');
    // At most k + 1 series at any scrape (which sites make the top 3 may change between scrapes).
    const perScrape = new Map<number, number>();
    for (const x of sites) for (const [t] of x.values) perScrape.set(t, (perScrape.get(t) ?? 0) + 1);
    expect(perScrape.size).toBeGreaterThan(0);
    for (const n of perScrape.values()) expect(n).toBeLessThanOrEqual(4);
    expect(sites.some((s) => s.metric.function === 'main.leakySend')).toBe(true);
  });

  it('compresses repetitive input; input without repeats grows by a few bytes only', () => {
    const text = Buffer.from('goroutine_guard_target_site_goroutines{target="leaky"} '.repeat(2000));
    expect(snappyCompress(text).length).toBeLessThan(text.length / 10);
    // Literal-only input (no 4-byte repeat) costs the length header and one tag per 60+ bytes, no more.
    const random = Buffer.from(Array.from({ length: 1000 }, (_, i) => (i * 7919) % 251));
    expect(snappyCompress(random).length).toBeLessThan(random.length + 10);
  });
});
