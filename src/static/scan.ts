// `scan(paths, options)`: discovery, then package jobs on a pool of worker threads (parsing is the cost), merged
// into one sorted result. Small scans run on the calling thread: starting a worker and loading the grammar there
// costs more than parsing a few dozen files. The parser and the rules load only when a package is not in the
// result cache.

import { compareText } from '../core/index.js';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Finding } from '../model/index.js';
import { discover, type DiscoverFs, type PackageJob } from './discover.js';
import { resolveScanOptions, SCAN_DEFAULTS, type ResolvedScanOptions, type ScanOptions } from './options.js';
import type { JobRequest, JobResponse } from './package-job.js';
import { ScanCache } from './cache/index.js';
import { fastKey, isPackageResult } from './cache/keys.js';

export interface ScanResult {
  findings: Finding[];
  /** Go files scanned. */
  files: number;
  /** Lines in those files. */
  lines: number;
  packages: number;
  /** Files skipped (syntax errors, not UTF-8, too large) and other non-fatal problems. */
  warnings: string[];
  /** Packages whose result came from the result cache (only when a cache was used). */
  cached?: number;
}

/** Below this many files the scan stays on the calling thread. */
const MIN_FILES_FOR_WORKERS = 64;

/**
 * Discovery on the real file system. Synchronous calls behind the async interface: a walk of GOROOT/src is
 * thousands of small calls, and each trip through the thread pool costs more CPU than the call itself.
 */
export const nodeDiscoverFs: DiscoverFs = {
  async stat(p) {
    try {
      return statSync(p, { throwIfNoEntry: false }) ?? null;
    } catch {
      return null;
    }
  },
  async readdir(p) {
    return readdirSync(p, { withFileTypes: true });
  },
  async readFile(p) {
    try {
      return readFileSync(p, 'utf8');
    } catch {
      return null;
    }
  },
};

/**
 * `sharedCache`: the cache of a scan that runs both engines (scanWithEngine); otherwise `options.cacheDir`, when
 * set, opens one for this scan alone.
 */
export async function scan(
  paths: readonly string[],
  options: ScanOptions = {},
  sharedCache?: ScanCache,
): Promise<ScanResult> {
  const opts = resolveScanOptions(options);
  const cwd = opts.cwd ?? process.cwd();
  const own = !sharedCache && opts.cacheDir ? new ScanCache(opts.cacheDir, cacheScope(paths, cwd, 'fast')) : null;
  const cache = sharedCache ?? own;
  const jobs = await discover(paths, nodeDiscoverFs, {
    cwd,
    includeTests: opts.includeTests,
    ignore: opts.ignore,
    goVersion: opts.goVersion,
  });
  const requests = jobs.map((job, id) => toRequest(job, id, cwd, opts));
  const keys = cache ? requests.map((r) => fastKey(r, cache)) : [];
  const responses: JobResponse[] = [];
  const todo: JobRequest[] = [];
  for (const req of requests) {
    const key = keys[req.id];
    const hit = cache && key ? cache.store.get('fast', key, isPackageResult) : null;
    if (hit) responses.push({ ...hit, id: req.id });
    else todo.push(req);
  }
  const total = todo.reduce((n, r) => n + r.files.length, 0);
  const threads = threadCount(opts, total);
  const ran = threads > 0 ? await runOnWorkers(todo, threads, opts) : await runInThread(todo, opts);
  for (const r of ran) {
    const key = keys[r.id];
    // An internal error is not a result worth keeping.
    if (cache && key && !r.warnings.some((w) => w.includes(': internal error: '))) {
      const { id: _id, ...value } = r;
      cache.store.put('fast', key, value);
    }
  }
  responses.push(...ran);

  const result: ScanResult = { findings: [], files: 0, lines: 0, packages: jobs.length, warnings: [] };
  if (cache) {
    result.cached = requests.length - todo.length;
    cache.fastHits += result.cached;
    cache.fastPackages += requests.length;
  }
  own?.finish();
  for (const r of responses) {
    result.findings.push(...r.findings);
    result.files += r.files;
    result.lines += r.lines;
    result.warnings.push(...r.warnings);
  }
  result.findings.sort(byLocation);
  return result;
}

