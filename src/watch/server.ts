// The watch process's HTTP side (fastify): the dashboard page and its static files (uPlot served from
// node_modules, never a CDN), a JSON API over the history, live updates (SSE), `/metrics`, and captured profiles
// for download. Bound to 127.0.0.1 by default; with a token every route but /healthz needs it.

import { createReadStream, readFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import { hostname } from 'node:os';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { GuardError } from '../core/index.js';
import type { Watcher } from './watcher.js';

/** Static files: name → [path, content type]. Nothing else on disk is reachable. */
function staticFiles(): Map<string, [string, string]> {
  const here = new URL('./web/', import.meta.url);
  // Under dist/ the page still lives in src/watch/web (tsc does not copy it).
  const web = existsSync(fileURLToPath(new URL('index.html', here)))
    ? here
    : new URL('../../src/watch/web/', import.meta.url);
  const req = createRequire(import.meta.url);
  const w = (f: string) => fileURLToPath(new URL(f, web));
  return new Map([
    ['index.html', [w('index.html'), 'text/html; charset=utf-8']],
    ['app.js', [w('app.js'), 'text/javascript; charset=utf-8']],
    ['dom.js', [w('dom.js'), 'text/javascript; charset=utf-8']],
    ['charts.js', [w('charts.js'), 'text/javascript; charset=utf-8']],
    ['target-view.js', [w('target-view.js'), 'text/javascript; charset=utf-8']],
    ['app.css', [w('app.css'), 'text/css; charset=utf-8']],
    ['uPlot.iife.min.js', [req.resolve('uplot/dist/uPlot.iife.min.js'), 'text/javascript; charset=utf-8']],
    ['uPlot.min.css', [req.resolve('uplot/dist/uPlot.min.css'), 'text/css; charset=utf-8']],
  ]);
}

/** No inline scripts may run: data is rendered as text, and even an escaping bug could not execute. */
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

export interface ServerOptions {
  listen: string;
  token?: string;
  /** Without a token: host names accepted besides the bound host, loopback names and IP literals. */
  allowedHosts?: readonly string[];
}

/**
 * Without a token, the Host header must name this server: a loopback name, an IP literal, the bound host, this
 * machine's host name or a configured name. A DNS-rebinding page (`evil.example` resolving to 127.0.0.1) sends its
 * own name and is refused, so it cannot read stacks through the victim's browser.
 */
export function hostChecker(listenHost: string, extra: readonly string[] = []): (host: string | undefined) => boolean {
  const allowed = new Set(
    ['localhost', listenHost, hostname(), ...extra].map((h) => h.toLowerCase().replace(/^\[|\]$/g, '')),
  );
  return (header) => {
    if (!header) return false;
    const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]+))(?::\d{1,5})?$/.exec(header.trim());
    if (!m) return false;
    const name = (m[1] ?? m[2]!).toLowerCase().replace(/\.$/, '');
    return m[1] !== undefined || isIP(name) !== 0 || allowed.has(name) || name.endsWith('.localhost');
  };
}

