// What a user of a real endpoint runs into, against real HTTP(S) servers on 127.0.0.1 serving real dumps (from
// testdata/dumps): unreachable port, 404, an HTML page, a protected endpoint (-H), a response over the byte cap, a
// stalled response (timeout), TLS with a self-signed certificate (--cacert, --insecure), and failures in the middle
// of a series: each gives one clear line, and a series keeps going and is analyzed with the samples that are valid.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttp, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttps } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, cli } from './servers.js';

const DUMP = readFileSync(path.join(ROOT, 'testdata/dumps/go1.26/all.debug2.txt'));
const work = mkdtempSync(path.join(tmpdir(), 'gg-http-'));
const servers: Server[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  rmSync(work, { recursive: true, force: true });
});

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

async function listen(server: Server, scheme = 'http'): Promise<string> {
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `${scheme}://127.0.0.1:${(server.address() as AddressInfo).port}/debug/pprof/`;
}
const serve = (h: Handler) => listen(createHttp(h));

/** Serves `DUMP` as the goroutine profile; goroutineleak is 404, as on most Go versions. */
const dumpHandler: Handler = (req, res) => {
  if (req.url?.startsWith('/debug/pprof/goroutine?')) {
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(DUMP);
  } else {
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('Unknown profile\n');
  }
};

describe('the first sample fails: one line, exit 2', () => {
  it('unreachable port', async () => {
    const s = createHttp();
    const url = await listen(s);
    await new Promise((r) => s.close(r));
    const r = await cli('capture', url, '-o', path.join(work, 'refused'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^goroutine-guard: http:\/\/127\.0\.0\.1:\d+\/debug\/pprof\/goroutine\?debug=0: cannot fetch: connection refused/,
    );
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    const a = await cli('analyze', url, '--samples', '3', '--interval', '100ms');
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/goroutine\?debug=2: cannot fetch: connection refused/);
  });

  it('404: not a pprof endpoint', async () => {
    const url = await serve((_q, res) => {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('404 page not found\n');
    });
    const r = await cli('capture', url, '-o', path.join(work, 'nf'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /HTTP 404 Not Found: http:\/\/127\.0\.0\.1:\d+\/debug\/pprof\/ does not serve the goroutine profile/,
    );
  });

  it('an HTML page instead of a profile (a login page)', async () => {
    const url = await serve((_q, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><html><body><form>login</form></body></html>');
    });
    const r = await cli('capture', url, '-o', path.join(work, 'html'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/the server answered with an HTML page, not a goroutine profile/);
  });

  it('a protected endpoint: 401 without -H, fine with it', async () => {
    const seen: string[] = [];
    const url = await serve((req, res) => {
      seen.push(req.headers.authorization ?? '');
      if (req.headers.authorization !== 'Bearer s3cret') {
        res.writeHead(401, { 'content-type': 'text/plain' });
        res.end('unauthorized\n');
        return;
      }
      dumpHandler(req, res);
    });
    const denied = await cli('capture', url, '-o', path.join(work, 'auth0'));
    expect(denied.code).toBe(2);
    expect(denied.stderr).toMatch(/HTTP 401 Unauthorized: pass credentials with -H 'Authorization: …'/);
    const out = path.join(work, 'auth1');
    const ok = await cli('capture', url, '-o', out, '--debug', '2', '-H', 'Authorization: Bearer s3cret', '-q');
    expect(ok.code).toBe(0);
    expect(seen).toContain('Bearer s3cret');
    // Credentials never land in the index.
    expect(readFileSync(path.join(out, 'index.json'), 'utf8')).not.toMatch(/s3cret/);
  });

  it('a response over --max-bytes', async () => {
    const url = await serve(dumpHandler);
    const r = await cli('capture', url, '-o', path.join(work, 'cap'), '--debug', '2', '--max-bytes', '4KiB');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/response larger than the 4096-byte cap \(--max-bytes\)/);
  });

  it('a response that stalls past --timeout', async () => {
    const url = await serve((_q, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write(DUMP.subarray(0, 2000)); // then nothing: the handler never ends the response
    });
    const t0 = Date.now();
    const r = await cli('capture', url, '-o', path.join(work, 'slow'), '--debug', '2', '--timeout', '300ms');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no complete response within 300 ms/);
    expect(Date.now() - t0).toBeLessThan(5000);
  });
});

