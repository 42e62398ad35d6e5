// Runs the Go helper on the packages a scan names and maps its output to the shared `Finding` model: rule
// metadata, paths relative to the working directory, excerpts, `//goroutine-guard:ignore` comments, generated
// files. Scan paths become go patterns per module (`dir/...` → `./dir/...` in the module that holds it; nested
// modules under a recursive path get a run of their own).

import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { findUp, goSkipsDir, nodeGoExec } from '../../core/index.js';
import type { Finding, SourceLocation } from '../../model/index.js';
import { findSuppressions, isGenerated, SourceText } from '../go/source.js';
import { displayPath } from '../display.js';
import { ensureAnalyzer, type BuildOptions } from './build.js';
import { checkScanOutput, parseScanOutput, type DeepFinding, type DeepPos, type DeepScanOutput } from './protocol.js';
import { DEEP_RULES } from './rules.js';
import type { ScanCache } from '../cache/index.js';
import { deepBase, dirLister, fullKey, narrowKey, type DirLister } from '../cache/deep.js';

export interface DeepScanOptions extends BuildOptions {
  cwd: string;
  includeTests?: boolean;
  includeGenerated?: boolean;
  /** Deep rule ids to run (default: all). */
  rules?: readonly string[];
  /** Result cache: a module run whose key (cache/deep.ts) is unchanged is not run again. */
  cache?: ScanCache;
}

export interface DeepScanResult {
  findings: Finding[];
  files: number;
  lines: number;
  packages: number;
  warnings: string[];
  goVersion: string;
  /** The helper was built by this scan (first use). */
  built: boolean;
}

/** Go packages of one module to analyse. */
interface ModuleRun {
  root: string;
  patterns: string[];
}

/** Why the deep engine cannot take these paths (the scan falls back to the fast engine). */
export class DeepUnavailable extends Error {}

export function planModules(paths: readonly string[], cwd: string, list: DirLister = dirLister()): ModuleRun[] {
  const runs = new Map<string, Set<string>>();
  const add = (root: string, pattern: string) => {
    if (!runs.has(root)) runs.set(root, new Set());
    runs.get(root)!.add(pattern);
  };
  for (const p of paths.length > 0 ? paths : ['./...']) {
    const recursive = p === '...' || p.endsWith('/...');
    const dir = path.resolve(cwd, recursive ? p.slice(0, -3) || '.' : p);
    if (dir.endsWith('.go')) throw new DeepUnavailable(`${p} is a single file`);
    if (!existsSync(dir)) throw new DeepUnavailable(`${p} does not exist`);
    const root = moduleRoot(dir);
    if (!root) throw new DeepUnavailable(`no go.mod above ${p}`);
    add(root, pattern(root, dir, recursive));
    if (recursive) for (const nested of nestedModules(dir, list)) add(nested, './...');
  }
  return [...runs].map(([root, patterns]) => ({ root, patterns: [...patterns] }));
}

function pattern(root: string, dir: string, recursive: boolean): string {
  const rel = path.relative(root, dir).split(path.sep).join('/');
  const base = rel === '' ? '.' : `./${rel}`;
  return recursive ? `${base}/...` : base;
}

function moduleRoot(dir: string): string | null {
  return findUp(dir, 'go.mod') ?? null;
}

/** Module roots strictly below dir, as `go list ./...` skips them (vendor, testdata, _ and . dirs excluded). */
function nestedModules(dir: string, list: DirLister): string[] {
  const out: string[] = [];
  const walk = (d: string, top: boolean) => {
    const entries = list(d) ?? [];
    if (!top && entries.some((e) => e.name === 'go.mod' && !e.isDirectory())) out.push(d);
    for (const e of entries) {
      if (!e.isDirectory() || goSkipsDir(e.name)) continue;
      walk(path.join(d, e.name), false);
    }
  };
  walk(dir, true);
  return out;
}

