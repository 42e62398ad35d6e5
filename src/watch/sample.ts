// One scrape's analyses (goroutine profile, optional goroutineleak profile, optional runtime stats) → the `Sample`
// watch stores and evaluates. Pure: no I/O, no clock.

import {
  type Analysis,
  type AnalyzedBucket,
  matchPattern,
  isHiddenRuntimeFrame,
  compareFindings,
} from '../analysis/index.js';
import { LEAK_PRONE } from '../profile/index.js';
import { EVIDENCE_ORDER, evidenceRank, type Evidence, type Finding, type GoroutineId } from '../model/index.js';
import type { RuntimeStats } from './runtime-stats.js';
import type { Condition, EvidenceCounts, OkSample, Sample, SampleBucket, StackInfo, SuspectSummary } from './types.js';

/** Classes that are not "parked": the goroutine is doing or about to do work. */
const ACTIVE_CLASSES = new Set(['running', 'runnable', 'syscall']);
const CHANNEL_CLASSES = ['chan-send', 'chan-recv', 'chan', 'select'] as const;
/** Patterns whose goroutines wait on a timer (ticker loops, time.After, AfterFunc callbacks). */
const TIMER_PATTERNS = new Set(['GG004', 'GG005', 'GG006']);
/** Goroutine ids kept per bucket for the stuck-long rule: enough to see the same goroutines stay, bounded memory. */
const MAX_IDS = 2000;
/** Frames kept per stored stack: deep recursion adds nothing a person reads. */
const MAX_FRAMES = 64;

export interface SampleInput {
  target: string;
  t: number;
  durationMs: number;
  bytes: number;
  analysis: Analysis;
  /** Analysis of the goroutineleak profile taken in the same scrape. */
  leak?: Analysis;
  stats?: RuntimeStats;
  maxBuckets: number;
  /** Tells a timer/ticker channel wait from other channel waits (reads the site's source when it resolves). */
  timerWait?: (b: AnalyzedBucket) => boolean;
}

