// Rendering of leak results: the text lines printed after go test's own output, and the JSON events appended to
// the `go test -json` stream. Pure: reports in, strings out.

import type { Frame } from '../model/index.js';
import type { LeakBucket } from './classify.js';
import type { PackageReport, TestLeak } from './results.js';
import { traceOnlyText, type TraceResult } from './tracetext.js';

export interface RunSummary {
  packages: PackageReport[];
  /** Packages planned for checking whose binary left no record (panic, os.Exit in a test, build failure). */
  notChecked: string[];
  settleMs: number;
  /** `--trace`: what the execution trace of the one package added. */
  trace?: TraceResult;
}

export interface TextOptions {
  stacks: boolean;
  displayPath: (file: string) => string;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** `TestX leaked 3 goroutines: GG001 chan send at pkg/x.go:42 (created by pkg/x.go:30)` and the stacks. */
export function testLeakText(t: TestLeak, opts: TextOptions): string {
  const lines: string[] = [];
  // Name the subtest or callback closure the chain ended in (`TestX.func2`): the test name alone hides which one.
  const closure =
    t.blame.func && t.blame.via !== 'testmain' && !t.blame.func.endsWith(`.${t.test}`)
      ? ` (in ${shortFunc(t.blame.func)})`
      : '';
  const head = `${t.test}${closure} leaked ${plural(t.goroutines, 'goroutine')}:`;
  const one = t.buckets.length === 1;
  for (const [i, b] of t.buckets.entries()) {
    const line = bucketLine(b, !one);
    lines.push(one ? `${head} ${line}` : i === 0 ? `${head}\n    ${line}` : `    ${line}`);
    if (opts.stacks) lines.push(...stackLines(b, opts).map((l) => `        ${l}`));
  }
  return lines.join('\n');
}

function bucketLine(b: LeakBucket, counted: boolean): string {
  const f = b.finding;
  const n = f.count ?? b.goroutines.length;
  const proven = f.evidence === 'proven' ? ' [proven leaked]' : '';
  const by = typeof f.data?.traceTest === 'string' ? `, by ${f.data.traceTest}` : '';
  const traced = f.data?.trace ? ` [also in trace${by}]` : '';
  return `${counted ? `${n} × ` : ''}${f.message}${proven}${traced}`;
}

/**
 * The representative stack, Go's two-line frame format. Inner runs of standard-library frames are folded to one
 * line (the blocking frame, your frames and the goroutine's entry frame stay): `--json` keeps every frame.
 */
function stackLines(b: LeakBucket, opts: TextOptions): string[] {
  const g = b.goroutines[0]!;
  const frame = (f: Frame) => [`${f.func}(…)`, `    ${opts.displayPath(f.file)}:${f.line}`];
  const stdlib = (f: Frame) => opts.displayPath(f.file).startsWith('$GOROOT/');
  const out = [`goroutine ${g.id} [${g.state}${g.leaked ? ' (leaked)' : ''}]:`];
  const last = g.frames.length - 1;
  let folded = 0;
  const flush = () => {
    if (folded > 0) out.push(`    ...${folded} standard-library frame${folded === 1 ? '' : 's'}...`);
    folded = 0;
  };
  g.frames.forEach((f, i) => {
    if (i !== 0 && i !== last && stdlib(f)) {
      folded++;
      return;
    }
    flush();
    out.push(...frame(f));
  });
  flush();
  if (g.elided > 0) out.push(`...${g.elided} frames elided...`);
  if (g.createdBy) {
    out.push(`created by ${g.createdBy.func}${g.creatorId !== undefined ? ` in goroutine ${g.creatorId}` : ''}`);
    out.push(`    ${opts.displayPath(g.createdBy.file)}:${g.createdBy.line}`);
  }
  return out;
}

/** Everything printed after go test finished, for text mode. Empty string when there is nothing to say. */
export function summaryText(s: RunSummary, opts: TextOptions): string {
  const out: string[] = [];
  for (const p of s.packages) {
    if (p.tests.length === 0) continue;
    out.push(`goroutine-guard: ${p.importPath}`);
    for (const t of p.tests) out.push(testLeakText(t, opts));
  }
  if (s.trace) out.push(...traceOnlyText(s.trace));
  out.push(summaryLine(s));
  return `${out.join('\n')}\n`;
}

export function summaryLine(s: RunSummary): string {
  const leaked = s.packages.reduce((a, p) => a + p.leaked, 0);
  const proven = s.packages.reduce((a, p) => a + p.tests.reduce((b, t) => b + t.proven, 0), 0);
  const tests = s.packages.reduce((a, p) => a + p.tests.length, 0);
  const dirty = s.packages.filter((p) => p.leaked > 0).length;
  const checked = plural(s.packages.length, 'leak-checked package');
  const settle = `settle ≤ ${formatMs(s.settleMs)}`;
  const main =
    leaked === 0
      ? `goroutine-guard: no leaks in ${checked} (${settle})`
      : `goroutine-guard: ${plural(tests, 'test')} leaked ${plural(leaked, 'goroutine')} in ${dirty} of ${checked}` +
        (proven > 0 ? ` (${proven} proven by the goroutineleak profile)` : '');
  const skipped = s.notChecked.length ? `; not checked (binary exited early): ${s.notChecked.join(', ')}` : '';
  return main + skipped;
}

/** JSON events, one per line, in the shape of `go test -json` (Time, Action, Package, Test, Output). */
export function jsonEvents(s: RunSummary, opts: TextOptions, now: () => Date = () => new Date()): string[] {
  const ev: Record<string, unknown>[] = [];
  const time = () => now().toISOString();
  for (const p of s.packages) {
    for (const t of p.tests) {
      ev.push({
        Time: time(),
        Action: 'leak',
        Package: p.importPath,
        Test: t.test,
        Goroutines: t.goroutines,
        Proven: t.proven,
        BlamedVia: t.blame.via,
        Output: `${testLeakText(t, { ...opts, stacks: false })}\n`,
        Findings: t.buckets.map((b) => b.finding),
      });
    }
    ev.push({
      Time: time(),
      Action: 'leakcheck',
      Package: p.importPath,
      Leaked: p.leaked,
      SettleMs: p.record.settleMs,
      Rounds: p.record.rounds,
      LeakProfile: p.record.leakProfile,
      GoVersion: p.record.goVersion,
      Ignored: p.ignored,
    });
  }
  if (s.trace) {
    // Trace-only suspects are not leaks the harness counted: their own action, so `leak` events keep their meaning.
    ev.push({
      Time: time(),
      Action: 'traceleak',
      Package: s.trace.importPath,
      Matched: s.trace.matched,
      ...(s.trace.error ? { Error: s.trace.error } : {}),
      Output: traceOnlyText(s.trace)
        .map((l) => `${l}\n`)
        .join(''),
      Findings: s.trace.traceOnly,
    });
  }
  const leaked = s.packages.reduce((a, p) => a + p.leaked, 0);
  ev.push({
    Time: time(),
    Action: 'leaksummary',
    Leaked: leaked,
    Tests: s.packages.reduce((a, p) => a + p.tests.length, 0),
    Packages: s.packages.length,
    NotChecked: s.notChecked,
    Output: `${summaryLine(s)}\n`,
  });
  return ev.map((e) => JSON.stringify(e));
}

function shortFunc(f: string): string {
  return f.slice(f.lastIndexOf('/') + 1).replace(/^[^.]*\./, '');
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${ms / 1000}s` : `${ms}ms`;
}
