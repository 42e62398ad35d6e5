// Ranks buckets into leak suspects with an evidence level (docs/analyze.md) and turns them into Findings.
//   proven     in a goroutineleak profile or marked `(leaked)`: the GC proved it can never wake
//   confirmed  never-wakeable state (nil chan, select with no cases), or grew monotonically across samples
//   suspected  many goroutines of a leak-prone class at one user-code site (LeakProf-style concentration),
//              or a few that have waited a long time, or any at a user-code site of a dump taken because the
//              process was stuck (test timeout, deadlock report, SIGQUIT)
//   possible   a leak-prone state, few instances, no growth data

import { PATTERNS, evidenceRank, idJson, type Evidence, type Finding, type Severity } from '../model/index.js';
import type { Bucket } from './bucket.js';
import { matchPattern } from './classify.js';
import { compareFindingSites } from './fingerprint.js';
import { firstUserFrame, shortLocation } from './sites.js';
import type { DumpContext, Frame } from '../model/index.js';
import { isNeverWakeable, LEAK_PRONE, STUCK_CONTEXTS } from '../profile/index.js';

export interface SuspectOptions {
  /** Goroutines at one site (summed over its buckets) that make a concentration suspected. Default 10. */
  concentration?: number;
  /** Minutes blocked that make even a small bucket suspected. Default 10. */
  longWaitMinutes?: number;
  /** Fingerprints known to grow across samples (from a series): those buckets are confirmed. */
  growing?: ReadonlySet<string>;
  /** Fingerprints whose goroutines stayed blocked (by id) over a long series: those buckets are suspected. */
  persistent?: ReadonlySet<string>;
  /**
   * Fingerprints whose goroutines are all new since the previous sample (by id): they come and go, so their
   * number at one site is load, not concentration.
   */
  transient?: ReadonlySet<string>;
  /** What the dump's surrounding text says (set by the analysis from the dump). */
  context?: DumpContext;
}

/** The context's message when the dump was taken from a stuck process. */
export function stuckBecause(opts: SuspectOptions): string | undefined {
  return opts.context && STUCK_CONTEXTS.has(opts.context.kind) ? opts.context.message : undefined;
}

/**
 * What the reports' "Stuck process" line says: the line the dump's surrounding text proves it by and the hung tests
 * (`panic: test timed out after 3s (hung test: TestX)`), or undefined when the dump is not from a stuck process.
 */
export function stuckProcessText(c: DumpContext | undefined): string | undefined {
  if (!c || !STUCK_CONTEXTS.has(c.kind)) return undefined;
  const tests = c.tests?.length ? ` (hung test${c.tests.length > 1 ? 's' : ''}: ${c.tests.join(', ')})` : '';
  return `${c.message}${tests}`;
}

/** The explanation's sentence for a bucket in `growing`; series and traces replace it with their own reading. */
export const GREW_SENTENCE = 'This stack grew across samples without shrinking.';

export const SUSPECT_DEFAULTS = { concentration: 10, longWaitMinutes: 10 } as const;

/** Site key for concentration: first user frame + wait class (LeakProf groups by blocking site). */
export function siteKey(b: Bucket): string {
  return `${b.site?.file ?? '?'}:${b.site?.line ?? 0}|${b.waitClass}`;
}

/** Evidence for a bucket, or undefined when it is not a leak suspect at all. */
export function evidenceFor(b: Bucket, siteTotal: number, opts: SuspectOptions = {}): Evidence | undefined {
  const concentration = opts.concentration ?? SUSPECT_DEFAULTS.concentration;
  const longWait = opts.longWaitMinutes ?? SUSPECT_DEFAULTS.longWaitMinutes;
  if (b.leaked > 0) return 'proven';
  const pattern = matchPattern(b);
  const leakProne = LEAK_PRONE.has(b.waitClass) || pattern !== undefined;
  if (!leakProne) return undefined;
  if (isNeverWakeable(b.state)) return 'confirmed';
  if (opts.growing?.has(b.fingerprint)) return 'confirmed';
  const concentrated = siteTotal >= concentration && !opts.transient?.has(b.fingerprint);
  if (concentrated || b.waitMinutes.max >= longWait) return 'suspected';
  if (stuckBecause(opts) && firstUserFrame(b.frames)) return 'suspected';
  if (opts.persistent?.has(b.fingerprint) && firstUserFrame(b.frames)) return 'suspected';
  return 'possible';
}

export function severityFor(e: Evidence): Severity {
  return e === 'proven' || e === 'confirmed' ? 'error' : e === 'suspected' ? 'warning' : 'note';
}

/**
 * The Finding for a group of buckets at one blocking + creation site, or undefined when none is a suspect. The
 * evidence is the strongest among the members; the largest member is the representative stack.
 */
export function groupFinding(
  members: readonly Bucket[],
  siteTotal: number,
  opts: SuspectOptions = {},
): Finding | undefined {
  let best: Evidence | undefined;
  let count = 0;
  let leaked = 0;
  let rep: Bucket | undefined;
  const wait = { min: Infinity, max: 0 };
  const fingerprints: string[] = [];
  for (const b of members) {
    const e = evidenceFor(b, siteTotal, opts);
    if (!e) continue;
    if (!best || evidenceRank(e) < evidenceRank(best)) best = e;
    count += b.count;
    leaked += b.leaked;
    wait.min = Math.min(wait.min, b.waitMinutes.min);
    wait.max = Math.max(wait.max, b.waitMinutes.max);
    fingerprints.push(b.fingerprint);
    if (!rep || b.count > rep.count) rep = b;
  }
  if (!best || !rep) return undefined;
  if (members.length === 1) return suspectFinding(rep, best, siteTotal, opts);
  const perCreatorRun = Math.max(...members.map((b) => b.perCreatorRun));
  const merged: Bucket = { ...rep, count, leaked, waitMinutes: wait, perCreatorRun };
  const f = suspectFinding(merged, best, siteTotal, opts);
  f.data = { ...f.data, stacks: fingerprints.length, fingerprints };
  return f;
}