export function buildSample(inp: SampleInput): OkSample {
  const a = inp.analysis;
  const leakedByFp = new Map<string, number>();
  for (const b of a.buckets)
    if (b.leaked > 0) leakedByFp.set(b.fingerprint, (leakedByFp.get(b.fingerprint) ?? 0) + b.leaked);
  if (inp.leak) {
    for (const b of inp.leak.buckets) {
      // Every goroutine in a goroutineleak profile is proven leaked, whatever the parser marked.
      const n = Math.max(b.leaked, b.count);
      leakedByFp.set(b.fingerprint, Math.max(leakedByFp.get(b.fingerprint) ?? 0, n));
    }
  }

  // One row per fingerprint: buckets also split by state, which a stable stack almost never changes.
  const byFp = new Map<
    string,
    { count: number; rep: AnalyzedBucket; ids: GoroutineId[]; wait: { min: number; max: number } }
  >();
  for (const b of a.buckets) {
    const e = byFp.get(b.fingerprint);
    if (!e)
      byFp.set(b.fingerprint, { count: b.count, rep: b, ids: b.ids.slice(0, MAX_IDS), wait: { ...b.waitMinutes } });
    else {
      e.count += b.count;
      if (b.count > e.rep.count) e.rep = b;
      for (const id of b.ids) if (e.ids.length < MAX_IDS) e.ids.push(id);
      e.wait.min = Math.min(e.wait.min, b.waitMinutes.min);
      e.wait.max = Math.max(e.wait.max, b.waitMinutes.max);
    }
  }
  const stacks = new Map<string, StackInfo>();
  for (const [fp, e] of byFp) stacks.set(fp, stackInfo(e.rep));
  for (const b of inp.leak?.buckets ?? []) if (!stacks.has(b.fingerprint)) stacks.set(b.fingerprint, stackInfo(b));

  const suspects = refineSuspects(a.suspects, new Set(), leakedByFp);
  // A pattern the blocking line named (the scrape read the source) names the stack too.
  for (const f of suspects) {
    if (typeof f.data?.code !== 'string') continue;
    for (const fp of suspectFingerprints(f)) {
      const st = stacks.get(fp);
      if (!st) continue;
      if (f.ruleId === 'GG000') delete st.pattern;
      else st.pattern = f.ruleId;
    }
  }
  const keep = new Set<string>();
  for (const f of suspects) for (const fp of suspectFingerprints(f)) keep.add(fp);
  for (const fp of leakedByFp.keys()) keep.add(fp);
  const ranked = [...byFp.entries()].sort((x, y) => y[1].count - x[1].count || (x[0] < y[0] ? -1 : 1));
  const buckets: SampleBucket[] = [];
  for (const [fp, e] of ranked) {
    if (buckets.length >= inp.maxBuckets && !keep.has(fp)) continue;
    const sb: SampleBucket = { fingerprint: fp, count: e.count, leaked: Math.min(e.count, leakedByFp.get(fp) ?? 0) };
    if (e.ids.length) sb.ids = e.ids;
    if (e.wait.max > 0) sb.waitMinutes = e.wait;
    buckets.push(sb);
  }
  // Proven-leaked stacks the main profile missed (they were created between the two requests).
  for (const [fp, n] of leakedByFp) if (!byFp.has(fp)) buckets.push({ fingerprint: fp, count: n, leaked: n });
  const kept = new Set(buckets.map((b) => b.fingerprint));
  for (const fp of stacks.keys()) if (!kept.has(fp)) stacks.delete(fp);

  let parked = 0;
  for (const [cls, n] of Object.entries(a.totals.byClass)) if (!ACTIVE_CLASSES.has(cls)) parked += n;
  let timerGoroutines = a.totals.byClass.sleep ?? 0;
  for (const b of a.buckets) {
    if (b.waitClass === 'sleep' || b.ignored) continue;
    const p = matchPattern(b)?.id;
    if ((p && TIMER_PATTERNS.has(p)) || inp.timerWait?.(b)) timerGoroutines += b.count;
  }
  let leaked = 0;
  for (const b of buckets) leaked += b.leaked;

  const sample: OkSample = {
    target: inp.target,
    t: inp.t,
    ok: true,
    durationMs: inp.durationMs,
    bytes: inp.bytes,
    goroutines: a.totals.goroutines,
    parked,
    ignored: a.totals.ignored,
    leaked,
    blockedChannel: CHANNEL_CLASSES.reduce((s, c) => s + (a.totals.byClass[c] ?? 0), 0),
    timerGoroutines,
    byClass: nonZero(a.totals.byClass),
    byState: a.totals.byState,
    buckets,
    stacks,
    suspects,
    evidence: evidenceCounts(suspects),
    leakProfile: inp.leak !== undefined,
    warnings: [...a.info.warnings, ...(inp.leak?.info.warnings ?? [])].slice(0, 10),
  };
  if (inp.stats) sample.stats = inp.stats;
  return sample;
}

/**
 * Raises suspects the history or the GC settled: a stack the goroutineleak profile lists is proven, one the trend
 * test says is growing is confirmed. Returns a new sorted list; the input is not modified.
 */
export function refineSuspects(
  suspects: readonly Finding[],
  growing: ReadonlySet<string>,
  leakedByFp: ReadonlyMap<string, number>,
): Finding[] {
  const out = suspects.map((f) => {
    const fps = suspectFingerprints(f);
    const leaked = fps.reduce((s, fp) => s + (leakedByFp.get(fp) ?? 0), 0);
    if (leaked > 0 && f.evidence !== 'proven') {
      return {
        ...f,
        evidence: 'proven' as const,
        severity: 'error' as const,
        explanation: `${f.explanation ?? ''} The GC proved ${leaked} of them leaked (goroutineleak profile).`.trim(),
      };
    }
    if (fps.some((fp) => growing.has(fp)) && f.evidence && evidenceRank(f.evidence) > evidenceRank('confirmed')) {
      return {
        ...f,
        evidence: 'confirmed' as const,
        severity: 'error' as const,
        explanation: `${f.explanation ?? ''} This stack kept growing across samples (trend test).`.trim(),
      };
    }
    return f;
  });
  return out.sort(compareFindings);
}

export function suspectFingerprints(f: Finding): string[] {
  const more = (f.data?.fingerprints as string[] | undefined) ?? [];
  return f.fingerprint ? [f.fingerprint, ...more.filter((x) => x !== f.fingerprint)] : more;
}

