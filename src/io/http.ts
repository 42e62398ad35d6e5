// HTTP(S) GET for profile endpoints, with what a protected endpoint needs: a custom CA or no verification (TLS),
// extra headers, one timeout for the whole response, a byte cap and redirects. Built on node:http/https because the
// global fetch cannot take TLS options without an extra dispatcher package. Every failure is a GuardError that
// says what happened in words (refused, timed out, certificate not trusted…), never a stack trace.

import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { GuardError } from '../core/index.js';

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

class Deadline extends Error {
  constructor(readonly ms: number) {
    super(`no complete response within ${ms} ms`);
  }
}

/** GETs `url`. Resolves once the headers are in; any HTTP status resolves (the caller decides what is an error). */
export async function httpGet(url: string, opts: HttpOptions = {}): Promise<HttpResponse> {
  const timeoutMs = opts.timeoutMs ?? HTTP_DEFAULTS.timeoutMs;
  const deadline = Date.now() + timeoutMs;
  let target = url;
  for (let hop = 0; ; hop++) {
    const res = await getOnce(target, opts, deadline, timeoutMs);
    const location = res.message.headers.location;
    if (res.message.statusCode && res.message.statusCode >= 300 && res.message.statusCode < 400 && location) {
      res.discard();
      if (hop >= (opts.maxRedirects ?? HTTP_DEFAULTS.maxRedirects)) {
        throw new GuardError('http', url, `too many redirects (last to ${location})`);
      }
      target = new URL(location, target).toString();
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

interface Raw {
  message: IncomingMessage;
  discard: () => void;
  /** Rejects when the deadline passes or the socket fails while the body is read. */
  failed: Promise<never>;
  /** The deadline passed: the better explanation for whatever error the body then shows. */
  timedOut: () => string | undefined;
}

function getOnce(url: string, opts: HttpOptions, deadline: number, timeoutMs: number): Promise<Raw> {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new GuardError('usage', url, 'not a valid URL', {}, 'http://host:port/debug/pprof/');
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw new GuardError('usage', url, `unsupported scheme ${u.protocol}`, {}, 'an http:// or https:// URL');
  }
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
        req.destroy(new Deadline(timeoutMs));
      },
      Math.max(0, deadline - Date.now()),
    );
    const done = () => clearTimeout(timer);
    const toGuard = (e: Error) =>
      e instanceof Deadline
        ? new GuardError('http', url, e.message)
        : new GuardError('http', url, `cannot fetch: ${describeNetError(e)}`);
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
        throw new GuardError('http', url, `response larger than the ${max}-byte cap (--max-bytes)`, { offset: max });
      }
      yield r.value;
    }
  } catch (e) {
    if (e instanceof GuardError && !res.timedOut()) throw e;
    const why = res.timedOut() ?? describeNetError(e as Error);
    throw new GuardError('http', url, `reading the response failed: ${why}`, { offset: n });
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
