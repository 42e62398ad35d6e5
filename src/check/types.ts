// The result model of `check`: static findings and dynamic leak suspects joined by source site into three lists,
// and the options of the join with their defaults in one place.

import type { PatternId, Evidence, Finding, SourceLocation } from '../model/index.js';
import type { MappedBy } from './paths.js';

/** How sure `check` is that an item is a real leak. */
export type Confidence = 'high' | 'medium' | 'low';

/**
 * How a static finding and a dynamic suspect were tied together, strongest first:
 *   exact    same blocking line (and same `go` statement when both know it)
 *   site     same blocking line, different or unknown `go` statement
 *   created  the goroutine was started by the finding's `go` statement; it blocks elsewhere in its body
 *   lock     GG012: the goroutines wait in Lock on the mutex the finding leaves locked
 *   waiter   GG008: the goroutine waits in `wg.Wait` for the finding's goroutine, which it started
 *   drift    same function and wait kind, lines apart (the dump came from another build, or the rule and the
 *            runtime point at different lines of one statement)
 *   creator  the finding (which names no `go` statement) is in the function that started the goroutine
 *   stack    the finding's line is a caller frame of the blocked goroutine (the blocking op is in a helper)
 * The first five tie one line to one line; the others go to the nearest finding only.
 */
export type MatchKind = 'exact' | 'site' | 'created' | 'lock' | 'waiter' | 'drift' | 'creator' | 'stack';
export const MATCH_ORDER: readonly MatchKind[] = [
  'exact',
  'site',
  'created',
  'lock',
  'waiter',
  'drift',
  'creator',
  'stack',
];

/** A dynamic suspect as `check` sees it: the suspect, plus its sites mapped into the source tree. */
export interface MappedSuspect {
  finding: Finding;
  /** Where the dynamic evidence came from (dump file, URL, `go test`). */
  source: string;
  /** First frame (innermost first) that maps into the tree: the blocking operation in our code. */
  site?: SourceLocation;
  /** The `created by` site, mapped into the tree. */
  createdAt?: SourceLocation;
  /** Every frame of the representative stack that maps into the tree, innermost first. */
  frames: SourceLocation[];
  /** How the blocking site's dump path was found in the tree. */
  mappedBy?: MappedBy;
}

/** Confirmed both ways: a static rule explains it and live goroutines show it happening. */
export interface ConfirmedLeak {
  confidence: Confidence;
  match: MatchKind;
  /** The static finding (its explanation says why it leaks). */
  static: Finding;
  /** Dynamic suspects at the same site (several when dumps or creators differ). */
  dynamic: MappedSuspect[];
  /** Live goroutines at the site: the largest count among the dynamic suspects of one source, summed over sources. */
  count: number;
  /** Strongest evidence among the dynamic suspects. */
  evidence: Evidence;
  /** Line distance between the static and the dynamic blocking site (0 unless `drift`). */
  drift: number;
}

/** Leaking at run time, but no static rule saw it: one item per blocking site and pattern. */
export interface DynamicOnlyLeak {
  confidence: Confidence;
  /** The strongest suspect at the site (then the largest). */
  suspect: MappedSuspect;
  /** Further suspects at the same site: the same leak started from other places (or other dumps). */
  others: MappedSuspect[];
  /** Live goroutines at the site, counted as for a confirmed leak. */
  count: number;
  /** The dynamic classifier's pattern, or null when the stack matches none (GG000). */
  nearestRule: PatternId | null;
  /** Why no static rule reported it, most specific first. */
  why: string[];
}

/** Found by a static rule, but no goroutine was seen at its site. */
export interface StaticOnlyFinding {
  confidence: Confidence;
  finding: Finding;
  /** Goroutines of the dumps whose stacks pass through the finding's function (alive there, but not blocked at it). */
  seenInFunction: number;
  /**
   * GG009/GG010: goroutines of the same pattern that run only library code (net/http connection loops), so no
   * source line ties them to a finding; they may well come from this one.
   */
  libraryGoroutines?: number;
}

export interface CheckResult {
  confirmed: ConfirmedLeak[];
  dynamicOnly: DynamicOnlyLeak[];
  staticOnly: StaticOnlyFinding[];
  /** Dynamic suspects below `minEvidence` that matched no static finding (not listed). */
  hidden: number;
  /** Dump file paths that could not be mapped into the tree (stdlib and module-cache paths excluded). */
  unmapped: string[];
}

export interface JoinOptions {
  /** Dynamic-only suspects weaker than this are counted in `hidden`, not listed. Default `suspected`. */
  minEvidence?: Evidence;
  /** How far (in lines) a blocking site may move within one function and still match. Default 50. */
  maxDrift?: number;
  /** Rules the static scan ran with disabled, so `why` can say so. */
  disabledRules?: readonly PatternId[];
  /** Whether the static scan included _test.go files. Default false. */
  includeTests?: boolean;
}

export const JOIN_DEFAULTS = {
  minEvidence: 'suspected' as Evidence,
  // Functions are rarely longer than this; a larger window would let one function's finding claim another op.
  maxDrift: 50,
  includeTests: false,
} as const;
