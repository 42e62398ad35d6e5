// model → findings: buckets, totals by state and class, ignore set, leak suspects. `createAnalyzer` streams;
// `analyze` takes a parsed dump.

import { compareText } from '../core/index.js';
import type { Dump } from '../profile/index.js';
import {
  WAIT_CLASSES,
  type DumpInfo,
  type Goroutine,
  type WaitClass,
  type Finding,
  type Frame,
  type TraceLifecycle,
  type GoroutineId,
} from '../model/index.js';
import { Bucketer, mergeBuckets, type Bucket } from './bucket.js';
import type { Similarity } from './fingerprint.js';
import { ignoredBy, MAIN_GOROUTINE, type IgnoreRule } from './ignore.js';
import { compareFindings, groupFinding, siteKey, testOf, type SuspectOptions } from './suspects.js';

export interface AnalyzeOptions extends SuspectOptions {
  /** `loose` (default) groups stacks ignoring argument values; `exact` also splits by arguments and pc offsets. */
  similarity?: Similarity;
  /** User ignore rules, on top of the default benign set. */
  ignore?: readonly IgnoreRule[];
  /** Apply the default benign set (runtime workers, signal loop, …). Default true. */
  defaultIgnores?: boolean;
  /** Drop suspects with fewer goroutines than this. Default 1. */
  minCount?: number;
}

export interface Totals {
  goroutines: number;
  buckets: number;
  byState: Record<string, number>;
  byClass: Record<WaitClass, number>;
  /** Proven leaked by the GC. */
  leaked: number;
  /** Goroutines in ignored (benign) buckets. */
  ignored: number;
}

export interface AnalyzedBucket extends Bucket {
  /** Why the bucket is ignored, when it is. */
  ignored?: string;
}

export interface Analysis {
  info: DumpInfo;
  totals: Totals;
  buckets: AnalyzedBucket[];
  /** Leak suspects, strongest evidence first, then by count. */
  suspects: Finding[];
  /** An execution trace's lifecycles (src/analysis/trace.ts); absent for dumps. */
  trace?: TraceLifecycle;
}

export interface Analyzer {
  add(g: Goroutine): void;
  finish(info: DumpInfo): Analysis;
  /** Buckets and counts so far, without suspects: for merging analyses of parts of one dump. */
  partial(): PartialAnalysis;
}

/** What one part of a dump contributes; `mergePartials` turns several into one Analysis. */
export interface PartialAnalysis {
  buckets: Bucket[];
  /** Creator id per goroutine id of each bucket (aligned with its unsorted `ids`). */
  creatorOf: GoroutineId[][];
  goroutines: number;
  byState: Record<string, number>;
  byClass: Record<WaitClass, number>;
  leaked: number;
}

export function createAnalyzer(opts: AnalyzeOptions = {}): Analyzer {
  const bucketer = new Bucketer({ similarity: opts.similarity ?? 'loose' });
  const byState: Record<string, number> = {};
  const byClass = Object.fromEntries(WAIT_CLASSES.map((c) => [c, 0])) as Record<WaitClass, number>;
  let leaked = 0;
  return {
    add(g) {
      bucketer.add(g);
      byState[g.state] = (byState[g.state] ?? 0) + g.count;
      byClass[g.waitClass] += g.count;
      if (g.leaked) leaked += g.count;
    },
    finish(info) {
      return finishAnalysis(
        info,
        bucketer.finish(),
        { goroutines: bucketer.goroutines, byState, byClass, leaked },
        opts,
      );
    },
    partial() {
      return { ...bucketer.parts(), goroutines: bucketer.goroutines, byState, byClass, leaked };
    },
  };
}

/** One Analysis from the partial analyses of consecutive parts of one dump (see io/parallel.ts). */
export function mergePartials(info: DumpInfo, parts: readonly PartialAnalysis[], opts: AnalyzeOptions = {}): Analysis {
  const byState: Record<string, number> = {};
  const byClass = Object.fromEntries(WAIT_CLASSES.map((c) => [c, 0])) as Record<WaitClass, number>;
  let goroutines = 0;
  let leaked = 0;
  for (const p of parts) {
    goroutines += p.goroutines;
    leaked += p.leaked;
    for (const [k, v] of Object.entries(p.byState)) byState[k] = (byState[k] ?? 0) + v;
    for (const c of WAIT_CLASSES) byClass[c] += p.byClass[c];
  }
  const buckets = mergeBuckets(parts);
  return finishAnalysis(info, buckets, { goroutines, byState, byClass, leaked }, opts);
}

