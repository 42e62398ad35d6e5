// Real things for the watch tests: the Go service from testdata/go/watch built and run on 127.0.0.1, a webhook
// receiver that is a real HTTP server, and polling helpers with deadlines (no sleeps that hope).

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../src/watch/config.js';
import { Watcher } from '../../src/watch/watcher.js';
import { goBuild, TESTDATA } from '../helpers/go.js';

export const WATCH_MODULE = join(TESTDATA, 'go', 'watch');

/** Builds watchsvc with the goroutineleak profile enabled (Go 1.26 needs the experiment; 1.27+ ignores it). */
export async function buildWatchsvc(dir: string, moduleDir = WATCH_MODULE): Promise<string> {
  return goBuild(moduleDir, './watchsvc', join(dir, 'watchsvc'), {
    GOEXPERIMENT: 'goroutineleakprofile',
    GOFLAGS: '-mod=mod',
  });
}

export interface Service {
  url: string;
  addr: string;
  proc: ChildProcessWithoutNullStreams;
  lines: string[];
  /** Resolves when a stdout line matching `re` appears (counting lines already seen after `from`). */
  waitForLine(re: RegExp, timeoutMs?: number, from?: number): Promise<string>;
  get(path: string): Promise<string>;
  stop(): Promise<void>;
}

export async function startService(bin: string, args: string[]): Promise<Service> {
  const proc = spawn(bin, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const waiters = new Set<() => void>();
  let buf = '';
  proc.stdout.on('data', (d: Buffer) => {
    buf += d.toString();
    let i: number;
    while ((i = buf.indexOf('\n')) !== -1) {
      lines.push(buf.slice(0, i));
      buf = buf.slice(i + 1);
    }
    for (const w of waiters) w();
  });
  let stderr = '';
  proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const waitForLine = (re: RegExp, timeoutMs = 10_000, from = 0) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const hit = lines.slice(from).find((l) => re.test(l));
        if (hit !== undefined) {
          waiters.delete(check);
          clearTimeout(timer);
          resolve(hit);
        }
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`no line matching ${re} from ${bin} within ${timeoutMs} ms; stderr: ${stderr}`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });
  const first = await waitForLine(/^listening on /);
  const addr = first.slice('listening on '.length).trim();
  const url = `http://${addr}`;
  return {
    url,
    addr,
    proc,
    lines,
    waitForLine,
    get: async (path) => (await fetch(url + path)).text(),
    stop: () =>
      new Promise<void>((resolve) => {
        if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
        proc.once('close', () => resolve());
        proc.kill('SIGKILL');
      }),
  };
}

export interface Received {
  path: string;
  headers: IncomingMessage['headers'];
  body: unknown;
}

/** A webhook receiver: records every POST; `failFirst` answers 500 to the first n requests (retry tests). */
export async function startReceiver(opts: { failFirst?: number } = {}): Promise<{
  url: string;
  received: Received[];
  server: Server;
  close: () => Promise<void>;
}> {
  const received: Received[] = [];
  let failures = opts.failFirst ?? 0;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      if (failures > 0) {
        failures--;
        res.writeHead(500).end('try again');
        return;
      }
      let parsed: unknown = body;
      try {
        parsed = JSON.parse(body);
      } catch {
        // keep the raw text: the assertion will say what arrived
      }
      received.push({ path: req.url ?? '', headers: req.headers, body: parsed });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const a = server.address();
  const port = typeof a === 'object' && a ? a.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    server,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** Polls `fn` until it returns a truthy value; throws with `what` after `timeoutMs`. */
export async function waitUntil<T>(
  fn: () => T | Promise<T>,
  what: string,
  timeoutMs = 20_000,
  everyMs = 50,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v as NonNullable<T>;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/**
 * A real watcher on a watch.yaml written into `dir` from `lines` (the CLI's own config loader), started: dashboard
 * on 127.0.0.1:0, no process metrics, webhooks retried once after 100 ms.
 */
export async function startWatcher(dir: string, lines: string[]): Promise<Watcher> {
  const cfgFile = join(dir, 'watch.yaml');
  writeFileSync(cfgFile, lines.join('\n'));
  const cfg = await loadConfig(cfgFile, { listen: '127.0.0.1:0' });
  const w = await Watcher.open(cfg, { processMetrics: false, webhookRetryDelays: [100] });
  w.start();
  return w;
}
