// Library API of the static half: `scan` walks directories like `go vet ./...` does and checks every package on
// worker threads; `scanSource` checks one file's text (tests, editors, and `check` use it).

import type { Finding } from '../model/index.js';
import { analyzePackage } from './engine.js';
import { DEFAULT_GO_VERSION, parseGoVersion, type GoVersion } from './go/gomod.js';
import { createGoParser } from './go/parser.js';
import { ruleIds } from './options.js';
import { selectRules } from './select-rules.js';

export { scan, type ScanResult } from './scan.js';
export type { ScanOptions } from './options.js';
export { RULES } from './rules/index.js';
export {
  blockingAt,
  type BlockingFact,
  type BlockingOp,
  type ChanKind,
  type SelectCaseFact,
} from './facts/blocking.js';
export { createGoParser, type GoFile, type GoParser } from './go/parser.js';
export type { Rule, RuleMeta } from './types.js';

export interface ScanSourceOptions {
  /** Only these rules (default: all). */
  rules?: readonly string[];
  disable?: readonly string[];
  /** The `go` directive to assume (default: the newest semantics). */
  goVersion?: string | GoVersion;
  /** Import path of the file's package, for function names in findings. */
  importPath?: string;
  includeGenerated?: boolean;
}

export interface ScanSourceResult {
  findings: Finding[];
  warnings: string[];
}

/** Checks one Go file's text as a package of its own. */
export async function scanSource(
  source: string,
  filename: string,
  options: ScanSourceOptions = {},
): Promise<ScanSourceResult> {
  const goVersion =
    typeof options.goVersion === 'string'
      ? (parseGoVersion(options.goVersion) ?? DEFAULT_GO_VERSION)
      : (options.goVersion ?? DEFAULT_GO_VERSION);
  const rules = selectRules(
    options.rules ? ruleIds(options.rules, 'rules') : null,
    options.disable ? ruleIds(options.disable, 'disable') : [],
  );
  const parser = await createGoParser();
  const r = analyzePackage(
    [{ path: filename, source }],
    { rules, goVersion, importPath: options.importPath ?? null, includeGenerated: options.includeGenerated ?? true },
    parser,
  );
  return { findings: r.findings, warnings: r.warnings };
}
// What the scan command uses (its light entry, scan-entry.ts), then the rest.
export * from './scan-entry.js';
export { applyBaseline, parseBaseline, type Baseline } from './baseline.js';
export { sarifRules } from './sarif-rules.js';
export { discover } from './discover.js';
export { ignoreFilter } from './ignore.js';
export { severityAtLeast } from './options.js';
export { nodeDiscoverFs } from './scan.js';
export { type EngineScanOptions, type EngineScanResult } from './deep/engine.js';
export { DEEP_ONLY, DEEP_RULES } from './deep/rules.js';
export { type CacheReport } from './cache/index.js';
// The Go syntax layer, for `fix`'s edit generators.
export {
  callArgs,
  callee,
  child,
  childrenOf,
  findAll,
  isFuncNode,
  text,
  unparen,
  walk,
  type GoNode,
} from './go/ast.js';
// The Go helper, for execution traces (`gg-analyzer trace`).
export { ensureAnalyzer, type BuildOptions, type BuiltAnalyzer } from './deep/build.js';
export {
  parseTraceOutput,
  type TraceErrorOutput,
  type TraceFrame,
  type TraceGoroutine,
  type TraceOutput,
  type TraceSite,
} from './deep/protocol.js';