/** Analyzes a parsed dump. */
export function analyze(dump: Dump, opts: AnalyzeOptions = {}): Analysis {
  const a = createAnalyzer(opts);
  for (const g of dump.goroutines) a.add(g);
  return a.finish(dump.info);
}

/** Goroutines whose stacks serve one request after another on a connection. */
const REQUEST_SERVERS = [
  'net/http.(*conn).serve',
  'net/http.(*http2serverConn).serve',
  'net/http.(*http2serverConn).runHandler',
];

/** A frame of a request-serving loop (the first char check skips most frames cheaply). */
function servesRequests(f: Frame): boolean {
  const c = f.func.charCodeAt(0);
  return (
    (c === 110 /* n */ && REQUEST_SERVERS.includes(f.func)) ||
    (c === 103 /* g */ && f.func.startsWith('google.golang.org/grpc/internal/transport.'))
  );
}

/** Sets `creatorServesRequests` on buckets whose creator goroutine is in the dump serving requests. */
function markRequestCreators(buckets: AnalyzedBucket[]): void {
  const servers = new Set<GoroutineId>();
  for (const b of buckets) {
    if (b.frames.some(servesRequests)) {
      for (const id of b.ids) servers.add(id);
    }
  }
  for (const b of buckets) {
    if (b.createdBy && (REQUEST_SERVERS.includes(b.createdBy.func) || b.creatorIds.some((id) => servers.has(id)))) {
      b.creatorServesRequests = true;
    }
  }
}

/** Sets `creatorBlocked` on buckets whose creator goroutine is in the dump, blocked (all are, in a deadlock). */
function markBlockedCreators(buckets: AnalyzedBucket[]): void {
  const byId = new Map<GoroutineId, AnalyzedBucket>();
  for (const b of buckets) if (b.waitClass !== 'running') for (const id of b.ids) byId.set(id, b);
  for (const b of buckets) {
    const creator = b.creatorIds.map((id) => byId.get(id)).find((c) => c !== undefined && c !== b);
    if (creator) b.creatorBlocked = { state: creator.state, ...(creator.site ? { site: creator.site } : {}) };
  }
}

function finishAnalysis(
  info: DumpInfo,
  buckets: AnalyzedBucket[],
  partial: Omit<Totals, 'buckets' | 'ignored'>,
  opts: AnalyzeOptions,
): Analysis {
  markRequestCreators(buckets);
  if (info.context?.kind === 'deadlock') markBlockedCreators(buckets);
  if (info.context && !info.context.tests) {
    const tests = [...new Set(buckets.map((b) => testOf(b.frames)).filter((t): t is string => !!t))];
    if (tests.length) info = { ...info, context: { ...info.context, tests } };
  }
  const rules = opts.ignore ?? [];
  const useDefaults = opts.defaultIgnores !== false;
  let ignored = 0;
  const siteTotals = new Map<string, number>();
  for (const b of buckets) {
    const why = ignoredBy(b, rules, useDefaults);
    // "All goroutines are asleep": the main goroutine's wait is half of the deadlock, not the program idling.
    if (why && !(why === MAIN_GOROUTINE && info.context?.kind === 'deadlock')) {
      b.ignored = why;
      ignored += b.count;
      continue;
    }
    const k = siteKey(b);
    siteTotals.set(k, (siteTotals.get(k) ?? 0) + b.count);
  }
  // One suspect per blocking site and creation site: stacks that differ only below the site (recursion depth,
  // callers) are one leak to fix. The largest bucket stands for the group.
  const groups = new Map<string, AnalyzedBucket[]>();
  for (const b of buckets) {
    if (b.ignored) continue;
    const k = `${siteKey(b)}|${b.createdAt?.file ?? ''}:${b.createdAt?.line ?? 0}`;
    const g = groups.get(k);
    if (g) g.push(b);
    else groups.set(k, [b]);
  }
  const minCount = opts.minCount ?? 1;
  const suspects: Finding[] = [];
  for (const members of groups.values()) {
    const siteTotal = siteTotals.get(siteKey(members[0]!)) ?? 0;
    const finding = groupFinding(members, siteTotal, info.context ? { ...opts, context: info.context } : opts);
    if (finding && (finding.count ?? 0) >= minCount) suspects.push(finding);
  }
  suspects.sort(compareFindings);
  // Equal counts in name order: the dump's goroutine order (the scheduler's) must not reorder the report.
  const byState = Object.fromEntries(
    Object.entries(partial.byState).sort((a, b) => b[1] - a[1] || compareText(a[0], b[0])),
  );
  return { info, totals: { ...partial, byState, buckets: buckets.length, ignored }, buckets, suspects };
}