export async function startServer(w: Watcher, opts: ServerOptions): Promise<{ app: FastifyInstance; url: string }> {
  const app = Fastify({ logger: false, forceCloseConnections: true });
  const files = staticFiles();
  const cache = new Map<string, Buffer>();
  const read = (name: string): Buffer => {
    let b = cache.get(name);
    if (!b) {
      b = readFileSync(files.get(name)![0]);
      cache.set(name, b);
    }
    return b;
  };

  if (!opts.token) {
    const hostOk = hostChecker(splitListen(opts.listen).host, opts.allowedHosts);
    app.addHook('onRequest', async (req, reply) => {
      if (req.url === '/healthz' || hostOk(req.headers.host)) return;
      reply.code(403).send({
        error: `host ${(req.headers.host ?? '').slice(0, 100).replace(/[^\x21-\x7e]/g, '?')} is not allowed: add it with --allow-host or set --token`,
      });
    });
  }
  if (opts.token) {
    const want = Buffer.from(opts.token);
    const ok = (got: string | undefined) => {
      if (got === undefined) return false;
      const g = Buffer.from(got);
      return g.length === want.length && timingSafeEqual(g, want);
    };
    app.addHook('onRequest', async (req, reply) => {
      if (req.url === '/healthz') return;
      const auth = req.headers.authorization;
      const bearer = auth?.startsWith('Bearer ') ? auth.slice(7) : undefined;
      const cookie = /(?:^|;\s*)gg_token=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
      const query = (req.query as Record<string, string | undefined>).token;
      if (ok(bearer) || ok(cookie && decodeURIComponent(cookie))) return;
      if (ok(query)) {
        // First visit with ?token=: keep it in a cookie so the page's own requests carry it.
        reply.header('set-cookie', `gg_token=${encodeURIComponent(opts.token!)}; Path=/; HttpOnly; SameSite=Strict`);
        return;
      }
      reply.code(401).header('www-authenticate', 'Bearer').send({ error: 'a valid token is required' });
    });
  }
  app.addHook('onSend', async (_req, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
  });

  app.get('/', async (_req, reply) =>
    reply.type(files.get('index.html')![1]).header('content-security-policy', CSP).send(read('index.html')),
  );
  app.get('/static/:file', async (req: FastifyRequest<{ Params: { file: string } }>, reply) => {
    const f = files.get(req.params.file);
    if (!f || req.params.file === 'index.html') return reply.code(404).send({ error: 'not found' });
    return reply.type(f[1]).header('cache-control', 'no-cache').send(read(req.params.file));
  });
  app.get('/healthz', async () => ({ ok: true }));
  app.get('/favicon.ico', async (_req, reply) => reply.code(204).send());
  app.get('/metrics', async (_req, reply) => reply.type(w.metrics.contentType).send(await w.metrics.text()));

  type Named = FastifyRequest<{ Params: { name: string }; Querystring: Record<string, string | undefined> }>;
  const now = () => Date.now();
  /** An integer query value (times in ms, counts, ids) or the default; anything else is a 400. */
  const num = (v: string | undefined, d: number, name = 'value', min = Number.MIN_SAFE_INTEGER) => {
    if (v === undefined || v === '') return d;
    const n = Number(v);
    if (!/^-?\d{1,16}$/.test(v) || !Number.isSafeInteger(n) || n < min)
      throw new GuardError('usage', 'query', `bad value ${name}=${v.slice(0, 40)}`, {}, 'an integer');
    return n;
  };
  app.setErrorHandler((err: Error, _req, reply) => {
    if (err instanceof GuardError && err.source === 'query') return reply.code(400).send({ error: err.message });
    const status = (err as { statusCode?: number }).statusCode;
    // Fastify's own 4xx (bad URL, bad headers) keep their one-line message; anything else is ours: no internals.
    if (status && status >= 400 && status < 500) return reply.code(status).send({ error: err.message });
    return reply.code(500).send({ error: 'internal error' });
  });

  app.get('/api/targets', async () => {
    const rows = await w.queries.targets();
    const cfg = new Map(w.targetConfigs().map((t) => [t.name, t]));
    return rows
      .filter((r) => cfg.has(r.name))
      .map((r) => ({
        ...r,
        interval: cfg.get(r.name)!.interval,
        labels: cfg.get(r.name)!.labels,
        growing: [...w.growing(r.name)],
        firingRules: w.firing(r.name).map((a) => ({ rule: a.rule, severity: a.severity, summary: a.summary })),
      }));
  });
  app.get('/api/alerts', async (req: FastifyRequest<{ Querystring: { state?: string } }>) => {
    if (req.query.state === 'firing') return w.firing();
    return w.queries.alerts(undefined);
  });
  app.get('/api/targets/:name', async (req: Named, reply) => {
    const t = w.targetConfigs().find((c) => c.name === req.params.name);
    if (!t) return notFound(reply, 'target');
    return {
      name: t.name,
      url: t.url,
      interval: t.interval,
      labels: t.labels,
      rules: t.rules,
      last: w.lastState(t.name) ?? null,
      firing: w.firing(t.name),
      growing: [...w.growing(t.name)],
    };
  });
  app.get('/api/targets/:name/series', async (req: Named) => {
    const to = num(req.query.to, now(), 'to');
    const from = num(req.query.from, to - 3_600_000, 'from');
    return w.queries.series(req.params.name, from, to, Math.min(num(req.query.points, 600, 'points', 1), 5000));
  });
  app.get('/api/targets/:name/alerts', async (req: Named) => w.queries.alerts(req.params.name, 100));
  app.get('/api/targets/:name/buckets', async (req: Named) => {
    const growing = w.growing(req.params.name);
    const rows = await w.queries.topBuckets(req.params.name, num(req.query.window, 3_600_000, 'window', 1), 25);
    return rows.map((r) => ({ ...r, growing: growing.has(String(r.fingerprint)) }));
  });
  app.get(
    '/api/targets/:name/buckets/:fp/series',
    async (
      req: FastifyRequest<{ Params: { name: string; fp: string }; Querystring: Record<string, string | undefined> }>,
    ) => {
      const to = num(req.query.to, now(), 'to');
      const from = num(req.query.from, to - 3_600_000, 'from');
      return w.queries.bucketSeries(req.params.name, req.params.fp, from, to);
    },
  );
  app.get('/api/targets/:name/samples', async (req: Named) =>
    w.queries.samples(
      req.params.name,
      num(req.query.from, 0, 'from'),
      num(req.query.to, now(), 'to'),
      Math.min(num(req.query.limit, 200, 'limit', 1), 1000),
    ),
  );
  app.get('/api/targets/:name/diff', async (req: Named, reply) => {
    const d = await w.queries.diff(req.params.name, num(req.query.a, -1, 'a'), num(req.query.b, -1, 'b'));
    return d ?? notFound(reply, 'samples');
  });
  app.get('/api/targets/:name/captures', async (req: Named) => w.queries.captures(req.params.name));
  app.get('/api/stacks/:fp', async (req: FastifyRequest<{ Params: { fp: string } }>, reply) => {
    return (await w.queries.stack(req.params.fp)) ?? notFound(reply, 'stack');
  });
  app.get('/api/captures/:id/download', async (req: FastifyRequest<{ Params: { id: string } }>, reply) => {
    const c = await w.queries.capture(num(req.params.id, -1, 'id'));
    if (!c) return notFound(reply, 'capture');
    const st = await stat(c.path).catch(() => undefined);
    if (!st) return notFound(reply, 'capture file');
    return reply
      .type('text/plain; charset=utf-8')
      .header('content-length', st.size)
      .header('content-disposition', `attachment; filename="${basename(c.path).replace(/[^A-Za-z0-9._-]/g, '_')}"`)
      .send(createReadStream(c.path));
  });

  const streams = new Set<NodeJS.WritableStream & { end(): void }>();
  app.get('/api/events', (req, reply) => {
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      'x-content-type-options': 'nosniff',
    });
    res.write(': connected\n\n');
    streams.add(res);
    const off = w.onSample((e) => res.write(`event: sample\ndata: ${JSON.stringify(e)}\n\n`));
    const ping = setInterval(() => res.write(': ping\n\n'), 15_000);
    req.raw.on('close', () => {
      off();
      clearInterval(ping);
      streams.delete(res);
    });
  });
  app.addHook('onClose', async () => {
    for (const s of streams) s.end();
  });

  const { host, port } = splitListen(opts.listen);
  try {
    await app.listen({ host, port });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new GuardError('usage', '--listen', `cannot listen on ${opts.listen}: ${err.code ?? err.message}`);
  }
  const addr = app.server.address();
  const bound = typeof addr === 'object' && addr ? addr.port : port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return { app, url: `http://${shownHost}:${bound}` };
}

export function splitListen(listen: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]+)):(\d+)$/.exec(listen);
  if (!m) throw new GuardError('usage', '--listen', `"${listen}" is not host:port`);
  return { host: m[1] ?? m[2]!, port: Number(m[3]) };
}

function notFound(reply: FastifyReply, what: string) {
  return reply.code(404).send({ error: `no such ${what}` });
}
