// Where dump bytes come from: a file, `-` (stdin) or an http(s) URL. This is the I/O edge; parsers only see the
// chunk stream returned here.

import { createReadStream, promises as fs } from 'node:fs';
import { GuardError } from '../core/index.js';
import { httpGet } from './http.js';
import { dumpUrl, isUrl } from './url.js';

export { isUrl };

export interface InputOptions {
  stdin?: NodeJS.ReadableStream;
  /** HTTP timeout for the whole response, ms. Default 30 s. */
  timeoutMs?: number;
  /** Response byte cap for URLs. Default 2 GiB. */
  maxBytes?: number;
  headers?: Record<string, string>;
  /** TLS: skip verification, or trust this CA (PEM). */
  insecure?: boolean;
  ca?: string | Buffer;
}

export interface OpenedInput {
  source: string;
  chunks: AsyncIterable<Uint8Array>;
}

/**
 * A service or `/debug/pprof/` URL means "the goroutine profile" (debug=2 carries states, ids and wait times); a named
 * profile or any other URL is fetched as given. The rules are in io/url.ts, shared by every command.
 */
export function resolveProfileUrl(spec: string): string {
  return dumpUrl(spec);
}

export async function openInput(spec: string, opts: InputOptions = {}): Promise<OpenedInput> {
  if (spec === '-') {
    const stdin = opts.stdin ?? process.stdin;
    return { source: '<stdin>', chunks: stdin as AsyncIterable<Uint8Array> };
  }
  if (isUrl(spec)) return openUrl(resolveProfileUrl(spec), opts);
  await checkFile(spec);
  return { source: spec, chunks: createReadStream(spec, { highWaterMark: 1 << 20 }) };
}

/** A readable regular file, or a one-line GuardError (missing, a directory, unreadable). */
export async function checkFile(path: string): Promise<void> {
  try {
    const st = await fs.stat(path);
    if (st.isDirectory()) throw new GuardError('io', path, 'is a directory', {}, 'a dump file');
  } catch (e) {
    if (e instanceof GuardError) throw e;
    const err = e as NodeJS.ErrnoException;
    throw new GuardError('io', path, err.code === 'ENOENT' ? 'no such file' : `cannot read: ${err.message}`);
  }
}

async function openUrl(url: string, opts: InputOptions): Promise<OpenedInput> {
  const res = await httpGet(url, {
    timeoutMs: opts.timeoutMs,
    headers: opts.headers,
    maxBytes: opts.maxBytes ?? 2 ** 31,
    insecure: opts.insecure,
    ca: opts.ca,
  });
  if (res.status < 200 || res.status >= 300) {
    res.discard();
    throw new GuardError(
      'http',
      url,
      `HTTP ${res.status} ${res.statusText}`.trim(),
      {},
      'HTTP 200 with a goroutine profile',
    );
  }
  if (/text\/html/i.test(res.contentType)) {
    res.discard();
    throw new GuardError(
      'http',
      url,
      'the server answered with an HTML page',
      {},
      'a goroutine profile (is the URL the pprof index page?)',
    );
  }
  return { source: url, chunks: res.body };
}
