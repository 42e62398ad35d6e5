// The one HTTP(S) client (analyze, capture, diff, check and watch): GET with what a protected endpoint needs — a
// custom CA or no verification (TLS), extra headers, one timeout for the whole response, a byte cap and redirects.
// Headers given by the user go only to the origin they were given for: a redirect to another scheme, host or port
// drops them (curl's `--location` without `--location-trusted`). Built on node:http/https because the global fetch
// cannot take TLS options without an extra dispatcher package. Every failure is an HttpError (a GuardError) whose
// `reason` says what happened (refused, timeout, too-large…) and whose message says it in words.

import { createWriteStream } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { GuardError } from '../core/index.js';
import { parseHttpUrl } from './url.js';

/** Why a request failed; watch counts scrape errors by it. */
export type HttpFailure = 'timeout' | 'refused' | 'http' | 'too-large' | 'network' | 'not-found';

export class HttpError extends GuardError {
  constructor(
    readonly reason: HttpFailure,
    url: string,
    detail: string,
    readonly status?: number,
    offset?: number,
  ) {
    super(reason === 'too-large' ? 'too-large' : 'http', url, detail, offset === undefined ? {} : { offset });
    this.name = 'HttpError';
  }
}

export interface HttpOptions {
  /** Whole-response timeout (connect, headers and body), ms. Default 30 s. */
  timeoutMs?: number;
  /** Response byte cap. Default 512 MiB. */
  maxBytes?: number;
  headers?: Record<string, string>;
  /** Skip TLS certificate verification (`--insecure`). */
  insecure?: boolean;
  /** PEM CA certificate(s) to trust in addition to the system ones (`--cacert`). */
  ca?: string | Buffer;
  /** Default 5. */
  maxRedirects?: number;
}

export const HTTP_DEFAULTS = { timeoutMs: 30_000, maxBytes: 512 * 1024 * 1024, maxRedirects: 5 } as const;

export interface HttpResponse {
  /** The final URL, after redirects. */
  url: string;
  status: number;
  statusText: string;
  contentType: string;
  /** The body, capped and under the same deadline; read it once. */
  body: AsyncIterable<Buffer>;
  /** Drops the response without reading it. */
  discard(): void;
}

const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

function netReason(e: Error & { code?: string }): HttpFailure {
  return e.code === 'ECONNREFUSED' ? 'refused' : 'network';
}

/** Turns a socket/TLS error into one readable sentence. */
export function describeNetError(e: Error & { code?: string }): string {
  const code = e.code ?? '';
  if (code === 'ECONNREFUSED') return 'connection refused (is the server running and the port right?)';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host not found';
  if (code === 'ECONNRESET') return 'the connection was reset by the server';
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return 'host unreachable';
  if (TLS_CODES.has(code) || /certificate|self.signed/i.test(e.message)) {
    return `TLS certificate not accepted (${e.message}); trust its CA with --cacert FILE, or skip verification with --insecure`;
  }
  if (code === 'EPROTO' || /wrong version number|ssl/i.test(e.message)) {
    return `TLS handshake failed (${e.message}); is the URL scheme (http/https) right?`;
  }
  return code ? `${e.message} (${code})` : e.message;
}

/** GETs `url`. Resolves once the headers are in; any HTTP status resolves (the caller decides what is an error). */
export async function httpGet(url: string, opts: HttpOptions = {}): Promise<HttpResponse> {
  const timeoutMs = opts.timeoutMs ?? HTTP_DEFAULTS.timeoutMs;
  const deadline = Date.now() + timeoutMs;
  let target = url;
  const origin = originOf(url);
  for (let hop = 0; ; hop++) {
    // The user's headers (credentials, cookies…) only ever go to the origin of the URL they gave.
    const headers = originOf(target) === origin ? opts.headers : undefined;
    const res = await getOnce(target, { ...opts, headers }, deadline, timeoutMs);
    const location = res.message.headers.location;
    if (res.message.statusCode && res.message.statusCode >= 300 && res.message.statusCode < 400 && location) {
      res.discard();
      if (hop >= (opts.maxRedirects ?? HTTP_DEFAULTS.maxRedirects)) {
        throw new HttpError('http', url, `too many redirects (last to ${location})`, res.message.statusCode);
      }
      try {
        target = new URL(location, target).toString();
      } catch {
        throw new HttpError('http', url, `redirect to an invalid URL`, res.message.statusCode);
      }
      continue;
    }
    return {
      url: target,
      status: res.message.statusCode ?? 0,
      statusText: res.message.statusMessage ?? '',
      contentType: String(res.message.headers['content-type'] ?? ''),
      body: capped(res, target, opts.maxBytes ?? HTTP_DEFAULTS.maxBytes),
      discard: res.discard,
    };
  }
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '';
  }
}

