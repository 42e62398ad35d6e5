// The scraper's HTTP edge: one GET with a per-target timeout and byte cap, to memory (profiles, metrics) or to a
// file (triggered captures). Failures become a `ScrapeError` whose `reason` feeds the scrape_errors_total metric.

import { createWriteStream } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';

export type ScrapeErrorReason = 'timeout' | 'refused' | 'http' | 'too-large' | 'network' | 'parse' | 'not-found';

export class ScrapeError extends Error {
  constructor(
    readonly reason: ScrapeErrorReason,
    readonly url: string,
    detail: string,
    readonly status?: number,
  ) {
    super(`${url}: ${detail}`);
    this.name = 'ScrapeError';
  }
}

export interface GetOptions {
  timeoutMs: number;
  maxBytes: number;
  headers?: Record<string, string>;
  /** Injected for tests; default the global fetch. */
  fetch?: typeof fetch;
}

export interface GetResult {
  status: number;
  contentType: string;
  body: Buffer;
}

/** GET `url` into memory. Rejects with a ScrapeError on non-2xx, timeout, cap or network failure. */
export async function getCapped(url: string, opts: GetOptions): Promise<GetResult> {
  const ctl = new AbortController();
  const timer = setTimeout(
    () => ctl.abort(new ScrapeError('timeout', url, `no complete answer within ${opts.timeoutMs} ms`)),
    opts.timeoutMs,
  );
  try {
    const res = await send(url, opts, ctl);
    const parts: Buffer[] = [];
    let n = 0;
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      n += chunk.byteLength;
      if (n > opts.maxBytes) {
        const err = new ScrapeError('too-large', url, `response larger than the ${opts.maxBytes}-byte cap`);
        ctl.abort(err);
        throw err;
      }
      parts.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    }
    return { status: res.status, contentType: res.headers.get('content-type') ?? '', body: Buffer.concat(parts, n) };
  } catch (e) {
    throw toScrapeError(e, url, ctl);
  } finally {
    clearTimeout(timer);
  }
}

/** GET `url` into `path` (written to `path.part` first, renamed when complete). Returns the byte count. */
export async function getToFile(url: string, path: string, opts: GetOptions): Promise<number> {
  const ctl = new AbortController();
  const timer = setTimeout(
    () => ctl.abort(new ScrapeError('timeout', url, `not complete within ${opts.timeoutMs} ms`)),
    opts.timeoutMs,
  );
  const part = `${path}.part`;
  const out = createWriteStream(part);
  let n = 0;
  try {
    const res = await send(url, opts, ctl);
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      n += chunk.byteLength;
      if (n > opts.maxBytes) {
        const err = new ScrapeError('too-large', url, `response larger than the ${opts.maxBytes}-byte cap`);
        ctl.abort(err);
        throw err;
      }
      if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
    }
    await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
    await rename(part, path);
    return n;
  } catch (e) {
    out.destroy();
    await unlink(part).catch(() => undefined);
    throw toScrapeError(e, url, ctl);
  } finally {
    clearTimeout(timer);
  }
}

async function send(url: string, opts: GetOptions, ctl: AbortController): Promise<Response> {
  const f = opts.fetch ?? fetch;
  const res = await f(url, { signal: ctl.signal, headers: opts.headers ?? {}, redirect: 'follow' });
  if (!res.ok) {
    // Drain nothing: cancel the body so the connection is not kept busy.
    await res.body?.cancel().catch(() => undefined);
    throw new ScrapeError(
      res.status === 404 ? 'not-found' : 'http',
      url,
      `HTTP ${res.status} ${res.statusText}`.trim(),
      res.status,
    );
  }
  if (!res.body) throw new ScrapeError('http', url, 'empty response body', res.status);
  return res;
}

function toScrapeError(e: unknown, url: string, ctl: AbortController): ScrapeError {
  if (e instanceof ScrapeError) return e;
  if (ctl.signal.aborted && ctl.signal.reason instanceof ScrapeError) return ctl.signal.reason;
  const err = e as Error & { cause?: { code?: string; message?: string } };
  const code = err.cause?.code ?? '';
  if (code === 'ECONNREFUSED') return new ScrapeError('refused', url, 'connection refused');
  return new ScrapeError('network', url, code || err.cause?.message || err.message);
}