describe('TLS with a self-signed certificate', () => {
  let url: string;
  let cert: string;
  beforeAll(async () => {
    const dir = path.join(work, 'tls');
    execFileSync('mkdir', ['-p', dir]);
    const key = path.join(dir, 'key.pem');
    cert = path.join(dir, 'cert.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '2',
        '-subj',
        '/CN=127.0.0.1',
      ].concat(['-addext', 'subjectAltName=IP:127.0.0.1']),
      { stdio: 'ignore', timeout: 30_000 },
    );
    url = await listen(createHttps({ key: readFileSync(key), cert: readFileSync(cert) }, dumpHandler), 'https');
  });

  it('refuses an untrusted certificate and says how to fix it', async () => {
    const r = await cli('capture', url, '-o', path.join(work, 'tls0'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /TLS certificate not accepted \(.*\); trust its CA with --cacert FILE, or skip verification with --insecure/,
    );
  });

  it('works with --cacert and with --insecure', async () => {
    expect(
      (await cli('capture', url, '-o', path.join(work, 'tls1'), '--debug', '2', '--cacert', cert, '-q')).code,
    ).toBe(0);
    expect((await cli('capture', url, '-o', path.join(work, 'tls2'), '--debug', '2', '--insecure', '-q')).code).toBe(0);
    const a = await cli('analyze', url, '-n', '3', '-i', '100ms', '--cacert', cert, '-q');
    expect(a.code).toBe(0);
    expect(a.stdout).toMatch(/^Series: 3 samples/);
  });

  it('says so when the scheme is wrong', async () => {
    const r = await cli('capture', url.replace('https:', 'http:'), '-o', path.join(work, 'tls3'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot fetch: /);
  });
});

describe('failures in the middle of a series', () => {
  it('records them, goes on, and the series is analyzed with the valid samples', async () => {
    // goroutine requests in order: ok, 500, HTML, ok, truncated, ok
    const truncated = DUMP.subarray(0, Math.floor(DUMP.length / 2));
    const script: ((res: ServerResponse) => void)[] = [
      (res) => res.writeHead(200, { 'content-type': 'text/plain' }).end(DUMP),
      (res) => res.writeHead(500, { 'content-type': 'text/plain' }).end('boom\n'),
      (res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>maintenance</html>'),
      (res) => res.writeHead(200, { 'content-type': 'text/plain' }).end(DUMP),
      (res) => res.writeHead(200, { 'content-type': 'text/plain' }).end(truncated),
      (res) => res.writeHead(200, { 'content-type': 'text/plain' }).end(DUMP),
    ];
    let n = 0;
    const url = await serve((req, res) => {
      if (req.url?.startsWith('/debug/pprof/goroutine?')) script[n++]!(res);
      else res.writeHead(404).end();
    });
    const out = path.join(work, 'series');
    const r = await cli('capture', url, '-o', out, '-n', '6', '-i', '100ms', '--debug', '2');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/\[2\/6\] goroutine +FAILED: HTTP 500 Internal Server Error/);
    expect(r.stderr).toMatch(/\[3\/6\] goroutine +FAILED: the server answered with an HTML page/);
    expect(r.stderr).toMatch(/4 samples written to .*, 2 failed/);

    writeFileSync(path.join(out, 'README.md'), 'not a dump'); // ignored: the index lists the samples
    const a = await cli('analyze', out, '-f', 'json');
    expect(a.code).toBe(0);
    const j = JSON.parse(a.stdout);
    expect(j.samples).toHaveLength(3);
    expect(j.skipped.map((s: { reason: string }) => s.reason)).toEqual([
      'HTTP 500 Internal Server Error',
      expect.stringMatching(/HTML page/),
      expect.stringMatching(/truncated dump/),
    ]);
    expect(a.stderr).toMatch(/warning: skipped .*goroutine_\d+.*: truncated dump/);
    // Three identical dumps: nothing grows.
    expect(j.buckets.some((b: { growing: boolean }) => b.growing)).toBe(false);

    // A sample file deleted after the capture is a missing sample, not a crash.
    const index = JSON.parse(readFileSync(path.join(out, 'index.json'), 'utf8'));
    rmSync(path.join(out, index.entries[0].file));
    const b = await cli('analyze', out);
    expect(b.code).toBe(0);
    expect(b.stdout).toMatch(/Skipped 4 samples:/);
    expect(b.stdout).toMatch(/listed in index\.json but missing/);
    expect(b.stdout).toMatch(/2 valid samples: growth needs at least 3/);
  });
});
