// Captures goroutine profiles from a live `/debug/pprof/` endpoint into timestamped files plus a small JSON index,
// so a series can be analyzed, diffed or handed to someone later. Fetches `goroutine` (debug=0 by default) and, when
// the target serves it, `goroutineleak`. The I/O edge: HTTP in, files out; clock, sleep and HTTP are injectable.
//
// Layout of --out DIR:  goroutine_<unix>.pb.gz | goroutine_<unix>.txt, goroutineleak_<unix>.…, index.json
// (a second sample within the same second gets `_<unix>.<ms>`). The index is rewritten after every sample, so an
// interrupted capture still leaves a consistent directory.

import { createWriteStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { GuardError } from '../core/index.js';
import { httpGet, HttpError, type HttpOptions, type HttpResponse } from './http.js';
import { resolveUrl } from './url.js';

export type ProfileName = 'goroutine' | 'goroutineleak';
export type DebugLevel = 0 | 1 | 2;

export interface CaptureOptions {
  /** A `/debug/pprof/` base URL; a host root or a `…/goroutine` profile URL is accepted too. */
  url: string;
  outDir: string;
  /** Default 1. */
  samples?: number;
  /** Time between the starts of two samples, ms. Default 30 s (docs/watch.md). */
  intervalMs?: number;
  /** Default 0: the compact protobuf form, which `go tool pprof` reads too. */
  debug?: DebugLevel;
  /** Also fetch `goroutineleak` when the target serves it. Default true. */
  leakProfile?: boolean;
  http?: HttpOptions;
}

export const CAPTURE_DEFAULTS = { samples: 1, intervalMs: 30_000, debug: 0, leakProfile: true } as const;
export const INDEX_FILE = 'index.json';

export interface CaptureEntry {
  profile: ProfileName;
  seq: number;
  debug: DebugLevel;
  /** When the request started (ISO) and the same in ms since the epoch. */
  time: string;
  unixMs: number;
  url: string;
  /** File name inside the capture directory; absent when the fetch failed. */
  file?: string;
  bytes?: number;
  /** Fetch duration, ms. */
  ms?: number;
  error?: string;
}

export interface CaptureIndex {
  tool: 'goroutine-guard';
  kind: 'capture';
  version: 1;
  /** The pprof base URL, without credentials. */
  target: string;
  intervalMs: number;
  /** What happened with the goroutineleak profile. */
  goroutineleak: 'captured' | 'not served' | 'disabled' | 'failed';
  entries: CaptureEntry[];
}

export type CaptureEvent =
  { type: 'sample'; entry: CaptureEntry; n: number; samples: number } | { type: 'note'; message: string };

export interface CaptureDeps {
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  get?: (url: string, opts: HttpOptions) => Promise<HttpResponse>;
  onEvent?: (e: CaptureEvent) => void;
  /** Stops after the current sample (Ctrl-C); the index stays consistent. */
  signal?: AbortSignal;
}

export interface CaptureResult {
  dir: string;
  indexFile: string;
  index: CaptureIndex;
  /** Goroutine-profile samples written / failed in this run. */
  ok: number;
  failed: number;
}

/** The `/debug/pprof/` base of a URL: `http://h:1/` → `http://h:1/debug/pprof/`, `…/goroutine?debug=2` → its dir. */
export function profileBase(spec: string): string {
  return resolveUrl(spec).pprofDir;
}

export function profileUrl(base: string, profile: ProfileName, debug: DebugLevel): string {
  const u = new URL(base);
  u.pathname += profile;
  u.searchParams.set('debug', String(debug));
  return u.toString();
}

/** A URL fit for an index file or a message: user name and password removed. */
export function redactUrl(url: string): string {
  const u = new URL(url);
  u.username = '';
  u.password = '';
  return u.toString();
}

export function extensionFor(debug: DebugLevel): string {
  return debug === 0 ? '.pb.gz' : '.txt';
}

/** `<profile>_<unix>.<ext>`, or `<profile>_<unix>.<ms>.<ext>` when that name is taken. */
export function sampleFileName(
  profile: ProfileName,
  unixMs: number,
  debug: DebugLevel,
  taken: ReadonlySet<string>,
  subSecond = false,
) {
  const sec = Math.floor(unixMs / 1000);
  const ext = extensionFor(debug);
  const plain = `${profile}_${sec}${ext}`;
  // With sub-second intervals every name carries milliseconds: `x_S.pb.gz` would sort after `x_S.750.pb.gz`.
  if (!subSecond && !taken.has(plain)) return plain;
  const ms = `${profile}_${sec}.${String(unixMs % 1000).padStart(3, '0')}${ext}`;
  if (!taken.has(ms)) return ms;
  for (let i = 2; ; i++) {
    const n = `${profile}_${sec}.${String(unixMs % 1000).padStart(3, '0')}-${i}${ext}`;
    if (!taken.has(n)) return n;
  }
}

/** The time a capture file name records (ms since the epoch), if it follows the capture naming. */
export function stampFromName(file: string): number | undefined {
  const m = /_(\d{9,11})(?:\.(\d{3}))?(?:-\d+)?\.(?:pb\.gz|txt|gz|pprof|pb)$/.exec(path.basename(file));
  if (!m) return undefined;
  return Number(m[1]) * 1000 + Number(m[2] ?? 0);
}

/** Reads `DIR/index.json`; undefined when there is none. */
export async function readCaptureIndex(dir: string): Promise<CaptureIndex | undefined> {
  const file = path.join(dir, INDEX_FILE);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new GuardError('io', file, `cannot read: ${(e as Error).message}`);
  }
  let j: unknown;
  try {
    j = JSON.parse(text);
  } catch (e) {
    throw new GuardError('config', file, `not valid JSON (${(e as Error).message})`, {}, 'a goroutine-guard index');
  }
  const idx = j as Partial<CaptureIndex>;
  if (idx.kind !== 'capture' || !Array.isArray(idx.entries) || typeof idx.target !== 'string') {
    throw new GuardError('config', file, 'not a goroutine-guard capture index', {}, '{"kind":"capture","entries":[…]}');
  }
  return idx as CaptureIndex;
}

