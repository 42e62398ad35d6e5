// Options of a static scan, their defaults in one place, and their validation (unknown keys and bad values are
// rejected by name, like esbuild's API).

import { isPatternId, type PatternId, type Severity } from '../model/index.js';
import { GuardError } from '../core/index.js';
import type { GoVersion } from './go/gomod.js';
import { parseGoVersion } from './go/gomod.js';

export interface ScanOptions {
  /** Only these rules (default: all). */
  rules?: readonly string[];
  /** Rules to turn off. */
  disable?: readonly string[];
  /** Glob patterns (relative to the working directory) of files or directories to skip. */
  ignore?: readonly string[];
  /** Also scan `_test.go` files. Default false: tests often leak on purpose and die with the test binary. */
  includeTests?: boolean;
  /** Also scan generated files (`// Code generated … DO NOT EDIT.`). Default false: nobody fixes them by hand. */
  includeGenerated?: boolean;
  /** Override the `go` version read from go.mod (e.g. `1.21`). */
  goVersion?: string;
  /** Files larger than this are skipped with a warning. Default 4 MiB: larger Go files are generated tables. */
  maxFileBytes?: number;
  /** Worker threads for parsing; 0 = parse on the calling thread. Default: one per CPU, at most 8. */
  threads?: number;
  /** Directory that relative paths in findings are relative to. Default: process.cwd(). */
  cwd?: string;
  /** Called after each package with the number of files done so far. */
  onProgress?: (done: number, total: number) => void;
  /**
   * Directory of the result cache: packages whose files, options and rules are unchanged are not analysed again.
   * Default: none (the CLI passes `<cache>/scan-results` unless --no-cache).
   */
  cacheDir?: string;
}

export interface ResolvedScanOptions {
  rules: PatternId[] | null;
  disable: PatternId[];
  ignore: string[];
  includeTests: boolean;
  includeGenerated: boolean;
  goVersion: GoVersion | null;
  maxFileBytes: number;
  threads: number | null;
  cwd: string | null;
  onProgress: ((done: number, total: number) => void) | null;
  cacheDir: string | null;
}

export const SCAN_DEFAULTS = {
  includeTests: false,
  includeGenerated: false,
  maxFileBytes: 4 * 1024 * 1024,
  maxThreads: 8,
} as const;

const KNOWN_KEYS = new Set([
  'rules',
  'disable',
  'ignore',
  'includeTests',
  'includeGenerated',
  'goVersion',
  'maxFileBytes',
  'threads',
  'cwd',
  'onProgress',
  'cacheDir',
]);

export function resolveScanOptions(opts: ScanOptions = {}): ResolvedScanOptions {
  for (const k of Object.keys(opts)) {
    if (!KNOWN_KEYS.has(k))
      throw new GuardError('usage', 'scan options', `unknown option "${k}"`, {}, [...KNOWN_KEYS].join(', '));
  }
  const goVersion = opts.goVersion === undefined ? null : parseGoVersion(opts.goVersion);
  if (opts.goVersion !== undefined && !goVersion) {
    throw new GuardError('usage', 'scan options', `bad goVersion "${opts.goVersion}"`, {}, 'a version like 1.22');
  }
  return {
    rules: opts.rules ? ruleIds(opts.rules, 'rules') : null,
    disable: opts.disable ? ruleIds(opts.disable, 'disable') : [],
    ignore: [...(opts.ignore ?? [])],
    includeTests: opts.includeTests ?? SCAN_DEFAULTS.includeTests,
    includeGenerated: opts.includeGenerated ?? SCAN_DEFAULTS.includeGenerated,
    goVersion,
    maxFileBytes: opts.maxFileBytes ?? SCAN_DEFAULTS.maxFileBytes,
    threads: opts.threads ?? null,
    cwd: opts.cwd ?? null,
    onProgress: opts.onProgress ?? null,
    cacheDir: opts.cacheDir ?? null,
  };
}

export function ruleIds(ids: readonly string[], what: string): PatternId[] {
  return ids.map((id) => {
    const up = id.trim().toUpperCase();
    if (!isPatternId(up)) throw new GuardError('usage', what, `unknown rule "${id}"`, {}, 'GG001…GG015');
    return up;
  });
}

export function severityAtLeast(s: Severity, min: Severity): boolean {
  const rank: Record<Severity, number> = { note: 0, warning: 1, error: 2 };
  return rank[s] >= rank[min];
}