export function evidenceCounts(suspects: readonly Finding[]): EvidenceCounts {
  const out = Object.fromEntries(EVIDENCE_ORDER.map((e) => [e, { sites: 0, goroutines: 0 }])) as EvidenceCounts;
  for (const f of suspects) {
    if (!f.evidence) continue;
    out[f.evidence].sites++;
    out[f.evidence].goroutines += f.count ?? 0;
  }
  return out;
}

export function summarizeSuspect(f: Finding): SuspectSummary {
  const s: SuspectSummary = {
    title: f.title,
    ruleId: f.ruleId,
    message: f.message,
    stack: (f.stack ?? [])
      .filter((fr) => !isHiddenRuntimeFrame(fr))
      .slice(0, 24)
      .map((fr) => ({ func: fr.func, file: fr.file, line: fr.line })),
  };
  if (f.evidence) s.evidence = f.evidence;
  if (f.count !== undefined) s.count = f.count;
  if (f.state) s.state = f.state;
  if (f.fingerprint) s.fingerprint = f.fingerprint;
  if (f.location) s.location = `${f.location.file}:${f.location.line}`;
  if (f.createdAt) s.createdAt = `${f.createdAt.file}:${f.createdAt.line}`;
  if (f.fix) s.fix = f.fix;
  return s;
}

function stackInfo(b: AnalyzedBucket): StackInfo {
  const frames = b.frames.filter((f) => !isHiddenRuntimeFrame(f));
  const s: StackInfo = {
    fingerprint: b.fingerprint,
    state: b.state,
    waitClass: b.waitClass,
    frames: frames.slice(0, MAX_FRAMES).map((f) => ({ func: f.func, file: f.file, line: f.line })),
    labels: b.labels,
    leakProne: LEAK_PRONE.has(b.waitClass) || matchPattern(b) !== undefined,
  };
  if (b.createdBy) s.createdBy = { func: b.createdBy.func, file: b.createdBy.file, line: b.createdBy.line };
  if (b.site) {
    s.site = `${b.site.file}:${b.site.line}`;
    if (b.site.func) s.siteFunc = b.site.func;
  }
  if (b.createdAt) s.createdAt = `${b.createdAt.file}:${b.createdAt.line}`;
  const p = matchPattern(b);
  if (p) s.pattern = p.id;
  if (b.ignored) {
    s.ignored = b.ignored;
    s.leakProne = false;
  }
  return s;
}

function nonZero(o: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(o)) if (v) out[k] = v;
  return out;
}

/** Strongest evidence per stack among the sample's suspects (suspects come strongest first). */
export function evidenceByStack(sample: OkSample): Record<string, Evidence> {
  const out: Record<string, Evidence> = {};
  for (const f of sample.suspects) {
    if (!f.evidence) continue;
    for (const fp of suspectFingerprints(f)) out[fp] ??= f.evidence;
  }
  return out;
}

/** A suspect-shaped summary for a stack the analysis did not rank (e.g. a growing bucket of a benign class). */
export function stackSuspect(sample: OkSample, fp: string): SuspectSummary {
  const st = sample.stacks.get(fp)!;
  const count = sample.buckets.find((b) => b.fingerprint === fp)?.count ?? 0;
  const s: SuspectSummary = {
    title: `goroutines in ${st.state}`,
    ruleId: st.pattern ?? 'GG000',
    count,
    state: st.state,
    message: `${count} goroutines in ${st.state}${st.site ? ` at ${st.site}` : ''}`,
    fingerprint: fp,
    stack: st.frames.slice(0, 32),
  };
  if (st.site) s.location = st.site;
  if (st.createdAt) s.createdAt = st.createdAt;
  return s;
}

/** Suspects for an alert's payload: those the condition names first, then the strongest of the sample. */
export function alertSuspects(c: Condition, sample: Sample): SuspectSummary[] {
  if (!sample.ok) return [];
  const named = new Set(c.fingerprints);
  const first = sample.suspects.filter((f) => suspectFingerprints(f).some((fp) => named.has(fp)));
  const rest = sample.suspects.filter((f) => !first.includes(f));
  // Three are what payloads carry; more would only grow the alerts table.
  const out = [...first, ...rest].slice(0, 3).map(summarizeSuspect);
  for (const fp of c.fingerprints) {
    if (out.some((s) => s.fingerprint === fp)) continue;
    const st = sample.stacks.get(fp);
    if (st) out.unshift(stackSuspect(sample, fp));
  }
  return out.slice(0, 3);
}
