// The watch server against a hostile browser or client, on 127.0.0.1: a DNS-rebinding Host is refused without a
// token, and bad query values are a 400 with one line, never a 500 with internal text.

import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConfig } from '../../src/watch/config.js';
import { startServer } from '../../src/watch/server.js';
import { Watcher } from '../../src/watch/watcher.js';

const dir = mkdtempSync(join(tmpdir(), 'gg-hostile-watch-'));
let w: Watcher;
let app: FastifyInstance;
let port = 0;

beforeAll(async () => {
  const cfg = buildConfig(
    { data: join(dir, 'data'), targets: [{ name: 'svc', url: 'http://127.0.0.1:9' }] },
    { listen: '127.0.0.1:0' },
    (path, detail) => {
      throw new Error(`${path.join('.')}: ${detail}`);
    },
  );
  w = await Watcher.open(cfg, { processMetrics: false });
  const s = await startServer(w, { listen: cfg.listen, allowedHosts: ['guard.internal'] });
  app = s.app;
  port = Number(new URL(s.url).port);
});
afterAll(async () => {
  await app?.close();
  await w?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function get(path: string, host = `127.0.0.1:${port}`): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('DNS rebinding (no token)', () => {
  it('refuses a foreign Host name on every data route', async () => {
    for (const path of ['/api/targets', '/api/targets/svc/series', '/api/stacks/abc', '/metrics', '/']) {
      const r = await get(path, `evil.example:${port}`);
      expect(r.status, path).toBe(403);
      expect(r.body).toMatch(/host evil\.example:\d+ is not allowed: add it with --allow-host or set --token/);
      expect(r.body).not.toContain('svc');
    }
  });

  it('answers loopback names, IP literals, the bound host and configured names', async () => {
    for (const host of [
      `127.0.0.1:${port}`,
      `localhost:${port}`,
      `[::1]:${port}`,
      'guard.internal',
      'GUARD.internal.',
    ]) {
      const r = await get('/api/targets', host);
      expect(r.status, host).toBe(200);
    }
    expect((await get('/healthz', 'evil.example')).status).toBe(200);
  });
});

describe('bad query values', () => {
  const bad = [
    '/api/targets/svc/series?from=-1e308',
    '/api/targets/svc/series?to=1e400',
    '/api/targets/svc/series?points=-5',
    '/api/targets/svc/samples?limit=0x10',
    '/api/targets/svc/buckets?window=NaN',
    '/api/targets/svc/diff?a=1.5&b=2',
    '/api/targets/svc/buckets/abc/series?from=99999999999999999999',
  ];
  for (const path of bad) {
    it(`${path} → 400 with one line`, async () => {
      const r = await get(path);
      expect(r.status).toBe(400);
      const body = JSON.parse(r.body) as { error: string };
      expect(body.error).toMatch(/^query: bad value \w+=.*; expected an integer$/);
      expect(r.body).not.toMatch(/\n|at \w+ \(|SQL|sqlite/i);
    });
  }

  it('good values still answer', async () => {
    const r = await get(`/api/targets/svc/series?from=0&to=${Date.now()}&points=10`);
    expect(r.status).toBe(200);
  });
});
