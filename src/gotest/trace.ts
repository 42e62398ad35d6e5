// `test --trace`: the execution trace `go test -trace` wrote for the one package under test, read with the same
// trace analysis as `analyze trace.out`, beside the harness's findings. A trace suspect whose blocking site (and
// creation site, when both know it) is a harness leak bucket's is the same leak: the harness finding gets the
// trace's data (`data.trace`, `data.seenBy`) and stays one item. The rest are trace-only: goroutines blocked when
// the tests ended that the harness did not report (they exited within the settle budget, were ignored, or the
// binary left no record); they are listed, not counted.

import { existsSync, statSync } from 'node:fs';
import type { Evidence, Finding, SourceLocation, TraceSuspectData } from '../model/index.js';
import { evidenceRank } from '../model/index.js';
import type { PackageReport } from './results.js';
import type { TraceResult } from './tracetext.js';

export { traceOnlyText, userTraceFile, type TraceResult } from './tracetext.js';

/** Weakest trace evidence listed as trace-only; `possible` ones are goroutines in flight. */
const LISTED: Evidence = 'suspected';

const base = (file: string) => file.slice(file.lastIndexOf('/') + 1);
const sameSite = (a: SourceLocation | undefined, b: SourceLocation | undefined) =>
  !!a && !!b && a.line === b.line && a.func === b.func && base(a.file) === base(b.file);

/**
 * Merges `suspects` (from analyzeTrace) into `report`'s findings; returns what the trace added. With `settleMs`
 * (the harness's settle budget) and a report, a trace-only suspect whose goroutines had been blocked for less than
 * the budget when the trace ended is not listed: the harness watched them that long after the tests and did not
 * report them, so they went on (a timer that fires 300 ms after its test is no leak, whatever share of a short
 * trace it spent blocked).
 */
export function mergeTraceSuspects(
  importPath: string,
  suspects: readonly Finding[],
  report: PackageReport | undefined,
  displayPath: (file: string) => string,
  settleMs?: number,
): TraceResult {
  const harness = (report?.tests ?? []).flatMap((t) => t.buckets.map((b) => b.finding));
  const result: TraceResult = { importPath, matched: 0, traceOnly: [] };
  const matched = new Set<Finding>();
  for (const s of suspects) {
    const h = harness.find(
      (f) => sameSite(f.location, s.location) && (!f.createdAt || !s.createdAt || sameSite(f.createdAt, s.createdAt)),
    );
    if (h) {
      if (!matched.has(h)) result.matched++;
      matched.add(h);
      h.data = { ...h.data, seenBy: ['harness', 'trace'], trace: s.data?.trace };
      if (s.data?.test !== undefined && h.data.traceTest === undefined) h.data.traceTest = s.data.test;
      continue;
    }
    if (evidenceRank(s.evidence ?? 'possible') > evidenceRank(LISTED)) continue;
    const blocked = (s.data?.trace as TraceSuspectData | undefined)?.blockedNs.max;
    if (report && settleMs !== undefined && blocked !== undefined && blocked < settleMs * 1e6) continue;
    const f: Finding = { ...s, data: { ...s.data, package: importPath, seenBy: ['trace'] } };
    if (f.location) f.location = { ...f.location, file: displayPath(f.location.file) };
    if (f.createdAt) f.createdAt = { ...f.createdAt, file: displayPath(f.createdAt.file) };
    result.traceOnly.push(f);
  }
  return result;
}

/** The trace go test wrote, analyzed like `analyze trace.out` and merged with the harness's report of its package. */
export async function traceResult(
  file: string,
  importPath: string,
  packages: readonly PackageReport[],
  env: NodeJS.ProcessEnv,
  displayPath: (file: string) => string,
  settleMs?: number,
): Promise<TraceResult> {
  if (!existsSync(file) || statSync(file).size === 0) {
    return { importPath, matched: 0, traceOnly: [], error: 'go test wrote no trace (build failed or no tests ran)' };
  }
  // Loaded only with --trace: the trace analysis and the helper build are not part of a plain run's start-up.
  const { analyzeTraceFile } = await import('../io/index.js');
  try {
    const a = await analyzeTraceFile(file, { env });
    const report = packages.find((p) => p.importPath === importPath);
    return mergeTraceSuspects(importPath, a.suspects, report, displayPath, settleMs);
  } catch (e) {
    return { importPath, matched: 0, traceOnly: [], error: (e as Error).message };
  }
}