function toRequest(job: PackageJob, id: number, cwd: string, opts: ResolvedScanOptions): JobRequest {
  return {
    id,
    files: job.files,
    goVersion: job.goVersion,
    importPath: job.importPath,
    cwd,
    rules: opts.rules,
    disable: opts.disable,
    includeGenerated: opts.includeGenerated,
    maxFileBytes: opts.maxFileBytes,
  };
}

function threadCount(opts: ResolvedScanOptions, files: number): number {
  if (opts.threads !== null) return Math.max(0, opts.threads);
  if (files < MIN_FILES_FOR_WORKERS || !workerScript()) return 0;
  return Math.max(1, Math.min(os.availableParallelism(), SCAN_DEFAULTS.maxThreads));
}

/** The compiled worker, or null when running from TypeScript sources (tests), where workers cannot load it. */
function workerScript(): URL | null {
  const url = new URL('./worker.js', import.meta.url);
  return url.protocol === 'file:' && existsSync(fileURLToPath(url)) ? url : null;
}

async function runInThread(requests: JobRequest[], opts: ResolvedScanOptions): Promise<JobResponse[]> {
  if (requests.length === 0) return [];
  // Loaded here, not at the top: a scan served from the result cache needs neither the parser nor the rules.
  const [{ createGoParser }, { runJob }] = await Promise.all([import('./go/parser.js'), import('./package-job.js')]);
  const parser = await createGoParser();
  const total = requests.reduce((n, r) => n + r.files.length, 0);
  const out: JobResponse[] = [];
  let done = 0;
  for (const req of requests) {
    out.push(await runJob(req, parser));
    done += req.files.length;
    opts.onProgress?.(done, total);
  }
  return out;
}

function runOnWorkers(requests: JobRequest[], threads: number, opts: ResolvedScanOptions): Promise<JobResponse[]> {
  const script = workerScript();
  if (!script) return runInThread(requests, opts);
  const byId = new Map(requests.map((r) => [r.id, r]));
  // Largest packages first, so no worker is left with one big package at the end.
  const queue = [...requests].sort((a, b) => b.files.length - a.files.length);
  const total = requests.reduce((n, r) => n + r.files.length, 0);
  const out: JobResponse[] = [];
  let done = 0;
  const workers = Array.from({ length: Math.min(threads, queue.length) }, () => new Worker(script));
  return new Promise<JobResponse[]>((resolve, reject) => {
    let active = workers.length;
    if (active === 0) resolve(out);
    const finish = (w: Worker) => {
      void w.terminate();
      if (--active === 0) resolve(out);
    };
    for (const w of workers) {
      const next = () => {
        const req = queue.shift();
        if (req) w.postMessage(req);
        else finish(w);
      };
      w.on('message', (msg: JobResponse | { id: number; error: string }) => {
        if ('error' in msg) {
          const req = byId.get(msg.id);
          const dir = req?.files[0]?.replace(/\/[^/]*$/, '') ?? '?';
          const firstLine = msg.error.split('\n')[0];
          out.push({
            id: msg.id,
            findings: [],
            files: 0,
            lines: 0,
            warnings: [`${dir}: internal error: ${firstLine}`],
          });
        } else out.push(msg);
        done += byId.get(msg.id)?.files.length ?? 0;
        opts.onProgress?.(done, total);
        next();
      });
      w.on('error', (e) => {
        for (const other of workers) void other.terminate();
        reject(e);
      });
      next();
    }
  });
}

/** What identifies a scan's file index in the cache: its roots, working directory and engines. */
export function cacheScope(paths: readonly string[], cwd: string, engines: string): string {
  return JSON.stringify({ cwd, paths: [...paths].sort(), engines });
}

export function byLocation(a: Finding, b: Finding): number {
  const fa = a.location?.file ?? '';
  const fb = b.location?.file ?? '';
  if (fa !== fb) return compareText(fa, fb);
  const la = a.location?.line ?? 0;
  const lb = b.location?.line ?? 0;
  if (la !== lb) return la - lb;
  const ca = a.location?.column ?? 0;
  const cb = b.location?.column ?? 0;
  if (ca !== cb) return ca - cb;
  return compareText(a.ruleId, b.ruleId);
}
