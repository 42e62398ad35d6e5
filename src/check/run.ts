// `check` as a library call: scan the tree, map the dynamic evidence's paths into it, join. The caller brings the
// evidence (see evidence.ts) so this module needs no network, stdin or child process.

import path from 'node:path';
import { PATTERN_IDS, type PatternId, evidenceRank, type Finding, type SourceLocation } from '../model/index.js';
import {
  applyBaseline,
  scanWithEngine,
  type Baseline,
  type EngineChoice,
  type EngineReport,
  type EngineScanOptions,
  type ScanOptions,
} from '../static/index.js';
import type { DynamicEvidence } from './evidence.js';
import { join } from './join.js';
import { applySource, stuckProcessText } from '../analysis/index.js';
import { createSourceLookup } from './source.js';
import { PathMapper, type MappedBy, type SourceTree } from './paths.js';
import { loadTree, treeSources } from './tree.js';
import type { CheckResult, JoinOptions, MappedSuspect } from './types.js';
import type { SourceText } from './why.js';

export interface CheckOptions extends JoinOptions {
  /** Prefixes to strip from dump paths before mapping them into the tree (the build directory elsewhere). */
  trimPrefixes?: readonly string[];
  /** Options of the static scan; `cwd` and the paths are set by `check`. */
  scan?: Omit<ScanOptions, 'cwd' | 'onProgress'>;
  /** Static engine (default auto: the deep engine's GG016–GG020 too when Go and a go.mod are there). */
  engine?: EngineChoice;
  /** Build/run settings of the deep engine's Go helper (its environment: GOROUTINE_GUARD_CACHE, GOFLAGS…). */
  deep?: EngineScanOptions['deep'];
  /** Static findings to leave out (the config file's `ignore` section). */
  dropStatic?: (f: Finding) => boolean;
  /** Static findings recorded here (`scan --write-baseline`) are left out before the join, as `scan` hides them. */
  baseline?: Baseline;
}

export interface CheckReport extends CheckResult {
  /** Absolute root of the source tree. */
  root: string;
  /** `stuck`: the dump was taken from a stuck process — the line that says so and the hung tests (no plain panics). */
  sources: { source: string; goroutines: number; suspects: number; stuck?: string }[];
  /** Static findings in the tree. */
  staticFindings: number;
  /** Go files in the tree (tests included). */
  files: number;
  warnings: string[];
  /** Informational lines (e.g. which capture a dump directory holds); not warnings. */
  notes: string[];
  /** Static findings the baseline hid; set when a baseline was given. */
  baselined?: number;
  /** Which static engine ran, and why (set by checkTree). */
  engine?: EngineReport;
}

/** Scans `dir` (relative to `cwd`) and joins its findings with the evidence. */
export async function checkTree(
  dir: string,
  evidence: readonly DynamicEvidence[],
  opts: CheckOptions = {},
  cwd = process.cwd(),
): Promise<CheckReport> {
  const tree = await loadTree(dir, cwd);
  const scanned = await scanWithEngine([`${tree.root}/...`], {
    ...opts.scan,
    cwd,
    engine: opts.engine ?? 'auto',
    ...(opts.deep ? { deep: opts.deep } : {}),
  });
  const drop = opts.dropStatic ?? (() => false);
  const kept = scanned.findings.filter((f) => !drop(f));
  const applied = opts.baseline ? applyBaseline(kept, opts.baseline) : { fresh: kept, hidden: 0 };
  const statics = applied.fresh.map((f) => absolute(f, cwd));
  // Source-aware diagnosis of the dynamic side: the blocking line names the pattern (a ticker loop is GG004).
  const lookup = await createSourceLookup({
    mapper: new PathMapper(tree, opts.trimPrefixes ? { trimPrefixes: opts.trimPrefixes } : {}),
    cwd,
  });
  for (const e of evidence) applySource(e.suspects, lookup);
  const report = checkFindings(tree, statics, evidence, treeSources(tree), {
    ...opts,
    includeTests: opts.scan?.includeTests ?? false,
    disabledRules: disabledRules(opts.scan),
    warnings: scanned.warnings,
  });
  const withEngine = { ...report, engine: scanned.engine };
  return opts.baseline ? { ...withEngine, baselined: applied.hidden } : withEngine;
}

