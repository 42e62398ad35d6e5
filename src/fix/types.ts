// The data of `goroutine-guard fix`: a text edit, the patch made of edits for one or more findings, and what the
// user's own tests said about it. Pure data, shared by the edit generators, the verifier and the reports.

import type { Finding } from '../model/index.js';

/** Replace `[start, end)` (UTF-16 offsets into the original file) with `text`. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/** What an edit generator made of one finding: edits to its file, or why it cannot patch it mechanically. */
export type EditPlan = { edits: TextEdit[]; summary: string } | { reason: string };

/** One proposed change to one file, for the findings it addresses (several findings can share one fix). */
export interface Candidate {
  id: number;
  findings: Finding[];
  /** Absolute path of the file the edits apply to. */
  file: string;
  /** Path as shown to the user (relative to the working directory). */
  displayFile: string;
  /** Go package directory (absolute). */
  dir: string;
  edits: TextEdit[];
  /** One line: what the patch does. */
  summary: string;
  /** The original file and the file with only this candidate's edits, gofmt'ed. */
  original: string;
  patched: string;
  diff: string;
  /** Another way to fix the same findings, tried when this one is refused. */
  next?: Candidate;
}

export interface TestLeakCount {
  test: string;
  goroutines: number;
  /** Of those, proven leaked by the GC (goroutineleak profile), when the run had it. */
  proven?: number;
}

/**
 * The verdict on a candidate.
 * - verified: the leak the tests showed at the site is gone and no test newly fails;
 * - refused: a test newly fails, the package no longer builds, or the leak remains;
 * - unverified: no test reaches the site (nothing leaked there in the leak-checked run), so nothing proves it.
 */
export type Verdict = 'verified' | 'refused' | 'unverified';

export interface FixOutcome {
  candidate: Candidate;
  verdict: Verdict;
  /** Why refused or unverified; for verified, how it was run (combined or alone). */
  reason: string;
  before: TestLeakCount[];
  after: TestLeakCount[];
  /** Tests that passed before and fail with the patch. */
  newlyFailing: string[];
  /** Earlier alternatives the tests refused, with why, when this outcome is for a later one. */
  refusedFirst?: { summary: string; reason: string }[];
}

/** A finding no edit generator could address, with the reason. */
export interface Unaddressed {
  finding: Finding;
  reason: string;
}

export interface FixReport {
  outcomes: FixOutcome[];
  unaddressed: Unaddressed[];
  /** Milliseconds spent per package directory (display path), test runs included. */
  timing: { pkg: string; ms: number; runs: number }[];
  toolchain: { leakProfile: boolean };
}