/** Why the first bytes of a response are not a goroutine profile, or undefined when they look like one. */
export function notAProfile(first: Buffer, contentType: string): string | undefined {
  if (first[0] === 0x1f && first[1] === 0x8b) return undefined; // gzip: the debug=0 protobuf
  const head = first.subarray(0, 256).toString('utf8').trimStart();
  if (/^goroutine(leak)? /.test(head)) return undefined;
  if (/text\/html/i.test(contentType) || head.startsWith('<')) {
    return 'the server answered with an HTML page, not a goroutine profile (a pprof index or a login page?)';
  }
  // eslint-disable-next-line no-control-regex
  const shown = head.slice(0, 40).replace(/[\u0000-\u001f\u007f-\uffff]/g, '.');
  return `the response is not a goroutine profile (it starts with "${shown}")`;
}

function httpProblem(status: number, statusText: string, profile: ProfileName, base: string): string {
  const what = `HTTP ${status}${statusText ? ` ${statusText}` : ''}`;
  if (status === 401 || status === 403) return `${what}: pass credentials with -H 'Authorization: …'`;
  if (status === 404) return `${what}: ${base} does not serve the ${profile} profile (is it a /debug/pprof/ URL?)`;
  return what;
}

/** A failure of the transport or the file system, as a GuardError about `url` (GuardErrors pass through). */
function asGuard(e: unknown, url: string): GuardError {
  return e instanceof GuardError ? e : new HttpError('network', url, (e as Error).message);
}

/** Fetches one profile into `dir/file` (via a `.part` file). Throws a GuardError (an HttpError for HTTP failures). */
async function fetchTo(
  url: string,
  file: string,
  profile: ProfileName,
  base: string,
  opts: CaptureOptions,
  get: NonNullable<CaptureDeps['get']>,
): Promise<number> {
  let res: HttpResponse;
  try {
    res = await get(url, opts.http ?? {});
  } catch (e) {
    throw asGuard(e, url);
  }
  if (res.status !== 200) {
    res.discard();
    const problem = httpProblem(res.status, res.statusText, profile, redactUrl(base));
    throw new HttpError(res.status === 404 ? 'not-found' : 'http', url, problem, res.status);
  }
  const it = res.body[Symbol.asyncIterator]();
  let first: Buffer = Buffer.alloc(0);
  const rest: Buffer[] = [];
  try {
    // Enough bytes to tell a profile from an HTML page.
    while (first.length < 64) {
      const r = await it.next();
      if (r.done) break;
      first = Buffer.concat([first, r.value]);
    }
  } catch (e) {
    throw asGuard(e, url);
  }
  if (first.length === 0) throw new GuardError('empty-input', url, 'empty response');
  const bad = notAProfile(first, res.contentType);
  if (bad) {
    await it.return?.();
    throw new GuardError('unknown-format', url, bad);
  }
  rest.push(first);
  let bytes = 0;
  async function* all(): AsyncGenerator<Buffer> {
    for (const b of rest) yield b;
    while (true) {
      const r = await it.next();
      if (r.done) return;
      yield r.value;
    }
  }
  const part = `${file}.part`;
  try {
    await pipeline(
      Readable.from(all()),
      async function* (src: AsyncIterable<Buffer>) {
        for await (const c of src) {
          bytes += c.length;
          yield c;
        }
      },
      createWriteStream(part),
    );
    await fs.rename(part, file);
  } catch (e) {
    await fs.rm(part, { force: true });
    throw e instanceof GuardError ? e : new GuardError('io', url, (e as Error).message);
  }
  return bytes;
}