/** The pure half of `checkTree`: an already scanned tree and its sources. Paths in `statics` are absolute. */
export function checkFindings(
  tree: SourceTree,
  statics: readonly Finding[],
  evidence: readonly DynamicEvidence[],
  sources: SourceText,
  opts: CheckOptions & { warnings?: readonly string[] } = {},
): CheckReport {
  const mapper = new PathMapper(tree, opts.trimPrefixes ? { trimPrefixes: opts.trimPrefixes } : {});
  const unmapped = new Set<string>();
  const suspects = mergeAcrossSources(evidence.flatMap((e) => e.suspects.map((f) => mapSuspect(f, e.source))));
  const seen = new Map<string, number>();
  for (const e of evidence) for (const [fn, n] of e.seenFunctions) seen.set(fn, Math.max(seen.get(fn) ?? 0, n));
  const result = join({ statics, suspects, seenFunctions: seen, unmapped: [...unmapped].sort(), sources }, opts);
  return {
    ...result,
    root: tree.root,
    sources: evidence.map((e) => ({
      source: e.source,
      goroutines: e.goroutines,
      suspects: e.suspects.length,
      ...(stuckProcessText(e.context) ? { stuck: stuckProcessText(e.context) } : {}),
    })),
    staticFindings: statics.length,
    files: tree.packages.reduce((n, p) => n + p.files.length, 0),
    warnings: [
      ...(opts.warnings ?? []),
      ...evidence.flatMap((e) => e.warnings),
      ...[...mapper.ambiguous].map((f) => `${f}: matches several files of the tree; pass --trim-prefix to choose`),
    ],
    notes: evidence.flatMap((e) => e.notes ?? []),
  };

  function mapLocation(file: string, line: number, func: string | undefined): Located | undefined {
    if (!PathMapper.isCandidate(file, func)) return undefined;
    const hit = mapper.map(file, func);
    if (!hit) {
      unmapped.add(file);
      return undefined;
    }
    return { loc: func ? { file: hit.file, line, func } : { file: hit.file, line }, by: hit.by };
  }

  function mapSuspect(f: Finding, source: string): MappedSuspect {
    const located: Located[] = [];
    for (const fr of f.stack ?? []) {
      const l = mapLocation(fr.file, fr.line, fr.func);
      if (l) located.push(l);
    }
    // A stack-less suspect (a test leak rendered from a summary) still has its blocking location.
    if (located.length === 0 && !f.stack?.length && f.location) {
      const l = mapLocation(f.location.file, f.location.line, f.location.func);
      if (l) located.push(l);
    }
    const m: MappedSuspect = { finding: f, source, frames: located.map((l) => l.loc) };
    if (located[0]) {
      m.site = located[0].loc;
      m.mappedBy = located[0].by;
    }
    const c = f.createdAt && mapLocation(f.createdAt.file, f.createdAt.line, f.createdAt.func);
    if (c) m.createdAt = c.loc;
    return m;
  }
}

interface Located {
  loc: SourceLocation;
  by: MappedBy;
}

/**
 * Several dumps of one process show the same leak again: one suspect per blocking site, `go` statement and
 * pattern, the strongest evidence (then the largest count) standing for the others.
 */
function mergeAcrossSources(suspects: MappedSuspect[]): MappedSuspect[] {
  const byKey = new Map<string, MappedSuspect[]>();
  for (const s of suspects) {
    const loc = s.site ?? s.finding.location;
    const k = `${loc?.file}:${loc?.line}|${s.createdAt?.file}:${s.createdAt?.line}|${s.finding.ruleId}|${s.finding.state}`;
    byKey.set(k, [...(byKey.get(k) ?? []), s]);
  }
  const out: MappedSuspect[] = [];
  for (const group of byKey.values()) {
    const sources = new Set(group.map((g) => g.source));
    if (sources.size === 1) {
      out.push(...group);
      continue;
    }
    const best = [...group].sort(
      (a, b) =>
        evidenceRank(a.finding.evidence ?? 'possible') - evidenceRank(b.finding.evidence ?? 'possible') ||
        (b.finding.count ?? 0) - (a.finding.count ?? 0),
    )[0]!;
    const counts = Object.fromEntries([...sources].map((src) => [src, sumCount(group, src)]));
    out.push({ ...best, finding: { ...best.finding, data: { ...best.finding.data, countsBySource: counts } } });
  }
  return out;
}

function sumCount(group: readonly MappedSuspect[], source: string): number {
  return group.filter((g) => g.source === source).reduce((n, g) => n + (g.finding.count ?? 0), 0);
}

function absolute(f: Finding, cwd: string): Finding {
  const g: Finding = { ...f };
  if (f.location) g.location = { ...f.location, file: path.resolve(cwd, f.location.file) };
  if (f.createdAt) g.createdAt = { ...f.createdAt, file: path.resolve(cwd, f.createdAt.file) };
  if (f.related) g.related = f.related.map((r) => ({ ...r, file: path.resolve(cwd, r.file) }));
  const waiter = f.data?.waiter as SourceLocation | undefined;
  if (waiter) g.data = { ...f.data, waiter: { ...waiter, file: path.resolve(cwd, waiter.file) } };
  return g;
}

function disabledRules(o: CheckOptions['scan']): PatternId[] {
  const up = (ids: readonly string[] | undefined) => (ids ?? []).map((id) => id.trim().toUpperCase() as PatternId);
  const disabled = up(o?.disable);
  if (o?.rules) {
    const on = new Set(up(o.rules));
    for (const id of PATTERN_IDS) if (!on.has(id)) disabled.push(id);
  }
  return disabled;
}

/** `--fail-on` for check: which lists must be empty. `dynamic` = confirmed or dynamic only; `static` = any list. */
export const CHECK_FAIL_ON = ['confirmed', 'dynamic', 'static', 'none'] as const;
export type CheckFailOn = (typeof CHECK_FAIL_ON)[number];

/** True when the report has something in a list `on` covers. */
export function checkFails(r: Pick<CheckResult, 'confirmed' | 'dynamicOnly' | 'staticOnly'>, on: CheckFailOn): boolean {
  switch (on) {
    case 'none':
      return false;
    case 'confirmed':
      return r.confirmed.length > 0;
    case 'dynamic':
      return r.confirmed.length + r.dynamicOnly.length > 0;
    case 'static':
      return r.confirmed.length + r.dynamicOnly.length + r.staticOnly.length > 0;
  }
}