interface Raw {
  message: IncomingMessage;
  discard: () => void;
  /** Rejects when the deadline passes or the socket fails while the body is read. */
  failed: Promise<never>;
  /** The deadline passed: the better explanation for whatever error the body then shows. */
  timedOut: () => string | undefined;
}

function getOnce(url: string, opts: HttpOptions, deadline: number, timeoutMs: number): Promise<Raw> {
  const u = parseHttpUrl(url);
  const request = u.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<Raw>((resolve, reject) => {
    let settled = false;
    let failBody: (e: Error) => void = () => {};
    const failed = new Promise<never>((_, rej) => (failBody = rej));
    failed.catch(() => {}); // observed only while a body is read
    const req = request(u, {
      method: 'GET',
      headers: { 'user-agent': 'goroutine-guard', ...opts.headers },
      rejectUnauthorized: opts.insecure !== true,
      ...(opts.ca ? { ca: opts.ca } : {}),
    });
    let timedOut = false;
    const timer = setTimeout(
      () => {
        timedOut = true;
        req.destroy(new HttpError('timeout', url, `no complete response within ${timeoutMs} ms`));
      },
      Math.max(0, deadline - Date.now()),
    );
    const done = () => clearTimeout(timer);
    const toGuard = (e: Error) =>
      e instanceof HttpError ? e : new HttpError(netReason(e), url, `cannot fetch: ${describeNetError(e)}`);
    req.on('error', (e) => {
      done();
      if (!settled) {
        settled = true;
        reject(toGuard(e));
      } else failBody(toGuard(e));
    });
    req.on('response', (message) => {
      settled = true;
      message.on('error', (e) => failBody(toGuard(e)));
      message.on('end', done);
      resolve({
        message,
        failed,
        timedOut: () => (timedOut ? `no complete response within ${timeoutMs} ms` : undefined),
        discard: () => {
          done();
          message.resume();
          req.destroy();
        },
      });
    });
    req.end();
  });
}

async function* capped(res: Raw, url: string, max: number): AsyncGenerator<Buffer> {
  let n = 0;
  const it = res.message[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  try {
    while (true) {
      const r = await Promise.race([it.next(), res.failed]);
      if (r.done) return;
      n += r.value.length;
      if (n > max) {
        throw new HttpError('too-large', url, `response larger than the ${max}-byte cap (--max-bytes)`, 200, max);
      }
      yield r.value;
    }
  } catch (e) {
    if (e instanceof GuardError && !res.timedOut()) throw e;
    const why = res.timedOut() ?? describeNetError(e as Error);
    const reason = res.timedOut() ? 'timeout' : netReason(e as Error);
    throw new HttpError(reason, url, `reading the response failed: ${why}`, undefined, n);
  } finally {
    res.discard();
  }
}

/** Reads a whole (capped) response body. */
export async function readBody(res: HttpResponse): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of res.body) parts.push(c);
  return Buffer.concat(parts);
}

export interface GetResult {
  status: number;
  contentType: string;
  body: Buffer;
}

/** A 2xx response, or an HttpError: `not-found` for 404, `http` for any other status. */
async function getOk(url: string, opts: HttpOptions): Promise<HttpResponse> {
  const res = await httpGet(url, opts);
  if (res.status < 200 || res.status >= 300) {
    res.discard();
    const reason = res.status === 404 ? 'not-found' : 'http';
    throw new HttpError(reason, url, `HTTP ${res.status} ${res.statusText}`.trim(), res.status);
  }
  return res;
}

/** GET `url` into memory (a 2xx answer under the cap and timeout), or an HttpError. */
export async function getCapped(url: string, opts: HttpOptions): Promise<GetResult> {
  const res = await getOk(url, opts);
  return { status: res.status, contentType: res.contentType, body: await readBody(res) };
}

/** GET `url` into `path` (written to `path.part` first, renamed when complete). Returns the byte count. */
export async function getToFile(url: string, path: string, opts: HttpOptions): Promise<number> {
  const res = await getOk(url, opts);
  const part = `${path}.part`;
  const out = createWriteStream(part);
  let n = 0;
  try {
    for await (const chunk of res.body) {
      n += chunk.length;
      if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
    }
    await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
    await rename(part, path);
    return n;
  } catch (e) {
    out.destroy();
    await unlink(part).catch(() => undefined);
    throw e;
  }
}
