// One URL resolution for every command (src/io/url.ts): the unit table, then a real Go server on 127.0.0.1 given as a
// bare host to analyze, diff, check --dump, capture, the analyze series and watch --once — all fetch its goroutines.

import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dumpUrl, resolveUrl } from '../../src/io/url.js';
import { resolveProfileUrl } from '../../src/io/input.js';
import { profileBase } from '../../src/io/capture.js';
import { baseUrl } from '../../src/watch/config.js';
import { buildServers, cli, startServer, SERVERS, type Running } from '../capture/servers.js';

describe('resolveUrl', () => {
  it.each([
    // spec, what analyze/diff/check fetch, capture's pprof dir, watch's service + profile path
    [
      'http://127.0.0.1:6061',
      'http://127.0.0.1:6061/debug/pprof/goroutine?debug=2',
      'http://127.0.0.1:6061/debug/pprof/',
      'http://127.0.0.1:6061',
      '/debug/pprof/goroutine',
    ],
    [
      'http://127.0.0.1:6061/',
      'http://127.0.0.1:6061/debug/pprof/goroutine?debug=2',
      'http://127.0.0.1:6061/debug/pprof/',
      'http://127.0.0.1:6061',
      '/debug/pprof/goroutine',
    ],
    [
      'http://127.0.0.1:6061/debug/pprof',
      'http://127.0.0.1:6061/debug/pprof/goroutine?debug=2',
      'http://127.0.0.1:6061/debug/pprof/',
      'http://127.0.0.1:6061',
      '/debug/pprof/goroutine',
    ],
    [
      'http://h:1/debug/pprof/goroutine',
      'http://h:1/debug/pprof/goroutine',
      'http://h:1/debug/pprof/',
      'http://h:1',
      '/debug/pprof/goroutine',
    ],
    [
      'http://h:1/debug/pprof/goroutine?debug=1',
      'http://h:1/debug/pprof/goroutine?debug=1',
      'http://h:1/debug/pprof/',
      'http://h:1',
      '/debug/pprof/goroutine',
    ],
    [
      'http://h:1/app/debug/pprof/?token=t',
      'http://h:1/app/debug/pprof/goroutine?token=t&debug=2',
      'http://h:1/app/debug/pprof/?token=t',
      'http://h:1/app',
      '/debug/pprof/goroutine',
    ],
    [
      'https://h/admin/pprof/goroutineleak?debug=1',
      'https://h/admin/pprof/goroutineleak?debug=1',
      'https://h/admin/pprof/',
      'https://h/admin',
      '/pprof/goroutine',
    ],
    ['http://h:1/app', 'http://h:1/app', 'http://h:1/app/debug/pprof/', 'http://h:1/app', '/debug/pprof/goroutine'],
    [
      'http://h:1/dumps/prod.txt',
      'http://h:1/dumps/prod.txt',
      'http://h:1/dumps/prod.txt/debug/pprof/',
      'http://h:1/dumps/prod.txt',
      '/debug/pprof/goroutine',
    ],
  ])('%s', (spec, dump, dir, service, profilePath) => {
    expect(dumpUrl(spec)).toBe(dump);
    expect(resolveProfileUrl(spec)).toBe(dump);
    expect(profileBase(spec)).toBe(dir);
    expect(baseUrl(spec)).toBe(service);
    expect(resolveUrl(spec).profilePath).toBe(profilePath);
  });

  it('one-line errors for what is not an http(s) URL', () => {
    expect(() => resolveUrl('ftp://h/debug/pprof/')).toThrow(/^ftp:\/\/h\/debug\/pprof\/: unsupported scheme ftp:/);
    expect(() => resolveUrl('http://')).toThrow(/not a valid URL/);
  });
});

describe('every command takes the bare host of a live service', () => {
  let servers: Awaited<ReturnType<typeof buildServers>>;
  let srv: Running;
  let bare: string;
  const tmp = mkdtempSync(path.join(tmpdir(), 'gg-url-'));

  beforeAll(async () => {
    servers = await buildServers(['leaky']);
    srv = await startServer(servers.bin('leaky'));
    bare = srv.url.replace(/\/$/, ''); // http://127.0.0.1:PORT — what the newcomer typed
  }, 180_000);
  afterAll(async () => {
    await srv?.stop();
    servers?.cleanup();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('analyze', async () => {
    const r = await cli('analyze', bare);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${bare}/debug/pprof/goroutine?debug=2: traceback (debug=2)`);
  });

  it('diff', async () => {
    const r = await cli('diff', bare, `${bare}/`);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Goroutines: \d+ → \d+/m);
  });

  it('check --dump', async () => {
    const r = await cli('check', path.join(SERVERS, 'leaky'), '--dump', bare);
    expect([0, 1]).toContain(r.code);
    expect(r.stdout).toMatch(
      /^check .*: \d+ static findings, \d+ dynamic suspects from http:\/\/127\.0\.0\.1:\d+ \(\d+ goroutines\)/,
    );
  });

  it('capture and the analyze series', async () => {
    const out = path.join(tmp, 'caps');
    const c = await cli('capture', bare, '--out', out, '--samples', '5', '--interval', '150ms', '--quiet');
    expect(c.code).toBe(0);
    // File names sort in time order (sub-second interval: every name has milliseconds), so `ls | sed -n '1p;$p'`
    // in the README picks the first and the last sample.
    const index = JSON.parse(readFileSync(path.join(out, 'index.json'), 'utf8')) as {
      entries: { profile: string; unixMs: number; file?: string }[];
    };
    const byTime = index.entries
      .filter((e) => e.profile === 'goroutine')
      .sort((a, b) => a.unixMs - b.unixMs)
      .map((e) => e.file);
    const names = readdirSync(out).filter((f) => f.startsWith('goroutine_'));
    expect(byTime).toHaveLength(5);
    expect(names.sort()).toEqual(byTime);
    const s = await cli('analyze', bare, '--samples', '2', '--interval', '100ms');
    expect(s.code).toBe(0);
    // Progress names no file: without --out the samples are not kept.
    expect(s.stderr).toMatch(/^\[1\/2\] goroutine +[\d.]+ (B|KiB) in \d+ ms$/m);
    expect(s.stderr).not.toMatch(/goroutine_\d+/);
    expect(s.stdout).toMatch(/^Series: 2 samples/m);
  });

  it('watch --once', async () => {
    const r = await cli('watch', '--once', '--data', path.join(tmp, 'w'), bare);
    expect([0, 1]).toContain(r.code);
    expect(r.stdout).toMatch(/^127\.0\.0\.1:\d+: up, \d+ goroutines$/m);
  });
});