export async function deepScan(paths: readonly string[], opts: DeepScanOptions): Promise<DeepScanResult> {
  // planModules and the cache keys walk the same directories: each is read once.
  const list = dirLister();
  const runs = planModules(paths, opts.cwd, list);
  const exec = opts.exec ?? nodeGoExec;
  const env = { ...(opts.env ?? process.env), GOFLAGS: (opts.env ?? process.env).GOFLAGS ?? '' };
  const cache = opts.cache;
  const helperP = ensureAnalyzer(opts).catch((e: unknown) => e as Error);
  // Each run's `go env` starts now, while the helper is looked up.
  const bases = runs.map((run) =>
    cache ? deepBase(run.root, !!opts.includeTests, cache, exec, opts.goBin ?? 'go', env, list) : null,
  );
  const helper = await helperP;
  if (helper instanceof Error) {
    await Promise.all(bases);
    throw new DeepUnavailable(helper.message);
  }
  const result: DeepScanResult = {
    findings: [],
    files: 0,
    lines: 0,
    packages: 0,
    warnings: [],
    goVersion: helper.goVersion,
    built: helper.built,
  };
  const args = [
    'scan',
    ...(opts.includeTests ? ['-tests'] : []),
    ...(opts.rules ? ['-rules', opts.rules.join(',')] : []),
  ];
  const sources = new Map<string, SourceText | null>();
  let walkedAll = false;
  for (const [i, run] of runs.entries()) {
    const base = await bases[i];
    const prefix = base ? runKey(base.key, helper.bin, args, run.patterns) : null;
    let out: DeepScanOutput | null = null;
    // The directories the helper loaded last time (null: it could not load everything; undefined: no run yet).
    let dirs: string[] | null | undefined;
    if (cache) {
      cache.deepRuns++;
      if (base && prefix) {
        dirs = cache.store.get('deep-dirs', prefix, isDirList)?.dirs;
        const key =
          dirs === undefined
            ? null
            : dirs === null
              ? fullKey(base, prefix)
              : narrowKey(base, prefix, run.patterns, dirs);
        out = key ? cache.store.get('deep', key, isScanOutput) : null;
      }
      if (out) cache.deepHits++;
    }
    if (!out) {
      // Everything the stored key may name is looked at before the helper starts (see cache/deep.ts).
      const full = base && prefix ? fullKey(base, prefix) : null;
      if (base && prefix) narrowKey(base, prefix, run.patterns, dirs ?? []);
      walkedAll = true;
      const r = await exec.capture(helper.bin, [...args, ...run.patterns], { cwd: run.root, env });
      try {
        out = parseScanOutput(r.stdout);
      } catch (e) {
        const why = r.stderr.trim().split('\n')[0] || (e as Error).message;
        throw new DeepUnavailable(`${displayPath(opts.cwd, run.root)}: ${why}`);
      }
      if (cache && base && prefix) {
        const loaded = out.dirs ?? null;
        // Null when a file the key would name appeared or changed while the helper ran: the next run stores it.
        const key = loaded ? narrowKey(base, prefix, run.patterns, loaded, true) : full;
        cache.store.put('deep-dirs', prefix, { dirs: loaded });
        if (key) cache.store.put('deep', key, out);
      }
    }
    result.files += out.files;
    result.lines += out.lines;
    result.packages += out.packages;
    for (const err of out.errors)
      result.warnings.push(`${err.package}: ${err.message.split('\n')[0]} (deep engine skipped it)`);
    for (const f of out.findings) {
      const finding = toFinding(f, opts.cwd, sources);
      if (finding && (opts.includeGenerated || !generated(sources, f.location.file))) result.findings.push(finding);
    }
  }
  // A scan that hashed only the loaded directories keeps the file index's other entries for the next full walk.
  if (cache && !walkedAll) cache.hashes.keepUnused = true;
  if (result.packages === 0) throw new DeepUnavailable('no package loaded and type-checked');
  return result;
}

/** A run's base: its sources' base key, the helper (its name carries Go's version and its sources' hash), args. */
function runKey(base: string, bin: string, args: readonly string[], patterns: readonly string[]): string {
  return createHash('sha256')
    .update(JSON.stringify({ base, bin: path.basename(bin), args, patterns }))
    .digest('hex');
}

function isDirList(v: unknown): v is { dirs: string[] | null } {
  const d = (v as { dirs?: unknown } | null)?.dirs;
  return d === null || (Array.isArray(d) && d.every((x) => typeof x === 'string'));
}

function isScanOutput(v: unknown): v is DeepScanOutput {
  try {
    checkScanOutput(v);
    return true;
  } catch {
    return false;
  }
}

function source(cache: Map<string, SourceText | null>, file: string): SourceText | null {
  if (!cache.has(file)) {
    let text: SourceText | null = null;
    try {
      text = new SourceText(readFileSync(file, 'utf8'));
    } catch {
      text = null;
    }
    cache.set(file, text);
  }
  return cache.get(file) ?? null;
}

function generated(cache: Map<string, SourceText | null>, file: string): boolean {
  const s = source(cache, file);
  return s !== null && isGenerated(s.text);
}

/** The protocol's finding as the shared model, or null when a `//goroutine-guard:ignore` comment covers it. */
export function toFinding(f: DeepFinding, cwd: string, cache = new Map<string, SourceText | null>()): Finding | null {
  const meta = DEEP_RULES.find((r) => r.id === f.ruleId);
  if (!meta) return null;
  const src = source(cache, f.location.file);
  if (src && suppressed(src, f.location.line, meta.id)) return null;
  const loc = (p: DeepPos): SourceLocation => ({
    file: displayPath(cwd, p.file),
    line: p.line,
    ...(p.column ? { column: p.column } : {}),
    ...(p.func ? { func: p.func } : {}),
  });
  const out: Finding = {
    origin: 'static',
    ruleId: meta.id,
    title: meta.title,
    message: f.message,
    severity: f.severity ?? meta.severity,
    location: loc(f.location),
    fix: meta.fix,
    explanation: meta.explanation,
  };
  if (f.createdAt) out.createdAt = loc(f.createdAt);
  if (src) out.excerpt = src.excerpt(f.location.line);
  if (f.related?.length) out.related = f.related.map((r) => ({ ...loc(r), message: r.message }));
  const data: Record<string, unknown> = { engine: 'deep' };
  if (f.lock) data.lock = f.lock;
  if (f.waiter) data.waiter = loc(f.waiter);
  out.data = data;
  return out;
}

/** An ignore comment on the line, the line above, or the doc comment / header of the enclosing function. */
function suppressed(src: SourceText, line: number, id: string): boolean {
  const sups = findSuppressions(src.text, (off) => src.position(off));
  if (sups.length === 0) return false;
  const applies = (rules: readonly string[]) => rules.length === 0 || rules.includes(id);
  if (sups.some((s) => (s.line === line || s.line === line - 1) && applies(s.rules))) return true;
  let header = line;
  while (header > 1 && !/^func\b/.test(src.line(header))) header--;
  let top = header;
  while (top > 1 && /^\s*\/\//.test(src.line(top - 1))) top--;
  return sups.some((s) => s.line >= top && s.line <= header && applies(s.rules));
}