/** The GuardError message without the URL prefix (the entry already names the URL). */
function stripSource(e: GuardError, url: string): string {
  return e.message.startsWith(`${url}: `) ? e.message.slice(url.length + 2) : e.message;
}

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

async function writeIndex(dir: string, index: CaptureIndex): Promise<string> {
  const file = path.join(dir, INDEX_FILE);
  const tmp = `${file}.tmp`;
  await fs.writeFile(tmp, JSON.stringify(index, null, 2) + '\n');
  await fs.rename(tmp, file);
  return file;
}

/**
 * Takes `samples` samples `intervalMs` apart (fixed rate). A failure of the very first goroutine profile aborts with
 * a GuardError (the URL or credentials are wrong); later failures are recorded in the index and the capture goes on.
 */
export async function capture(opts: CaptureOptions, deps: CaptureDeps = {}): Promise<CaptureResult> {
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? defaultSleep;
  const get = deps.get ?? httpGet;
  const emit = deps.onEvent ?? (() => {});
  const samples = opts.samples ?? CAPTURE_DEFAULTS.samples;
  const intervalMs = opts.intervalMs ?? CAPTURE_DEFAULTS.intervalMs;
  const debug = opts.debug ?? CAPTURE_DEFAULTS.debug;
  const base = profileBase(opts.url);
  const target = redactUrl(base);
  const dir = path.resolve(opts.outDir);
  await fs.mkdir(dir, { recursive: true });

  const previous = await readCaptureIndex(dir);
  if (previous && previous.target !== target) {
    throw new GuardError(
      'usage',
      path.join(dir, INDEX_FILE),
      `holds a capture of ${previous.target}, not ${target}`,
      {},
      'a new --out directory for a different target',
    );
  }
  const index: CaptureIndex = {
    tool: 'goroutine-guard',
    kind: 'capture',
    version: 1,
    target,
    intervalMs,
    goroutineleak: opts.leakProfile === false ? 'disabled' : (previous?.goroutineleak ?? 'captured'),
    entries: [...(previous?.entries ?? [])],
  };
  const taken = new Set(index.entries.flatMap((e) => (e.file ? [e.file] : [])));
  for (const f of await fs.readdir(dir)) taken.add(f);
  let tryLeak = opts.leakProfile !== false;
  const firstSeq = index.entries.reduce((m, e) => Math.max(m, e.seq + 1), 0);
  let ok = 0;
  let failed = 0;
  let indexFile = path.join(dir, INDEX_FILE);
  const start = now();

  const one = async (profile: ProfileName, seq: number): Promise<{ entry: CaptureEntry; status?: number }> => {
    const t = now();
    const url = profileUrl(base, profile, debug);
    const entry: CaptureEntry = {
      profile,
      seq,
      debug,
      time: new Date(t).toISOString(),
      unixMs: t,
      url: redactUrl(url),
    };
    const file = sampleFileName(profile, t, debug, taken, intervalMs < 1000);
    let status: number | undefined;
    try {
      taken.add(file);
      entry.bytes = await fetchTo(url, path.join(dir, file), profile, base, opts, get);
      entry.file = file;
    } catch (e) {
      taken.delete(file);
      if (!(e instanceof GuardError)) throw e;
      entry.error = stripSource(e, url);
      status = e instanceof HttpError ? e.status : undefined;
    }
    entry.ms = now() - t;
    return { entry, status };
  };

  for (let i = 0; i < samples; i++) {
    if (i > 0) {
      await sleep(Math.max(0, start + i * intervalMs - now()), deps.signal);
      if (deps.signal?.aborted) break;
    }
    const seq = firstSeq + i;
    const { entry: g } = await one('goroutine', seq);
    if (g.error && i === 0 && !previous) {
      throw new GuardError('http', redactUrl(profileUrl(base, 'goroutine', debug)), g.error);
    }
    index.entries.push(g);
    if (g.error) failed++;
    else ok++;
    emit({ type: 'sample', entry: g, n: i + 1, samples });
    if (tryLeak) {
      const { entry: l, status } = await one('goroutineleak', seq);
      if (l.error && status === 404) {
        // Not an error: most Go versions do not have it (Go 1.26 needs GOEXPERIMENT=goroutineleakprofile).
        tryLeak = false;
        index.goroutineleak = 'not served';
        emit({ type: 'note', message: `${target}goroutineleak: not served (HTTP 404); capturing goroutine only` });
      } else {
        index.entries.push(l);
        index.goroutineleak = l.error ? 'failed' : 'captured';
        emit({ type: 'sample', entry: l, n: i + 1, samples });
      }
    }
    indexFile = await writeIndex(dir, index);
    if (deps.signal?.aborted) break;
  }
  return { dir, indexFile, index, ok, failed };
}
