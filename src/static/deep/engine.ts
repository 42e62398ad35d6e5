// Engine selection for `scan`: the fast engine (tree-sitter, rules GG001–GG015, no Go needed) always runs; the
// deep engine (the Go helper: types, SSA, call graph; rules GG016–GG020) runs with it when it can. `auto` uses
// deep when Go, a go.mod and loadable packages are there, else fast alone with the reason; `deep` insists;
// `fast` never builds or runs Go. Findings of both are merged and deduplicated by rule and location.

import type { Finding } from '../../model/index.js';
import { scan, byLocation, cacheScope, type ScanResult } from '../scan.js';
import { ScanCache, type CacheReport } from '../cache/index.js';
import type { ScanOptions } from '../options.js';
import { GuardError } from '../../core/index.js';
import { deepScan, DeepUnavailable, type DeepScanOptions } from './run.js';
import { DEEP_RULE_IDS } from './rules.js';

export type EngineChoice = 'auto' | 'deep' | 'fast';

export interface EngineReport {
  requested: EngineChoice;
  /** `deep` = the Go helper and the fast engine together; `fast` = tree-sitter only. */
  used: 'deep' | 'fast';
  /** Why: `Go 1.26.8, 12 packages type-checked` or why deep could not run. */
  reason: string;
  goVersion?: string;
  /** The helper was built by this scan. */
  built?: boolean;
  /** What came from the result cache (absent with no cache, e.g. --no-cache). */
  cache?: CacheReport;
}

export interface EngineScanResult extends ScanResult {
  engine: EngineReport;
}

export interface EngineScanOptions extends ScanOptions {
  engine?: EngineChoice;
  /** Build/run settings of the Go helper (env, go binary, progress line). */
  deep?: Omit<DeepScanOptions, 'cwd' | 'includeTests' | 'includeGenerated' | 'rules'>;
}

export async function scanWithEngine(
  paths: readonly string[],
  options: EngineScanOptions = {},
): Promise<EngineScanResult> {
  const { engine: requested = 'auto', deep: deepOpts, ...fastOpts } = options;
  const cwd = fastOpts.cwd ?? process.cwd();
  const cache = fastOpts.cacheDir ? new ScanCache(fastOpts.cacheDir, cacheScope(paths, cwd, requested)) : undefined;
  try {
    const result = await scanBoth(paths, requested, fastOpts, deepOpts, cwd, cache);
    if (cache) {
      const report = cache.report();
      if (result.engine.used !== 'deep') delete report.deep;
      result.engine.cache = report;
    }
    return result;
  } finally {
    cache?.finish();
  }
}

async function scanBoth(
  paths: readonly string[],
  requested: EngineChoice,
  fastOpts: ScanOptions,
  deepOpts: EngineScanOptions['deep'],
  cwd: string,
  cache: ScanCache | undefined,
): Promise<EngineScanResult> {
  const deepRules = enabledDeepRules(fastOpts.rules, fastOpts.disable);
  const fastPromise = scan(paths, fastOpts, cache);
  if (requested === 'fast') {
    return { ...(await fastPromise), engine: { requested, used: 'fast', reason: 'asked for with --engine fast' } };
  }
  if (deepRules.length === 0) {
    return {
      ...(await fastPromise),
      engine: { requested, used: 'fast', reason: 'no deep rule (GG016–GG020) enabled' },
    };
  }
  const deepPromise = deepScan(paths, {
    ...deepOpts,
    cwd,
    includeTests: fastOpts.includeTests ?? false,
    includeGenerated: fastOpts.includeGenerated ?? false,
    rules: deepRules,
    ...(cache ? { cache } : {}),
  }).catch((e: unknown) => e as Error);
  const [fast, deep] = await Promise.all([fastPromise, deepPromise]);
  if (deep instanceof Error) {
    if (requested === 'deep' || !(deep instanceof DeepUnavailable)) {
      throw new GuardError('usage', '--engine deep', `deep engine unavailable: ${deep.message}`);
    }
    return { ...fast, engine: { requested, used: 'fast', reason: `deep engine unavailable: ${deep.message}` } };
  }
  return {
    findings: merge(fast.findings, deep.findings),
    files: fast.files,
    lines: fast.lines,
    packages: fast.packages,
    warnings: [...fast.warnings, ...deep.warnings],
    engine: {
      requested,
      used: 'deep',
      reason: `${deep.goVersion}, ${deep.packages} package${deep.packages === 1 ? '' : 's'} type-checked`,
      goVersion: deep.goVersion,
      built: deep.built,
    },
  };
}

function enabledDeepRules(rules: readonly string[] | undefined, disable: readonly string[] | undefined): string[] {
  const off = new Set((disable ?? []).map((r) => r.trim().toUpperCase()));
  const on = rules ? rules.map((r) => r.trim().toUpperCase()) : [...DEEP_RULE_IDS];
  return on.filter((r) => DEEP_RULE_IDS.has(r) && !off.has(r));
}

/**
 * A send that the fast engine already names as N senders, one receiver (GG015) is the same leak as the deep engine's
 * unbuffered send (GG001) at that line: one leak, one finding, the more specific one.
 */
const SUBSUMED_BY: Readonly<Record<string, string>> = { GG001: 'GG015' };

/** Both engines' findings, one per rule and location (file, line); of two at one place the fast engine's. */
export function merge(a: readonly Finding[], b: readonly Finding[]): Finding[] {
  const at = (f: Finding, rule: string) => `${rule}|${f.location?.file ?? ''}|${f.location?.line ?? 0}`;
  const seen = new Set<string>();
  const out: Finding[] = [];
  const all = [...a, ...b];
  const present = new Set(all.map((f) => at(f, f.ruleId)));
  for (const f of all) {
    const key = at(f, f.ruleId);
    const wider = SUBSUMED_BY[f.ruleId];
    if (seen.has(key) || (wider !== undefined && present.has(at(f, wider)))) continue;
    seen.add(key);
    out.push(f);
  }
  return out.sort(byLocation);
}
