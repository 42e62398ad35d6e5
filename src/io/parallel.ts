// Analyzes a large dump file on several cores: the file is cut at goroutine boundaries (a blank line followed by a
// `goroutine N [` header), each part is parsed and bucketed by a worker thread, and the parts' buckets are merged
// before suspects are ranked, so the result equals a single-threaded analysis. Only plain traceback text is split
// (debug=2, panics, runtime.Stack); everything else, small files, and `--similarity exact` take the streaming path.

import { createReadStream, promises as fs } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import {
  createAnalyzer,
  mergePartials,
  type Analysis,
  type AnalyzeOptions,
  type PartialAnalysis,
  analyzeDump,
} from '../analysis/index.js';
import { GuardError, isGuardError, type GuardErrorKind } from '../core/index.js';
import type { DumpInfo, Truncation } from '../model/index.js';
import { describeTruncation, PARSE_LIMITS, streamDump, tooLarge, type ParseOptions } from '../profile/index.js';

export interface FileAnalyzeOptions extends AnalyzeOptions, ParseOptions {
  /** Worker threads: 0 = automatic (all cores, files ≥ `parallelMinBytes` only); 1 = none; N = up to N parts. */
  workers?: number;
  /**
   * Automatic mode splits files at least this large. Default 256 MiB: below it (100 k goroutines, ~100 MB) one
   * thread was faster than two on a 2-core machine; two parts cost ~60 % more CPU there (each builds every distinct
   * stack, and the worker's buckets are cloned and merged) — bench/RESULTS.md, "Dump parsing".
   */
  parallelMinBytes?: number;
}

export const PARALLEL_DEFAULTS = { parallelMinBytes: 256 * 1024 * 1024 } as const;

/** What a worker is asked to do, and what it answers. */
export interface PartJob {
  path: string;
  start: number;
  /** Exclusive. */
  end: number;
  source: string;
  similarity: 'loose' | 'exact';
}
export type PartResult =
  | { ok: true; partial: PartialAnalysis; info: DumpInfo }
  | { ok: false; kind: GuardErrorKind; detail: string; offset: number | undefined; expected: string | undefined };

const WORKER = new URL('./parallel-worker.js', import.meta.url);

export async function analyzeFile(path: string, opts: FileAnalyzeOptions = {}): Promise<Analysis> {
  const source = opts.source ?? path;
  const size = (await fs.stat(path)).size;
  const max = opts.maxBytes ?? PARSE_LIMITS.maxBytes;
  if (size > max) throw tooLarge(source, `input larger than the ${max}-byte cap`, max);
  const wanted = opts.workers ?? 0;
  const parts =
    wanted === 0
      ? size >= (opts.parallelMinBytes ?? PARALLEL_DEFAULTS.parallelMinBytes)
        ? availableParallelism()
        : 1
      : wanted;
  // Workers run the compiled module; from TypeScript sources (tests) there is none to start.
  const canSpawn = WORKER.pathname.endsWith('.js');
  if (parts < 2 || !canSpawn || opts.similarity === 'exact' || !(await isPlainTraceback(path))) {
    return analyzeDump(createReadStream(path, { highWaterMark: 1 << 20 }), { ...opts, source });
  }
  const cuts = await findCuts(path, size, parts);
  if (cuts.length === 0) return analyzeDump(createReadStream(path, { highWaterMark: 1 << 20 }), { ...opts, source });
  const bounds = [0, ...cuts, size];
  const jobs: PartJob[] = bounds.slice(0, -1).map((start, i) => ({
    path,
    start,
    end: bounds[i + 1]!,
    source,
    similarity: opts.similarity ?? 'loose',
  }));
  // The main thread parses the first part itself while workers take the others: on two cores that is one
  // worker's start-up and one structured clone of buckets fewer, and no core waits idle.
  const results = await Promise.all(jobs.map((job, i) => (i === 0 ? analyzePart(job) : runPart(job))));
  for (const r of results) {
    // Line numbers inside a later part are not known in the whole file; the byte offset is.
    if (!r.ok)
      throw new GuardError(r.kind, source, r.detail, r.offset === undefined ? {} : { offset: r.offset }, r.expected);
  }
  const ok = results as Extract<PartResult, { ok: true }>[];
  const info = mergeInfos(
    source,
    ok.map((r) => r.info),
    jobs.map((j) => j.start),
  );
  return mergePartials(
    info,
    ok.map((r) => r.partial),
    opts,
  );
}

