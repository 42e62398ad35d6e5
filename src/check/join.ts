// The join at the heart of `check`: static findings (what the source could do) against dynamic suspects (what the
// process is doing), by source site. A pair matches when the goroutine is blocked on the finding's line, or on a
// line of the same function that moved (the dump came from another build), or was started by the finding's `go`
// statement. Unmatched findings are "static only"; unmatched suspects "dynamic only", with the reasons the rules
// missed them. Pure: paths are already mapped into the tree and sources come in through `SourceText`.

import { compareText } from '../core/index.js';
import {
  type PatternId,
  type WaitClass,
  evidenceRank,
  type Evidence,
  type Finding,
  type SourceLocation,
} from '../model/index.js';
import { compareFindings } from '../analysis/index.js';
import { funcKey, sameFunc } from './funcs.js';
import {
  JOIN_DEFAULTS,
  MATCH_ORDER,
  type CheckResult,
  type Confidence,
  type ConfirmedLeak,
  type DynamicOnlyLeak,
  type JoinOptions,
  type MappedSuspect,
  type MatchKind,
  type StaticOnlyFinding,
} from './types.js';
import { blockedAtRelated, inCreator, sameLock, waitsForFinding } from './related.js';
import { whyMissed, type SourceText } from './why.js';

/** The wait classes a goroutine shows when a rule's pattern happens; `null` = any leak-prone wait. */
const RULE_WAITS: Record<PatternId, readonly WaitClass[] | null> = {
  GG001: ['chan-send', 'chan', 'select'],
  GG002: ['chan-recv', 'chan', 'select'],
  GG003: ['select'],
  GG004: ['chan-recv', 'chan', 'select'],
  GG005: ['select', 'chan-recv', 'chan'],
  GG006: null,
  GG007: null,
  GG008: ['sync'],
  GG009: ['io', 'select', 'chan-recv', 'chan'],
  GG010: ['io', 'select', 'chan-recv', 'chan'],
  GG011: null,
  GG012: ['sync'],
  GG013: ['chan-send', 'chan-recv', 'chan', 'select'],
  GG014: ['select'],
  GG015: ['chan-send', 'chan', 'select'],
  GG016: ['chan-send', 'chan-recv', 'chan', 'sync'],
  GG017: ['sync'],
  GG018: ['sync'],
  GG019: ['sync'],
  GG020: ['chan-send', 'chan', 'sync'],
};

/** Pairings tied to one line (or one mutex) on both sides; the others (drift, creator, stack) are nearest-wins. */
const PINNED: ReadonlySet<MatchKind> = new Set<MatchKind>(['exact', 'site', 'created', 'lock', 'waiter']);

const LEAK_PRONE: readonly WaitClass[] = ['chan-send', 'chan-recv', 'chan', 'select', 'sync', 'io'];

/** Whether a goroutine in `wait` is what rule `rule` predicts (`undefined` wait: unknown, accepted). */
export function waitFits(rule: Finding['ruleId'], wait: WaitClass | undefined): boolean {
  if (!wait || rule === 'GG000') return true;
  return (RULE_WAITS[rule] ?? LEAK_PRONE).includes(wait);
}

export interface JoinInput {
  /** Static findings; locations are absolute paths of tree files. */
  statics: readonly Finding[];
  suspects: readonly MappedSuspect[];
  /** Goroutines seen per function (`funcKey`) in the dynamic evidence, for static-only notes. */
  seenFunctions?: ReadonlyMap<string, number>;
  /** Dump paths that looked like ours but did not map into the tree. */
  unmapped?: readonly string[];
  sources: SourceText;
}

interface Pairing {
  kind: MatchKind;
  drift: number;
}

const sameLine = (a: SourceLocation | undefined, b: SourceLocation | undefined) =>
  !!a && !!b && a.file === b.file && a.line === b.line;

/** Same file and function, at most `max` lines apart: the distance, else undefined. */
function drifted(a: SourceLocation | undefined, b: SourceLocation | undefined, max: number): number | undefined {
  if (!a || !b || a.file !== b.file || !sameFunc(a.func, b.func)) return undefined;
  const d = Math.abs(a.line - b.line);
  return d <= max ? d : undefined;
}

