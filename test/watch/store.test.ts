// The SQLite history on a real file: commits, reloads after reopening, retention and downsampling, and the
// dashboard queries over what was written.

import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { afterAll, describe, expect, it } from 'vitest';
import { HistoryQueries } from '../../src/watch/queries.js';
import { Store } from '../../src/watch/store.js';
import type { Alert } from '../../src/watch/types.js';
import { tempDir } from '../helpers/go.js';
import { LEAK, NOISE, sample } from './samples.js';

const tmp = tempDir('gguard-watch-store-');
afterAll(() => tmp.cleanup());

const MIN = 60_000;

describe('history store', () => {
  it('commits queued samples in one transaction and reloads them after reopening', async () => {
    const path = join(tmp.dir, 'a.db');
    const s = await Store.open(path);
    const tid = s.targetId('svc', 'http://127.0.0.1:1', 0);
    for (let i = 0; i < 5; i++)
      s.enqueueSample(sample(i * 1000, 100 + i * 10, { [LEAK]: 10 + i * 10, [NOISE]: 3 }), tid);
    s.enqueueSample(
      { target: 'svc', t: 5000, ok: false, durationMs: 3, reason: 'refused', error: 'connection refused' },
      tid,
    );
    // Nothing is visible to another connection before the flush…
    const reader = createClient({ url: `file:${path}` });
    expect((await reader.execute('SELECT COUNT(*) AS n FROM samples')).rows[0]!.n).toBe(0);
    expect(await s.flush()).toBe(6);
    // …and everything after it.
    expect((await reader.execute('SELECT COUNT(*) AS n FROM samples')).rows[0]!.n).toBe(6);
    expect((await reader.execute('SELECT COUNT(*) AS n FROM stacks')).rows[0]!.n).toBe(2);
    expect((await reader.execute('PRAGMA journal_mode')).rows[0]!.journal_mode).toBe('wal');
    reader.close();
    const alert: Alert = {
      id: s.allocateAlertId(),
      target: 'svc',
      rule: 'bucket-growing',
      key: LEAK,
      severity: 'critical',
      state: 'firing',
      startsAt: 4000,
      lastSeen: 4000,
      summary: 'grew',
      value: 50,
      fingerprints: [LEAK],
      suspects: [],
      missing: 0,
    };
    s.enqueueAlert(alert, tid);
    await s.close();

    const again = await Store.open(path);
    const h = await again.loadHistory('svc', 3);
    expect(h.points.map((p) => [p.t, p.goroutines, p.counts.get(LEAK)])).toEqual([
      [2000, 120, 30],
      [3000, 130, 40],
      [4000, 140, 50],
    ]);
    expect(h.leakProne.get(LEAK)).toBe(true);
    expect(h.leakProne.get(NOISE)).toBe(false);
    expect((await again.loadFiringAlerts()).map((a) => [a.id, a.key])).toEqual([[alert.id, LEAK]]);
    // Ids continue: the next sample does not reuse one.
    const next = again.enqueueSample(sample(6000, 1, {}), again.targetId('svc', '', 0));
    expect(next).toBe(7);
    expect(again.allocateAlertId()).toBe(alert.id + 1);
    await again.close();
  });

  it('answers the dashboard queries', async () => {
    const s = await Store.open(join(tmp.dir, 'q.db'));
    const tid = s.targetId('svc', 'http://127.0.0.1:1', 0);
    const ids: number[] = [];
    for (let i = 0; i < 20; i++) {
      ids.push(s.enqueueSample(sample(i * MIN, 100 + i * 5, { [LEAK]: i * 5, [NOISE]: 20 - i }), tid));
    }
    await s.flush();
    const q = new HistoryQueries(s.client);
    const all = await q.series('svc', 0, 19 * MIN);
    expect(all).toHaveLength(20);
    // A point budget groups samples and keeps the largest of each group.
    const few = await q.series('svc', 0, 19 * MIN, 5);
    expect(few.length).toBeLessThanOrEqual(6);
    expect(Math.max(...few.map((p) => p.goroutines))).toBe(195);
    const top = await q.topBuckets('svc', 10 * MIN);
    expect(top[0]).toMatchObject({ fingerprint: LEAK, count: 95, before: 45, delta: 50, state: 'chan send' });
    expect(top[1]).toMatchObject({ fingerprint: NOISE, delta: -10 });
    const diff = await q.diff('svc', ids[0]!, ids[19]!);
    expect(diff!.buckets.map((b) => [b.fingerprint, b.a, b.b])).toEqual([
      [LEAK, 0, 95],
      [NOISE, 20, 1],
    ]);
    const bs = await q.bucketSeries('svc', LEAK, 0, 19 * MIN);
    expect(bs.map((p) => p.count)).toEqual(Array.from({ length: 20 }, (_, i) => i * 5));
    expect((await q.stack(LEAK))!.frames).toEqual([{ func: 'main.worker', file: '/src/main.go', line: 42 }]);
    // Diff pickers: every sample of a small range, an even thinning of a large one (newest first).
    expect((await q.samples('svc', 5 * MIN, 8 * MIN)).map((x) => x.t / MIN)).toEqual([8, 7, 6, 5]);
    expect((await q.samples('svc', 0, 19 * MIN, 5)).map((x) => x.t / MIN)).toEqual([19, 15, 11, 7, 3]);
    const targets = await q.targets(10);
    expect(targets[0]).toMatchObject({ name: 'svc', goroutines: 195, lastOk: true });
    expect(targets[0]!.sparkline).toHaveLength(10);
    await s.close();
  });

  it('keeps raw samples for rawRetention, one per step after that, none after retention', async () => {
    const s = await Store.open(join(tmp.dir, 'r.db'));
    const tid = s.targetId('svc', 'http://127.0.0.1:1', 0);
    const now = 100 * MIN;
    // One sample a minute for 100 minutes; goroutines peak at minute 7 of each 10-minute window.
    for (let i = 0; i < 100; i++) s.enqueueSample(sample(i * MIN, i % 10 === 7 ? 1000 + i : 100, { [LEAK]: i }), tid);
    await s.flush();
    await s.maintain(now, 80 * MIN, 40 * MIN, 10 * MIN);
    const q = new HistoryQueries(s.client);
    const left = await q.series('svc', 0, now, 10_000);
    const minutes = left.map((p) => p.t / MIN);
    // Older than 80 minutes: gone. 80 minutes .. 60 (= now − rawRetention, on a step boundary): one per window,
    // the peak. Younger: every sample.
    expect(minutes.filter((m) => m < 60)).toEqual([27, 37, 47, 57]);
    expect(minutes.filter((m) => m >= 60)).toEqual(Array.from({ length: 40 }, (_, i) => 60 + i));
    expect(left.find((p) => p.t === 27 * MIN)!.goroutines).toBe(1027);
    // Bucket rows of deleted samples are gone too.
    const rows = await s.client.execute('SELECT COUNT(*) AS n FROM sample_buckets');
    expect(rows.rows[0]!.n).toBe(44);
    // Idempotent: a second pass changes nothing.
    expect(await s.maintain(now, 80 * MIN, 40 * MIN, 10 * MIN)).toBe(0);
    await s.close();
  });
});
