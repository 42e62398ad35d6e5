// Execution traces at the I/O edge: run the Go helper (`gg-analyzer trace`, built on first use with the user's Go)
// on a trace file, fetch a trace from a live service's /debug/pprof/trace?seconds=N, and tell a trace file from a
// dump by its first bytes.

import { open } from 'node:fs/promises';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { analyzeTrace, type AnalyzeOptions, type Analysis } from '../analysis/index.js';
import { GuardError, nodeGoExec } from '../core/index.js';
import { isTraceHeader } from '../profile/index.js';
import { ensureAnalyzer, parseTraceOutput, type BuildOptions, type TraceOutput } from '../static/index.js';
import { getToFile, type HttpOptions } from './http.js';
import { resolveUrl } from './url.js';

/** True when the file starts with a Go execution trace header. */
export async function isTraceFile(file: string): Promise<boolean> {
  const fh = await open(file, 'r');
  try {
    const head = Buffer.alloc(16);
    const { bytesRead } = await fh.read(head, 0, 16, 0);
    return isTraceHeader(head.subarray(0, bytesRead));
  } finally {
    await fh.close();
  }
}

/** Reads a trace file with the helper; a GuardError names the file and how far reading got when it is bad. */
export async function readTrace(file: string, opts: BuildOptions = {}): Promise<TraceOutput> {
  let bin: string;
  try {
    ({ bin } = await ensureAnalyzer(opts));
  } catch (e) {
    throw new GuardError('io', file, `cannot read execution traces: ${(e as Error).message}`);
  }
  const exec = opts.exec ?? nodeGoExec;
  const r = await exec.capture(bin, ['trace', path.resolve(file)], {
    cwd: process.cwd(),
    env: opts.env ?? process.env,
  });
  let out: ReturnType<typeof parseTraceOutput>;
  try {
    out = parseTraceOutput(r.stdout);
  } catch (e) {
    const why = r.stderr.trim().split('\n')[0] || (e as Error).message;
    throw new GuardError('io', file, `the trace reader failed (exit ${r.code}): ${why}`);
  }
  if ('error' in out && /needs Go 1\.\d+ or newer/.test(out.error)) {
    throw new GuardError('io', file, `cannot read execution traces: ${out.error}`);
  }
  if ('error' in out) {
    const truncated = /truncated|unexpected EOF/i.test(out.error);
    throw new GuardError(
      truncated ? 'truncated' : 'bad-syntax',
      file,
      out.error,
      { offset: out.offset },
      'a complete Go execution trace (runtime/trace, go test -trace, /debug/pprof/trace)',
    );
  }
  return out;
}

/** `analyze trace.out`: read the trace, analyze the goroutines alive at its end. */
export async function analyzeTraceFile(
  file: string,
  opts: AnalyzeOptions & BuildOptions & { source?: string } = {},
): Promise<Analysis> {
  return analyzeTrace(await readTrace(file, opts), opts.source ?? file, opts);
}

/** The trace URL of the service `spec` names: `<pprof dir>/trace?seconds=N`. */
export function traceUrl(spec: string, seconds: number): string {
  const u = new URL(resolveUrl(spec).pprofDir);
  u.pathname += 'trace';
  u.searchParams.set('seconds', String(seconds));
  return u.toString();
}

/** Fetches a trace of `ms` from the service into `file`; returns the byte count. */
export async function fetchTrace(spec: string, ms: number, file: string, opts: HttpOptions = {}): Promise<number> {
  const seconds = Math.max(1, Math.round(ms / 1000));
  const timeoutMs = Math.max(opts.timeoutMs ?? 30_000, seconds * 1000 + 30_000);
  return getToFile(traceUrl(spec, seconds), file, { ...opts, timeoutMs });
}

/** `analyze URL --trace 5s`: fetch a trace into a temporary file, analyze it, remove the file. */
export async function analyzeTraceUrl(
  spec: string,
  ms: number,
  opts: AnalyzeOptions & BuildOptions & HttpOptions = {},
): Promise<Analysis> {
  const dir = await mkdtemp(path.join(tmpdir(), 'gg-trace-'));
  try {
    const file = path.join(dir, 'trace.out');
    await fetchTrace(spec, ms, file, opts);
    return await analyzeTraceFile(file, { ...opts, source: traceUrl(spec, Math.max(1, Math.round(ms / 1000))) });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
