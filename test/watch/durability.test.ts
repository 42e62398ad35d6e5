// watch as a long-lived service, run as a real child process: `kill -9` in the middle of a scrape loses no
// committed sample and leaves a consistent database; a restart continues the same history (ids, open alerts);
// SIGTERM flushes every pending sample before exiting 0.

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createClient, type Client } from '@libsql/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/go.js';
import { buildWatchsvc, startService, waitUntil, type Service } from './helpers.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const tmp = tempDir('gguard-watch-kill-');
let bin: string;
const services: Service[] = [];
const children: ChildProcessWithoutNullStreams[] = [];

beforeAll(async () => {
  bin = await buildWatchsvc(tmp.dir);
}, 180_000);

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await Promise.all(services.map((s) => s.stop()));
  tmp.cleanup();
});

function startWatch(config: string): {
  proc: ChildProcessWithoutNullStreams;
  stderr: () => string;
  exited: Promise<[number | null, string | null]>;
} {
  const proc = spawn(
    join(ROOT, 'node_modules/.bin/vite-node'),
    ['test/watch/fixtures/cli.ts', '--', 'watch', '-c', config, '--no-server'],
    {
      cwd: ROOT,
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  children.push(proc);
  let err = '';
  proc.stderr.on('data', (d: Buffer) => (err += d.toString()));
  proc.stdout.on('data', () => undefined);
  const exited = new Promise<[number | null, string | null]>((r) => proc.once('exit', (code, sig) => r([code, sig])));
  return { proc, stderr: () => err, exited };
}

async function count(c: Client, sql: string): Promise<number> {
  return Number((await c.execute(sql)).rows[0]!.n);
}

describe('watch durability', () => {
  it('survives kill -9 mid-scrape without losing a committed sample, then continues the history', async () => {
    const leaky = await startService(bin, ['-mode', 'leaky']);
    const slow = await startService(bin, ['-mode', 'slow', '-delay', '400ms']);
    services.push(leaky, slow);
    await leaky.get('/leak-forever?n=2');
    const data = join(tmp.dir, 'kill');
    const cfg = join(tmp.dir, 'kill.yaml');
    writeFileSync(
      cfg,
      [
        `data: ${data}`,
        'flushInterval: 100ms',
        'capture: { onFiring: false }',
        'targets:',
        `  - { name: leaky, url: "${leaky.url}", interval: 150ms, timeout: 140ms }`,
        `  - { name: slow, url: "${slow.url}", interval: 1s, timeout: 900ms }`,
      ].join('\n'),
    );
    const first = startWatch(cfg);
    const dbPath = join(data, 'watch.db');
    await waitUntil(() => existsSync(dbPath), 'the database file', 30_000);
    const reader = createClient({ url: `file:${dbPath}` });
    try {
      await waitUntil(
        async () =>
          (await count(reader, 'SELECT COUNT(*) AS n FROM samples WHERE ok = 1')) >= 15 &&
          (await count(reader, `SELECT COUNT(*) AS n FROM alerts WHERE rule = 'proven-leak' AND state = 'firing'`)) ===
            1,
        '15 committed samples and the proven-leak alert',
        30_000,
      );
      // Mid-scrape: the slow target has just received a profile request and is holding it for 400 ms.
      await slow.waitForLine(/^profile request$/, 5000, slow.lines.length);
      const committed = (
        await reader.execute('SELECT id, target_id, t, ok, goroutines FROM samples ORDER BY id')
      ).rows.map((r) => JSON.stringify([r.id, r.target_id, r.t, r.ok, r.goroutines]));
      first.proc.kill('SIGKILL');
      expect(await first.exited).toEqual([null, 'SIGKILL']);
      reader.close();

      const after = createClient({ url: `file:${dbPath}` });
      expect((await after.execute('PRAGMA integrity_check')).rows[0]!.integrity_check).toBe('ok');
      const rows = new Set(
        (await after.execute('SELECT id, target_id, t, ok, goroutines FROM samples ORDER BY id')).rows.map((r) =>
          JSON.stringify([r.id, r.target_id, r.t, r.ok, r.goroutines]),
        ),
      );
      const lost = committed.filter((r) => !rows.has(r));
      expect(lost).toEqual([]);
      // No half-written sample: every successful sample has its per-stack rows.
      expect(
        await count(
          after,
          `SELECT COUNT(*) AS n FROM samples s WHERE ok = 1 AND NOT EXISTS (SELECT 1 FROM sample_buckets b WHERE b.sample_id = s.id)`,
        ),
      ).toBe(0);
      const maxBefore = await count(after, 'SELECT MAX(id) AS n FROM samples');
      const alertBefore = (await after.execute(`SELECT id FROM alerts WHERE rule = 'proven-leak'`)).rows.map((r) =>
        Number(r.id),
      );
      after.close();

      // Restart on the same data: new samples continue the ids, the open alert is continued, not fired again.
      const second = startWatch(cfg);
      const again = createClient({ url: `file:${dbPath}` });
      await waitUntil(
        async () => (await count(again, `SELECT COUNT(*) AS n FROM samples WHERE id > ${maxBefore} AND ok = 1`)) >= 5,
        'samples after the restart',
        30_000,
      );
      expect(
        (await again.execute(`SELECT id, state FROM alerts WHERE rule = 'proven-leak'`)).rows.map((r) => [
          Number(r.id),
          r.state,
        ]),
      ).toEqual([[alertBefore[0], 'firing']]);
      expect(await count(again, 'SELECT COUNT(*) AS n FROM targets')).toBe(2);
      again.close();
      second.proc.kill('SIGTERM');
      expect((await second.exited)[0]).toBe(0);
      expect(second.stderr()).toMatch(/SIGTERM: stopping/);
    } finally {
      reader.close();
    }
  }, 120_000);

  it('commits every pending sample on SIGTERM', async () => {
    const healthy = await startService(bin, ['-mode', 'healthy']);
    services.push(healthy);
    const data = join(tmp.dir, 'term');
    const cfg = join(tmp.dir, 'term.yaml');
    // Commits only at shutdown: nothing else triggers a flush for a quiet target.
    writeFileSync(
      cfg,
      [
        `data: ${data}`,
        'flushInterval: 1h',
        'targets:',
        `  - { name: quiet, url: "${healthy.url}", interval: 150ms, timeout: 140ms }`,
      ].join('\n'),
    );
    const run = startWatch(cfg);
    await healthy.waitForLine(/^profile request$/, 30_000);
    await waitUntil(() => healthy.lines.filter((l) => l === 'profile request').length >= 10, '10 scrapes', 20_000);
    const reader = createClient({ url: `file:${join(data, 'watch.db')}` });
    expect(await count(reader, 'SELECT COUNT(*) AS n FROM samples')).toBe(0);
    run.proc.kill('SIGTERM');
    expect((await run.exited)[0]).toBe(0);
    // Every profile the service answered became a committed sample (a scrape in flight at SIGTERM completes);
    // a scrape that timed out on this busy machine is committed too, as a failed sample.
    const served = healthy.lines.filter((l) => l === 'profile request').length;
    expect(await count(reader, 'SELECT COUNT(*) AS n FROM samples WHERE ok = 1')).toBe(served);
    const all = await count(reader, 'SELECT COUNT(*) AS n FROM samples');
    expect(run.stderr()).toMatch(new RegExp(`stopped; ${all} samples? committed this run \\(${all} at shutdown\\)`));
    reader.close();
  }, 60_000);
});
