// Where dump bytes come from: a file, `-` (stdin) or an http(s) URL. This is the I/O edge; parsers only see the
// chunk stream returned here.

import { createReadStream, promises as fs } from 'node:fs';
import { GuardError } from '../core/errors.js';

export interface InputOptions {
  stdin?: NodeJS.ReadableStream;
  /** Injected for tests; defaults to the global fetch. */
  fetch?: typeof fetch;
  /** HTTP timeout for the whole response, ms. Default 30 s. */
  timeoutMs?: number;
  /** Response byte cap for URLs. Default 2 GiB. */
  maxBytes?: number;
  headers?: Record<string, string>;
}

export interface OpenedInput {
  source: string;
  chunks: AsyncIterable<Uint8Array>;
}

export function isUrl(spec: string): boolean {
  return /^https?:\/\//i.test(spec);
}

/**
 * A `/debug/pprof/` base URL means "the goroutine profile": debug=2 carries states, ids and wait times.
 * Any other URL is fetched as given.
 */
export function resolveProfileUrl(spec: string): string {
  const u = new URL(spec);
  if (/\/debug\/pprof\/?$/.test(u.pathname)) {
    u.pathname = u.pathname.replace(/\/?$/, '/goroutine');
    if (!u.searchParams.has('debug')) u.searchParams.set('debug', '2');
  }
  return u.toString();
}

export async function openInput(spec: string, opts: InputOptions = {}): Promise<OpenedInput> {
  if (spec === '-') {
    const stdin = opts.stdin ?? process.stdin;
    return { source: '<stdin>', chunks: stdin as AsyncIterable<Uint8Array> };
  }
  if (isUrl(spec)) return openUrl(resolveProfileUrl(spec), opts);
  try {
    const st = await fs.stat(spec);
    if (st.isDirectory()) throw new GuardError('io', spec, 'is a directory', {}, 'a dump file');
  } catch (e) {
    if (e instanceof GuardError) throw e;
    const err = e as NodeJS.ErrnoException;
    throw new GuardError('io', spec, err.code === 'ENOENT' ? 'no such file' : `cannot read: ${err.message}`);
  }
  return { source: spec, chunks: createReadStream(spec, { highWaterMark: 1 << 20 }) };
}

async function openUrl(url: string, opts: InputOptions): Promise<OpenedInput> {
  const f = opts.fetch ?? fetch;
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const signal = AbortSignal.timeout(timeoutMs);
  let res: Response;
  try {
    res = await f(url, { signal, headers: opts.headers, redirect: 'follow' });
  } catch (e) {
    const err = e as Error & { cause?: { code?: string; message?: string } };
    const why =
      err.name === 'TimeoutError' || err.name === 'AbortError'
        ? `no response within ${timeoutMs} ms`
        : (err.cause?.code ?? err.cause?.message ?? err.message);
    throw new GuardError('http', url, `cannot fetch: ${why}`);
  }
  if (!res.ok) {
    throw new GuardError(
      'http',
      url,
      `HTTP ${res.status} ${res.statusText}`.trim(),
      {},
      'HTTP 200 with a goroutine profile',
    );
  }
  const type = res.headers.get('content-type') ?? '';
  if (/text\/html/i.test(type)) {
    throw new GuardError(
      'http',
      url,
      'the server answered with an HTML page',
      {},
      'a goroutine profile (is the URL the pprof index page?)',
    );
  }
  if (!res.body) throw new GuardError('http', url, 'empty response body');
  return {
    source: url,
    chunks: capped(res.body as unknown as AsyncIterable<Uint8Array>, url, opts.maxBytes ?? 2 ** 31, timeoutMs, signal),
  };
}

async function* capped(
  body: AsyncIterable<Uint8Array>,
  url: string,
  max: number,
  timeoutMs: number,
  signal: AbortSignal,
): AsyncGenerator<Uint8Array> {
  let n = 0;
  try {
    for await (const c of body) {
      n += c.byteLength;
      if (n > max) throw new GuardError('http', url, `response larger than the ${max}-byte cap`, { offset: max });
      yield c;
    }
  } catch (e) {
    if (e instanceof GuardError) throw e;
    const why = signal.aborted ? `response not complete within ${timeoutMs} ms` : (e as Error).message;
    throw new GuardError('http', url, `reading the response failed: ${why}`, { offset: n });
  }
}
