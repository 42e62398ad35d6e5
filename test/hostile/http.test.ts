// Hostile HTTP, against real servers on 127.0.0.1: credentials given with -H (or a watch target's headers) never
// follow a redirect to another origin, and a decompression bomb served over HTTP stops at the cap.

import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { buildConfig } from '../../src/watch/config.js';
import { scrapeTarget } from '../../src/watch/scrape.js';
import { runCli } from '../helpers/cli.js';

const DUMP = readFileSync('testdata/dumps/go1.26/all.debug2.txt');
const servers: Server[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
});

async function serve(h: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  const s = createServer(h);
  servers.push(s);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
}

/** A server that records the headers it gets and serves the dump. */
async function recorder(): Promise<{ url: string; seen: IncomingMessage['headers'][] }> {
  const seen: IncomingMessage['headers'][] = [];
  const url = await serve((req, res) => {
    seen.push(req.headers);
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(DUMP);
  });
  return { url, seen };
}

/** A server that redirects every request to `to` (same path). */
const redirector = (to: () => string) =>
  serve((req, res) => {
    res.writeHead(302, { location: to() + (req.url ?? '/') });
    res.end();
  });

describe('redirects and credentials', () => {
  it('analyze: -H headers and cookies are not re-sent to another port', async () => {
    const other = await recorder();
    const from = await redirector(() => other.url);
    const r = await runCli([
      'analyze',
      `${from}/debug/pprof/goroutine?debug=2`,
      '-H',
      'Authorization: Bearer s3cret',
      '-H',
      'Cookie: session=abc',
    ]);
    expect(r.code).toBe(0);
    expect(other.seen).toHaveLength(1);
    expect(other.seen[0]!.authorization).toBeUndefined();
    expect(other.seen[0]!.cookie).toBeUndefined();
  });

  it('analyze: a redirect on the same origin keeps them', async () => {
    let seen: IncomingMessage['headers'] | undefined;
    const url = await serve((req, res) => {
      if (req.url === '/old') {
        res.writeHead(301, { location: '/debug/pprof/goroutine?debug=2' });
        res.end();
        return;
      }
      seen = req.headers;
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(DUMP);
    });
    const r = await runCli(['analyze', `${url}/old`, '-H', 'Authorization: Bearer s3cret']);
    expect(r.code).toBe(0);
    expect(seen?.authorization).toBe('Bearer s3cret');
  });

  it('watch: a target’s headers are not re-sent to another host', async () => {
    const other = await recorder();
    // 127.0.0.1 → localhost: same machine, another origin.
    const from = await redirector(() => other.url.replace('127.0.0.1', 'localhost'));
    const cfg = buildConfig(
      { targets: [{ url: from, name: 'svc', headers: { Authorization: 'Bearer s3cret' }, leakProfile: 'off' }] },
      {},
      (where, detail) => {
        throw new Error(`${where.join('.')}: ${detail}`);
      },
    );
    const sample = await scrapeTarget(cfg.targets[0]!, { checkedAt: 0 }, { now: Date.now(), maxBuckets: 100 });
    expect(sample.ok).toBe(true);
    expect(other.seen.length).toBeGreaterThan(0);
    for (const h of other.seen) expect(h.authorization).toBeUndefined();
  });
});

describe('bombs over HTTP', () => {
  it('analyze URL: a gzip-in-gzip response stops at --max-bytes, one line, exit 2', async () => {
    const lines = Buffer.from('\tmain.f()\n'.repeat(4 << 20)); // 40 MiB
    const bomb = gzipSync(gzipSync(Buffer.concat([DUMP, lines])));
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end(bomb);
    });
    const t0 = performance.now();
    const r = await runCli(['analyze', `${url}/debug/pprof/goroutine?debug=2`, '--max-bytes', '4MiB']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/input larger than the 4194304-byte cap \(raise it with --max-bytes\)/);
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});