/** Parses and buckets one byte range of the file (in a worker, or in the main thread for the first part). */
export async function analyzePart(job: PartJob): Promise<PartResult> {
  try {
    const analyzer = createAnalyzer({ similarity: job.similarity });
    const stream = createReadStream(job.path, { start: job.start, end: job.end - 1, highWaterMark: 1 << 20 });
    const info = await streamDump(stream, (g) => analyzer.add(g), { source: job.source });
    return { ok: true, partial: analyzer.partial(), info };
  } catch (e) {
    if (isGuardError(e)) {
      const offset = e.position.offset === undefined ? undefined : e.position.offset + job.start;
      return { ok: false, kind: e.kind, detail: e.detail, offset, expected: e.expected };
    }
    return { ok: false, kind: 'io', detail: (e as Error).message, offset: undefined, expected: undefined };
  }
}

function runPart(job: PartJob): Promise<PartResult> {
  return new Promise((resolve, reject) => {
    const w = new Worker(fileURLToPath(WORKER), { workerData: job });
    w.once('message', (m: PartResult) => resolve(m));
    w.once('error', reject);
    w.once('exit', (code) => {
      if (code !== 0) reject(new Error(`analysis worker exited with code ${code}`));
    });
  });
}

/** Plain traceback text: not gzip, zip, protobuf or a debug=1 profile. */
async function isPlainTraceback(path: string): Promise<boolean> {
  const fh = await fs.open(path, 'r');
  try {
    const { buffer, bytesRead } = await fh.read(Buffer.alloc(4096), 0, 4096, 0);
    const head = buffer.subarray(0, bytesRead);
    if (head.includes(0)) return false;
    const text = head.toString('latin1');
    return !/^\s*(goroutine|goroutineleak) profile: total/.test(text) && head[0] !== 0x1f && head[0] !== 0x50;
  } finally {
    await fh.close();
  }
}

const BOUNDARY = Buffer.from('\n\ngoroutine ');
const WINDOW = 4 * 1024 * 1024;

/**
 * Byte offsets where parts may start: just after a blank line that precedes a `goroutine N [` header, near each
 * 1/n of the file. Dumps without blank lines between goroutines (log-embedded ones) give no cut.
 */
async function findCuts(path: string, size: number, n: number): Promise<number[]> {
  const fh = await fs.open(path, 'r');
  const cuts: number[] = [];
  try {
    const buf = Buffer.alloc(WINDOW);
    for (let k = 1; k < n; k++) {
      const from = Math.floor((size * k) / n);
      if (cuts.length && from <= cuts[cuts.length - 1]!) continue;
      const { bytesRead } = await fh.read(buf, 0, WINDOW, from);
      const w = buf.subarray(0, bytesRead);
      for (let at = w.indexOf(BOUNDARY); at !== -1; at = w.indexOf(BOUNDARY, at + 1)) {
        const digit = w[at + BOUNDARY.length];
        if (digit !== undefined && digit >= 48 && digit <= 57) {
          cuts.push(from + at + 2);
          break;
        }
      }
    }
  } finally {
    await fh.close();
  }
  return cuts;
}

/** Combines the parts' parse summaries; line numbers and offsets in warnings become those of the whole file. */
function mergeInfos(source: string, infos: readonly DumpInfo[], starts: readonly number[]): DumpInfo {
  const warnings: string[] = [];
  let lineBase = 0;
  let complete = 0;
  let truncation: Truncation | undefined;
  infos.forEach((info, i) => {
    const own = info.truncation ? describeTruncation(source, info.truncation, info.complete) : undefined;
    for (const w of info.warnings) {
      if (w === own) continue; // rebuilt below with whole-file numbers
      warnings.push(
        w.startsWith(`${source}:`)
          ? w.replace(/^(.*?):(\d+):/, (_, s: string, l: string) => `${s}:${Number(l) + lineBase}:`)
          : w,
      );
    }
    if (info.truncation) {
      const t = info.truncation;
      truncation = {
        ...t,
        line: t.line + lineBase,
        headerLine: t.headerLine + lineBase,
        offset: t.offset + starts[i]!,
      };
    }
    lineBase += info.lines ?? 0;
    complete += info.complete;
  });
  if (truncation) warnings.push(describeTruncation(source, truncation, complete));
  return {
    source,
    format: 'traceback',
    leakProfile: false,
    parsed: infos.reduce((n, i) => n + i.parsed, 0),
    complete,
    truncated: infos.some((i) => i.truncated),
    warnings,
    lines: lineBase,
    truncation,
    ...(infos[0]?.context ? { context: infos[0].context } : {}),
  };
}