/** How static finding `s` and suspect `d` relate, if they are one leak. */
export function pair(s: Finding, d: MappedSuspect, maxDrift: number, sources?: SourceText): Pairing | undefined {
  const at = s.location;
  if (!at) return undefined;
  const wait = d.finding.waitClass;
  // When both sides know the `go` statement, they must agree on it (allowing drift), or they are two goroutines.
  const createdKnown = !!s.createdAt && !!d.createdAt;
  const createdExact = createdKnown && sameLine(s.createdAt, d.createdAt);
  // Drift is for a dump of another build; when the tree has a `go` statement on the dump's very line, that is
  // the goroutine's start, and another `go` statement of the same function is another goroutine.
  const createdNear =
    createdExact ||
    (createdKnown &&
      !isGoStatement(sources, d.createdAt!) &&
      drifted(s.createdAt, d.createdAt, maxDrift) !== undefined);
  if (sameLine(at, d.site)) {
    return { kind: !s.createdAt || !d.createdAt || createdExact ? 'exact' : 'site', drift: 0 };
  }
  if (sources && sameLock(s, d, sources)) return { kind: 'lock', drift: 0 };
  if (waitsForFinding(s, d)) return { kind: 'waiter', drift: 0 };
  if (blockedAtRelated(s, d)) return { kind: d.finding.waitClass === 'sync' ? 'lock' : 'waiter', drift: 0 };
  if (createdKnown && !createdNear) return undefined;
  // A one-case select compiles to the plain operation: the goroutine shows a send or receive on the case line.
  if (!waitFits(s.ruleId, isCaseLine(sources, d.site) ? 'select' : wait)) return undefined;
  const drift = drifted(at, d.site, maxDrift);
  if (drift !== undefined) return { kind: 'drift', drift };
  if (createdNear) return { kind: 'created', drift: 0 };
  const fromCreator = inCreator(s, d, maxDrift);
  if (fromCreator !== undefined) return { kind: 'creator', drift: fromCreator };
  if (d.frames.slice(1).some((f) => sameLine(at, f))) return { kind: 'stack', drift: 0 };
  return undefined;
}

function lineText(sources: SourceText | undefined, at: SourceLocation | undefined): string | undefined {
  return at ? sources?.text(at.file)?.split('\n')[at.line - 1] : undefined;
}

function isGoStatement(sources: SourceText | undefined, at: SourceLocation): boolean {
  return /^\s*go\s/.test(lineText(sources, at) ?? '');
}

/** `case <-ch:` / `case v := <-ch:` / `case ch <- v:` */
function isCaseLine(sources: SourceText | undefined, at: SourceLocation | undefined): boolean {
  return /^\s*case\b.*<-/.test(lineText(sources, at) ?? '');
}

export function confidenceOf(e: Evidence | undefined): Confidence {
  if (e === 'proven' || e === 'confirmed') return 'high';
  return e === 'suspected' ? 'medium' : 'low';
}

