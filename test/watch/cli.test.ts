// `goroutine-guard watch` through the real CLI entry (in-process): the quick form with --once, exit codes, and bad
// configuration reported as one line with exit 2.

import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/go.js';
import { buildWatchsvc, startService, type Service } from './helpers.js';

const tmp = tempDir('gguard-watch-cli-');
let leaky: Service;
let healthy: Service;

beforeAll(async () => {
  const bin = await buildWatchsvc(tmp.dir);
  [leaky, healthy] = await Promise.all([
    startService(bin, ['-mode', 'leaky']),
    startService(bin, ['-mode', 'healthy']),
  ]);
  await leaky.get('/leak-forever?n=3');
  await leaky.get('/leak?n=40');
}, 180_000);

afterAll(async () => {
  await leaky?.stop();
  await healthy?.stop();
  tmp.cleanup();
});

describe('goroutine-guard watch (CLI)', () => {
  it('--once on a leaking service: prints suspects and alerts, exits 1, leaves the history and captures', async () => {
    const data = join(tmp.dir, 'once');
    const r = await runCli([
      'watch',
      '--once',
      '--data',
      data,
      '--metrics',
      '/debug/vars',
      `${leaky.url}/debug/pprof/`,
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(new RegExp(`^${leaky.addr}: up, \\d+ goroutines$`, 'm'));
    expect(r.stdout).toMatch(/^ {2}proven GG001 3 goroutines blocked in chan send at main\.go:\d+$/m);
    expect(r.stdout).toMatch(/^ {2}suspected GG001 40 goroutines blocked in chan send at main\.go:\d+$/m);
    expect(r.stdout).toMatch(/^ {2}ALERT critical proven-leak: 3 goroutines proven leaked by the GC/m);
    expect(r.stderr).toMatch(/alert firing: .* proven-leak/);
    const caps = readdirSync(join(data, 'captures', leaky.addr.replace(':', '_'))).sort();
    expect(caps).toHaveLength(2);
    expect(caps[0]).toMatch(/-goroutine-debug2\.txt$/);
    expect(caps[1]).toMatch(/-goroutineleak-debug2\.txt$/);
    expect(readFileSync(join(data, 'captures', leaky.addr.replace(':', '_'), caps[1]!), 'utf8')).toMatch(/\(leaked\)/);
    // A second run continues the same history: the alert is still the same one, not fired again.
    const again = await runCli(['watch', '--once', '--data', data, `${leaky.url}/debug/pprof/`]);
    expect(again.code).toBe(1);
    expect(again.stderr).not.toMatch(/alert firing: .* proven-leak/);
  });

  it('--once on a healthy service exits 0', async () => {
    const r = await runCli(['watch', '--once', '--data', join(tmp.dir, 'healthy'), healthy.url]);
    // The one stderr line says where the history went (--once used to create .gguard/ silently).
    expect(r.stderr).toBe(`watch --once: history in ${join(tmp.dir, 'healthy', 'watch.db')} (--data to choose)\n`);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^127\.0\.0\.1:\d+: up, \d+ goroutines$/m);
    expect(r.stdout).not.toMatch(/ALERT/);
  });

  it('--interval 5s works without --timeout (the timeout follows the interval); a longer --timeout is exit 2', async () => {
    const r = await runCli(['watch', '--once', '--interval', '5s', '--data', join(tmp.dir, 'i5'), healthy.url]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^127\.0\.0\.1:\d+: up, \d+ goroutines$/m);
    const bad = await runCli(['watch', '--once', '--interval', '5s', '--timeout', '8s', healthy.url], { cwd: tmp.dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(
      /^goroutine-guard: <command line>: --timeout: timeout is longer than the interval \(8s > 5s/,
    );
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('--once on a service that is not there reports it down and exits 2 (nothing could be scraped)', async () => {
    const port = await closedPort();
    const r = await runCli(['watch', '--once', '--data', join(tmp.dir, 'down'), `http://127.0.0.1:${port}`]);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(new RegExp(`^127\\.0\\.0\\.1:${port}: DOWN \\(.*connection refused`, 'm'));
    expect(r.stderr).toMatch(/^watch --once: no target could be scraped \(1 down\)$/m);
  });

  it('--once with one target down and one up says so and keeps the exit code of the alerts', async () => {
    const port = await closedPort();
    const r = await runCli([
      'watch',
      '--once',
      '--data',
      join(tmp.dir, 'half'),
      healthy.url,
      `http://127.0.0.1:${port}`,
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/: up, \d+ goroutines$/m);
    expect(r.stdout).toMatch(new RegExp(`^127\\.0\\.0\\.1:${port}: DOWN`, 'm'));
    expect(r.stderr).toMatch(/^watch --once: 1 of 2 targets down$/m);
  });

  it.each([
    [['watch'], /no targets; expected a `targets:` list/],
    [['watch', 'ftp://x'], /"ftp:\/\/x" is not http\(s\)/],
    [['watch', '--config', 'nope.yaml'], /nope\.yaml: no such file/],
    [['watch', '--listen', 'everywhere', 'http://127.0.0.1:9'], /listen: "everywhere" is not host:port/],
  ])('rejects %j with one line and exit 2', async (args, message) => {
    const r = await runCli(args, { cwd: tmp.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('names the YAML line of a bad key', async () => {
    const cfg = join(tmp.dir, 'bad.yaml');
    writeFileSync(cfg, `targets:\n  - url: ${healthy.url}\n    intervall: 5s\n`);
    const r = await runCli(['watch', '--once', '-c', cfg]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `goroutine-guard: ${cfg}:3: targets[0].intervall: unknown key "intervall"; expected one of name, url, profilePath, debug, leakProfile, leakProfilePath, metrics, interval, timeout, maxBytes, headers, labels, sourceMap, rules\n`,
    );
  });
});

/** A port nothing listens on: bind one, then close it. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const a = srv.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      srv.close(() => resolve(port));
    });
  });
}
