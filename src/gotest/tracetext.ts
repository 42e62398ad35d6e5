// What `test --trace` adds to the text report, and the user's own -trace file: kept apart from trace.ts so a run
// without --trace loads neither the trace analysis nor the model it needs.

import type { Finding } from '../model/index.js';

export interface TraceResult {
  importPath: string;
  /** Harness findings the trace also showed. */
  matched: number;
  /** Trace suspects (suspected or stronger) the harness did not report, strongest first. */
  traceOnly: Finding[];
  /** Why the trace could not be read, when it could not. */
  error?: string;
}

/** `TestQuotes: 5 × GG001 chan send at main.go:30 (created by main.go:22) [trace only]`, one line per finding. */
export function traceOnlyText(r: TraceResult): string[] {
  if (r.error) return [`goroutine-guard: ${r.importPath}: trace not analyzed: ${r.error}`];
  if (r.traceOnly.length === 0) return [];
  const lines = [`goroutine-guard: ${r.importPath}: the trace also shows (not counted: gone or ignored after settle)`];
  for (const f of r.traceOnly) {
    const test = typeof f.data?.test === 'string' ? f.data.test : '(no test named in the trace)';
    const at = f.location ? ` at ${f.location.file}:${f.location.line}` : '';
    const made = f.createdAt ? ` (created by ${f.createdAt.file}:${f.createdAt.line})` : '';
    lines.push(`${test}: ${f.count ?? 1} × ${f.ruleId} ${f.state ?? ''}${at}${made} [trace only, ${f.evidence}]`);
  }
  return lines;
}

/** The file of a `-trace FILE` / `-trace=FILE` among the go test flags (before -args), if any. */
export function userTraceFile(words: readonly string[]): string | undefined {
  let file: string | undefined;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w === '-args' || w === '--args') break;
    const m = /^--?(?:test\.)?trace(?:=(.*))?$/.exec(w);
    if (m) file = m[1] ?? words[++i];
  }
  return file;
}