export function join(input: JoinInput, opts: JoinOptions = {}): CheckResult {
  const maxDrift = opts.maxDrift ?? JOIN_DEFAULTS.maxDrift;
  const minEvidence = opts.minEvidence ?? JOIN_DEFAULTS.minEvidence;
  // A suspect confirms every finding pinned to its lines (two rules on one line; a ticker made at one line and
  // ranged over at another) and the nearest finding of the function that started it. Failing a pinned match, only
  // the nearest finding of its own function: a drifted line could otherwise confirm every finding of a function.
  const claims = new Map<Finding, { suspect: MappedSuspect; p: Pairing }[]>();
  const matched = new Set<MappedSuspect>();
  for (const d of input.suspects) {
    const pinned: Candidate[] = [];
    let creator: Candidate[] = [];
    let nearest: Candidate[] = [];
    for (const s of input.statics) {
      const p = pair(s, d, maxDrift, input.sources);
      if (!p) continue;
      if (PINNED.has(p.kind)) pinned.push({ s, p });
      else if (p.kind === 'creator') creator = closest(creator, { s, p });
      else nearest = closest(nearest, { s, p });
    }
    for (const { s, p } of [...pinned, ...creator, ...(pinned.length > 0 ? [] : nearest)]) {
      claims.set(s, [...(claims.get(s) ?? []), { suspect: d, p }]);
      matched.add(d);
    }
  }

  const confirmed: ConfirmedLeak[] = [];
  const staticOnly: StaticOnlyFinding[] = [];
  const library = libraryHttp(input.suspects);
  for (const s of input.statics) {
    const c = claims.get(s);
    if (!c) {
      const fn = s.location?.func;
      const only: StaticOnlyFinding = {
        confidence: 'low',
        finding: s,
        seenInFunction: fn ? (input.seenFunctions?.get(funcKey(s.location!.file, fn)) ?? 0) : 0,
      };
      if (library > 0 && HTTP_RULES.has(s.ruleId)) only.libraryGoroutines = library;
      staticOnly.push(only);
      continue;
    }
    const strongest = [...c].sort((a, b) => compare(a.p, b.p))[0]!.p;
    const dynamic = c.map((x) => x.suspect).sort((a, b) => compareFindings(a.finding, b.finding));
    const evidence = dynamic
      .map((d) => d.finding.evidence ?? 'possible')
      .sort((a, b) => evidenceRank(a) - evidenceRank(b))[0]!;
    confirmed.push({
      confidence: 'high',
      match: strongest.kind,
      static: s,
      dynamic,
      count: liveCount(dynamic),
      evidence,
      drift: strongest.drift,
    });
  }

  // One dynamic-only item per blocking site and pattern: goroutines started from several places but stuck at one
  // line are one thing to fix. Each start site's reasons are kept (once).
  const groups = new Map<string, MappedSuspect[]>();
  let hidden = 0;
  for (const d of input.suspects) {
    if (matched.has(d)) continue;
    if (evidenceRank(d.finding.evidence ?? 'possible') > evidenceRank(minEvidence)) {
      hidden++;
      continue;
    }
    const where = d.site
      ? `${d.site.file}:${d.site.line}`
      : `lib:${d.finding.stack?.at(-1)?.func ?? d.finding.location?.func}`;
    const k = `${where}|${d.finding.ruleId}|${d.finding.waitClass}`;
    groups.set(k, [...(groups.get(k) ?? []), d]);
  }
  const whyCtx = {
    sources: input.sources,
    statics: input.statics,
    disabledRules: opts.disabledRules ?? [],
    includeTests: opts.includeTests ?? JOIN_DEFAULTS.includeTests,
    unmapped: input.unmapped ?? [],
  };
  const dynamicOnly: DynamicOnlyLeak[] = [...groups.values()].map((members) => {
    const sorted = [...members].sort((a, b) => compareFindings(a.finding, b.finding));
    const rep = sorted[0]!;
    const rule = rep.finding.ruleId;
    const why = whyMissed(sorted, whyCtx);
    return {
      confidence: confidenceOf(rep.finding.evidence),
      suspect: rep,
      others: sorted.slice(1),
      count: liveCount(sorted),
      nearestRule: rule === 'GG000' ? null : rule,
      why:
        why.length > MAX_REASONS ? [...why.slice(0, MAX_REASONS - 1), `and ${why.length - MAX_REASONS + 1} more`] : why,
    };
  });
  confirmed.sort((a, b) => evidenceRank(a.evidence) - evidenceRank(b.evidence) || b.count - a.count || byPlace(a, b));
  dynamicOnly.sort(
    (a, b) =>
      evidenceRank(a.suspect.finding.evidence ?? 'possible') - evidenceRank(b.suspect.finding.evidence ?? 'possible') ||
      b.count - a.count ||
      compareFindings(a.suspect.finding, b.suspect.finding),
  );
  return { confirmed, dynamicOnly, staticOnly, hidden, unmapped: [...(input.unmapped ?? [])] };
}

/** Reasons listed per dynamic-only item; a site reached from many entry functions would otherwise list them all. */
const MAX_REASONS = 4;

const HTTP_RULES: ReadonlySet<string> = new Set(['GG009', 'GG010']);

/** Goroutines of the HTTP client patterns whose stacks never reach the tree (connection loops). */
function libraryHttp(suspects: readonly MappedSuspect[]): number {
  return suspects
    .filter((d) => !d.site && HTTP_RULES.has(d.finding.ruleId))
    .reduce((n, d) => n + (d.finding.count ?? 0), 0);
}

interface Candidate {
  s: Finding;
  p: Pairing;
}

/** Keeps the best candidates so far: a better one replaces them, an equal one joins them. */
function closest(best: Candidate[], c: Candidate): Candidate[] {
  const cmp = best.length === 0 ? -1 : compare(c.p, best[0]!.p);
  return cmp < 0 ? [c] : cmp === 0 ? [...best, c] : best;
}

function compare(a: Pairing, b: Pairing): number {
  return MATCH_ORDER.indexOf(a.kind) - MATCH_ORDER.indexOf(b.kind) || a.drift - b.drift;
}

function byPlace(a: ConfirmedLeak, b: ConfirmedLeak): number {
  const la = a.static.location!;
  const lb = b.static.location!;
  return compareText(la.file, lb.file) || la.line - lb.line;
}

/**
 * Goroutines alive at the site. Suspects from one source (one dump, one test run) are distinct goroutines and add
 * up; several sources are several looks at the same process, so the largest look counts.
 */
function liveCount(ds: readonly MappedSuspect[]): number {
  const bySource = new Map<string, number>();
  for (const d of ds) bySource.set(d.source, (bySource.get(d.source) ?? 0) + (d.finding.count ?? 0));
  return Math.max(0, ...bySource.values());
}