/** Builds the dynamic Finding for a suspect bucket. */
export function suspectFinding(b: Bucket, evidence: Evidence, siteTotal: number, opts: SuspectOptions = {}): Finding {
  const match = matchPattern(b);
  const pattern = match ? PATTERNS[match.id] : undefined;
  const n = b.count;
  const where = shortLocation(b.site);
  const created = b.createdAt ? ` (created by ${b.createdBy?.func ?? '?'} at ${shortLocation(b.createdAt)})` : '';
  const wait = b.waitMinutes.max > 0 ? ` for up to ${b.waitMinutes.max} min` : '';
  const proven = b.leaked > 0 ? `, ${b.leaked} proven leaked by the GC` : '';
  const f: Finding = {
    origin: 'dynamic',
    ruleId: match?.id ?? 'GG000',
    title:
      pattern?.title ??
      (b.waitClass === 'chan'
        ? 'channel wait (this profile format does not say send or receive)'
        : `goroutines blocked in ${b.state}`),
    message: `${n} goroutine${n === 1 ? '' : 's'} blocked in ${b.state} at ${where}${created}${wait}${proven}`,
    severity: severityFor(evidence),
    evidence,
    count: n,
    waitClass: b.waitClass,
    state: b.state,
    waitMinutes: { ...b.waitMinutes },
    fingerprint: b.fingerprint,
    stack: [...b.frames],
    explanation: explain(b, evidence, siteTotal, match?.because, opts),
  };
  if (b.site) f.location = b.site;
  if (b.createdAt) f.createdAt = b.createdAt;
  if (pattern) f.fix = pattern.fix;
  const data: Record<string, unknown> = {};
  const test = testOf(b.frames);
  if (test) data.test = test;
  if (b.ids.length) data.ids = b.ids.slice(0, 50).map(idJson);
  if (Object.keys(b.labels).length) data.labels = b.labels;
  if (siteTotal !== n) data.siteTotal = siteTotal;
  if (b.stateInferred) data.stateInferred = true;
  if (Object.keys(data).length) f.data = data;
  return f;
}

function explain(b: Bucket, e: Evidence, siteTotal: number, because: string | undefined, opts: SuspectOptions): string {
  const concentration = opts.concentration ?? SUSPECT_DEFAULTS.concentration;
  const longWait = opts.longWaitMinutes ?? SUSPECT_DEFAULTS.longWaitMinutes;
  const parts: string[] = [];
  if (because) parts.push(`${capitalize(because)}.`);
  else if (b.waitClass === 'chan') {
    parts.push(
      'The goroutines wait on a channel; this profile format does not say whether to send or to receive ' +
        '(a debug=2 dump, or the source via --source DIR, tells which).',
    );
  }
  switch (e) {
    case 'proven':
      parts.push('The GC proved these goroutines can never be woken (goroutineleak profile).');
      break;
    case 'confirmed':
      // A never-wakeable state is already the pattern's explanation; growth needs saying.
      if (!isNeverWakeable(b.state)) parts.push(GREW_SENTENCE);
      else if (!because) parts.push(`A goroutine in "${b.state}" can never be woken.`);
      break;
    case 'suspected':
      parts.push(
        siteTotal >= concentration && !opts.transient?.has(b.fingerprint)
          ? `${siteTotal} goroutines wait at this one site.`
          : b.waitMinutes.max >= longWait
            ? `They have waited ${b.waitMinutes.max} minute${b.waitMinutes.max === 1 ? '' : 's'}.`
            : !stuckBecause(opts)
              ? '' // held by id across a series: the series says how long
              : `The dump was taken from a stuck process (${stuckBecause(opts) ?? '?'}) and this user-code site is still blocked.`,
      );
      break;
    case 'possible':
      parts.push('A leak-prone wait with few instances and no growth data: capture again later to confirm.');
      break;
  }
  if (b.creatorBlocked) {
    const c = b.creatorBlocked;
    parts.push(
      `The goroutine that started them is blocked too (${c.state}${c.site ? ` at ${shortLocation(c.site)} in ${c.site.func ?? '?'}` : ''}).`,
    );
  }
  if (b.stateInferred) parts.push('The state was inferred from the stack (the profile format does not print it).');
  return parts.filter(Boolean).join(' ');
}

/** The test a goroutine runs: the frame `testing.tRunner` calls (`pkg.TestX`), as `TestX`. */
export function testOf(frames: readonly Frame[]): string | undefined {
  const i = frames.findIndex((f) => f.func === 'testing.tRunner');
  const f = i > 0 ? frames[i - 1] : undefined;
  if (!f) return undefined;
  const name = /\.((?:Test|Benchmark|Fuzz)[^.]*)$/.exec(f.func)?.[1];
  return name;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export function compareFindings(a: Finding, b: Finding): number {
  const ea = a.evidence ? evidenceRank(a.evidence) : 9;
  const eb = b.evidence ? evidenceRank(b.evidence) : 9;
  return ea - eb || (b.count ?? 0) - (a.count ?? 0) || compareFindingSites(a, b);
}
