// One finding type for both halves of the product: a static rule hit in Go source and a dynamic leak suspect from
// a goroutine dump are both a `Finding`, so reports (text, json, markdown, html, sarif, junit) and `check` treat
// them alike.

import type { PatternId } from './patterns.js';
import type { Frame, WaitClass } from './profile.js';

export type Severity = 'error' | 'warning' | 'note';

/**
 * How sure we are a dynamic suspect is a leak (spec §4), plus `static` for source-only findings.
 * Order matters: earlier is stronger.
 */
export type Evidence = 'proven' | 'confirmed' | 'suspected' | 'possible';
export const EVIDENCE_ORDER: readonly Evidence[] = ['proven', 'confirmed', 'suspected', 'possible'];

/** Ranks evidence: lower is stronger. */
export function evidenceRank(e: Evidence): number {
  return EVIDENCE_ORDER.indexOf(e);
}

export interface SourceLocation {
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based, when known. */
  column?: number;
  endLine?: number;
  endColumn?: number;
  /** Enclosing function, e.g. `main.handler` or `(*Server).serve`. */
  func?: string;
}

export interface Finding {
  /** Where the finding comes from. */
  origin: 'static' | 'dynamic';
  /** Rule or pattern id (`GG001`…); `GG000` for a dynamic suspect that matches no catalogued pattern. */
  ruleId: PatternId | 'GG000';
  title: string;
  /** One sentence a person reads first. */
  message: string;
  severity: Severity;
  /** Dynamic findings only. */
  evidence?: Evidence;
  /** The blocking operation: static → the statement; dynamic → the first user-code frame. */
  location?: SourceLocation;
  /** Where the goroutine was started: static → the `go` statement; dynamic → the `created by` site. */
  createdAt?: SourceLocation;
  fix?: string;
  /** Why this is a leak (static rule explanation, or the dynamic reasoning). */
  explanation?: string;
  /** Source lines around the location (static). */
  excerpt?: string;
  /** Dynamic: goroutines in this suspect bucket. */
  count?: number;
  waitClass?: WaitClass;
  state?: string;
  /** Dynamic: wait minutes range across the bucket. */
  waitMinutes?: { min: number; max: number };
  /** Stable bucket fingerprint (survives goroutine ids, pointer args and addresses). */
  fingerprint?: string;
  /** Dynamic: representative stack, innermost first. */
  stack?: Frame[];
  /** Free-form extra data (e.g. per-sample counts). Must be JSON-serialisable. */
  data?: Record<string, unknown>;
}
