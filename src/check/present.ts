// A check report as every renderer shows it: paths relative to the working directory (absolute outside it), one
// plain object per list item. This is also the `--format json` document.

import path from 'node:path';
import type { PatternId, Evidence, Finding, SourceLocation } from '../model/index.js';
import type { MappedBy } from './paths.js';
import type { CheckReport } from './run.js';
import type { Confidence, MatchKind } from './types.js';

export interface PresentedSuspect {
  source: string;
  /** The blocking site in the tree (mapped from the dump's path), when it maps. */
  site?: SourceLocation;
  createdAt?: SourceLocation;
  /** How the site's dump path was found in the tree: tree, trim-prefix, module, package or suffix. */
  mappedBy?: MappedBy;
  /** The suspect as the dump showed it (paths as printed in the dump). */
  finding: Finding;
}

export interface PresentedConfirmed {
  confidence: Confidence;
  match: MatchKind;
  drift: number;
  ruleId: PatternId | 'GG000';
  count: number;
  evidence: Evidence;
  static: Finding;
  dynamic: PresentedSuspect[];
}

export interface PresentedDynamicOnly {
  confidence: Confidence;
  nearestRule: PatternId | null;
  why: string[];
  /** Live goroutines at the site (all start sites). */
  count: number;
  suspect: PresentedSuspect;
  /** The same blocking site, started from other places. */
  others: PresentedSuspect[];
}

export interface PresentedStaticOnly {
  confidence: Confidence;
  seenInFunction: number;
  libraryGoroutines?: number;
  finding: Finding;
}

export interface CheckDocument {
  tool: 'goroutine-guard';
  version: string;
  root: string;
  sources: CheckReport['sources'];
  files: number;
  staticFindings: number;
  summary: { confirmed: number; dynamicOnly: number; staticOnly: number; hidden: number; baselined?: number };
  confirmed: PresentedConfirmed[];
  dynamicOnly: PresentedDynamicOnly[];
  staticOnly: PresentedStaticOnly[];
  unmapped: string[];
  warnings: string[];
  /** Informational lines, present only when there are some. */
  notes?: string[];
}

export function displayPath(cwd: string): (file: string) => string {
  return (file) => {
    if (!path.isAbsolute(file)) return file;
    const rel = path.relative(cwd, file);
    return rel === '' ? '.' : rel.startsWith('..') || path.isAbsolute(rel) ? file : rel.split(path.sep).join('/');
  };
}

export function present(r: CheckReport, cwd: string, version: string): CheckDocument {
  const show = displayPath(cwd);
  const loc = (l: SourceLocation | undefined) => (l ? { ...l, file: show(l.file) } : undefined);
  const staticOf = (f: Finding): Finding => {
    const g: Finding = { ...f };
    if (f.location) g.location = loc(f.location)!;
    if (f.createdAt) g.createdAt = loc(f.createdAt)!;
    return g;
  };
  const suspect = (d: CheckReport['dynamicOnly'][number]['suspect']): PresentedSuspect => {
    const p: PresentedSuspect = { source: d.source, finding: d.finding };
    if (d.site) p.site = loc(d.site)!;
    if (d.createdAt) p.createdAt = loc(d.createdAt)!;
    if (d.mappedBy) p.mappedBy = d.mappedBy;
    return p;
  };
  return {
    tool: 'goroutine-guard',
    version,
    root: show(r.root),
    sources: r.sources,
    files: r.files,
    staticFindings: r.staticFindings,
    summary: {
      confirmed: r.confirmed.length,
      dynamicOnly: r.dynamicOnly.length,
      staticOnly: r.staticOnly.length,
      hidden: r.hidden,
      ...(r.baselined !== undefined ? { baselined: r.baselined } : {}),
    },
    confirmed: r.confirmed.map((c) => ({
      confidence: c.confidence,
      match: c.match,
      drift: c.drift,
      ruleId: c.static.ruleId,
      count: c.count,
      evidence: c.evidence,
      static: staticOf(c.static),
      dynamic: c.dynamic.map(suspect),
    })),
    dynamicOnly: r.dynamicOnly.map((d) => ({
      confidence: d.confidence,
      nearestRule: d.nearestRule,
      why: d.why,
      count: d.count,
      suspect: suspect(d.suspect),
      others: d.others.map(suspect),
    })),
    staticOnly: r.staticOnly.map((s) => ({
      confidence: s.confidence,
      seenInFunction: s.seenInFunction,
      ...(s.libraryGoroutines ? { libraryGoroutines: s.libraryGoroutines } : {}),
      finding: staticOf(s.finding),
    })),
    unmapped: r.unmapped,
    warnings: r.warnings,
    ...(r.notes.length > 0 ? { notes: r.notes } : {}),
  };
}
