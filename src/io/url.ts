// The one place a URL given by the user is understood. Every command (analyze, diff, check --dump, capture, the
// analyze series, watch) resolves its URLs here, so `http://127.0.0.1:6060`, `…/debug/pprof`, `…/debug/pprof/`
// and `…/debug/pprof/goroutine?debug=2` mean the same service everywhere.
//
// A path is read as:
//   `/` or empty                          the service root; its profiles are under /debug/pprof/
//   `<P>/debug/pprof[/]`, `<P>/pprof[/]`  the pprof directory of the service at <P>
//   `<dir>/goroutine`, `<dir>/goroutineleak`  one profile in the pprof directory <dir>/ (its `debug` is kept)
//   anything else                         a file served over HTTP (fetched as given as a dump), or, where a service is
//                                         needed (capture, watch), a service mounted at that path prefix

import { GuardError } from '../core/index.js';

export type ProfileName = 'goroutine' | 'goroutineleak';

export interface ResolvedUrl {
  /** The URL as given, normalised by the URL parser. */
  given: string;
  /** Service base URL without a trailing slash, query or fragment: `http://h:1`, `http://h:1/app`. */
  service: string;
  /** The pprof directory with a trailing slash, keeping query parameters other than `debug`. */
  pprofDir: string;
  /** Paths of the goroutine and goroutineleak profiles relative to `service`: `/debug/pprof/goroutine`. */
  profilePath: string;
  leakProfilePath: string;
  /** The profile the URL names, if any. */
  profile?: ProfileName;
  /** The `debug` query parameter, if given. */
  debug?: string;
  /** True when the path is not a pprof one (a file served over HTTP, or a service under a path prefix). */
  other: boolean;
}

export function isUrl(spec: string): boolean {
  return /^https?:\/\//i.test(spec);
}

/** An http(s) URL, or a one-line GuardError (also for the HTTP client: src/io/http.ts checks the same today). */
export function parseHttpUrl(spec: string): URL {
  let u: URL;
  try {
    u = new URL(spec);
  } catch {
    throw new GuardError('usage', spec, 'not a valid URL', {}, 'http(s)://host:port/debug/pprof/');
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw new GuardError('usage', spec, `unsupported scheme ${u.protocol}`, {}, 'an http:// or https:// URL');
  }
  return u;
}

/** Parses and classifies a user's URL; a one-line GuardError for what is not an http(s) URL. */
export function resolveUrl(spec: string): ResolvedUrl {
  const u = parseHttpUrl(spec);
  const given = u.toString();
  const debug = u.searchParams.get('debug') ?? undefined;
  u.searchParams.delete('debug');
  u.hash = '';
  const path = u.pathname;
  let prefix: string; // the service's path prefix, no trailing slash
  let dir: string; // the pprof directory path, trailing slash
  let profile: ProfileName | undefined;
  let other = false;
  const m = /^(.*?)(\/debug\/pprof|\/pprof)(?:\/(goroutine|goroutineleak))?\/?$/.exec(path);
  const leaf = /^(.*\/)(goroutine|goroutineleak)\/?$/.exec(path);
  if (path === '/' || path === '') {
    prefix = '';
    dir = '/debug/pprof/';
  } else if (m) {
    prefix = m[1]!;
    dir = `${m[1]}${m[2]}/`;
    profile = m[3] as ProfileName | undefined;
  } else if (leaf) {
    dir = leaf[1]!;
    prefix = dir.replace(/\/$/, '');
    profile = leaf[2] as ProfileName;
  } else {
    other = true;
    prefix = path.replace(/\/+$/, '');
    dir = `${prefix}/debug/pprof/`;
  }
  const auth = u.username ? `${u.username}${u.password ? `:${u.password}` : ''}@` : '';
  const root = `${u.protocol}//${auth}${u.host}`;
  const dirUrl = new URL(u.toString());
  dirUrl.pathname = dir;
  const rel = dir.slice(prefix.length);
  return {
    given,
    service: `${root}${prefix}`,
    pprofDir: dirUrl.toString(),
    profilePath: `${rel}goroutine`,
    leakProfilePath: `${rel}goroutineleak`,
    ...(profile ? { profile } : {}),
    ...(debug !== undefined ? { debug } : {}),
    other,
  };
}

/**
 * The URL to fetch for one goroutine dump: a named profile as given (its `debug` kept, so `…/goroutine` alone is
 * the protobuf), the goroutine profile with debug=2 for a service or pprof directory (states, ids and wait times),
 * and any other path as given (a dump file served over HTTP).
 */
export function dumpUrl(spec: string): string {
  const r = resolveUrl(spec);
  if (r.other) return r.given;
  const u = new URL(r.pprofDir);
  u.pathname += r.profile ?? 'goroutine';
  if (r.debug !== undefined) u.searchParams.set('debug', r.debug);
  else if (!r.profile) u.searchParams.set('debug', '2');
  return u.toString();
}
