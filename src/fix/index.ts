// Library API of `fix`: findings in (from `scan`, or read back with `findingsFrom`), candidate patches planned,
// proven against the package's own tests in a leak-checked overlay run, a FixReport out. The user's files are
// only read; `writePatches` is the one function that writes, and only verified patches.
//
//   const report = await fixPackages(['./...'], { cwd: repo });
//   process.stdout.write(renderFixText(report));

import { readFileSync, realpathSync } from 'node:fs';
import { relative } from 'node:path';
import { compareText, nodeGoExec } from '../core/index.js';
import { processSignals } from '../gotest/index.js';
import type { LeakProfileMode } from '../gotest/index.js';
import type { Finding } from '../model/index.js';
import type { EngineChoice, ScanOptions } from '../static/index.js';
import { gofmtFor } from './gofmt.js';
import { requireModule } from './module.js';
import { planCandidates } from './plan.js';
import { proveCandidates } from './run.js';
import type { FixReport } from './types.js';
import type { VerifyIO } from './verify.js';
import { writePatches as writeWith, type WriteResult } from './write.js';
import type { FixOutcome } from './types.js';

export type { FixReport, FixOutcome, Candidate, Unaddressed, Verdict } from './types.js';
export { findingsFrom, type FromFormat } from './from.js';
export { renderFixText, renderFixJSON, renderFixSarif } from './report.js';
export type { WriteResult } from './write.js';
export { gofmtFor } from './gofmt.js';
export { moduleRootOf, requireModule } from './module.js';

export interface FixOptions {
  /** Directory the paths (and findings' files) are relative to; the report shows paths relative to it. */
  cwd: string;
  /** go command. Default `go` (gofmt is taken from beside it). */
  goBin?: string;
  /** How long leftover goroutines may take to exit in each test run. Default 1000 ms. */
  settleMs?: number;
  /** The goroutineleak profile: `auto` (Go ≥ 1.27, the default), `on` (also Go 1.26), `off`. */
  leakProfile?: LeakProfileMode;
  /** Extra go test flags for every run (`-race`, `-tags x`, `-timeout=3m`). */
  goFlags?: readonly string[];
  /** Called as each package moves to its next step (for a progress line). */
  onProgress?: (pkg: string, step: string) => void;
}

/** How the tests are run: the real go command, process signals and environment unless given. */
export type FixIO = Partial<VerifyIO>;

/** Patches for `findings`, each proven by its package's tests in a leak-checked overlay run. */
export async function fixFindings(findings: readonly Finding[], opts: FixOptions, io: FixIO = {}): Promise<FixReport> {
  const settings = {
    goBin: opts.goBin ?? 'go',
    settleMs: opts.settleMs ?? 1000,
    leakProfile: opts.leakProfile ?? 'auto',
    goFlags: opts.goFlags ?? [],
  };
  const gofmt = gofmtFor(settings.goBin);
  const { candidates, unaddressed } = await planCandidates(findings, {
    cwd: opts.cwd,
    readFile: (p) => {
      try {
        return readFileSync(p, 'utf8');
      } catch {
        return null;
      }
    },
    gofmt,
  });
  // Findings read back with --from can point anywhere: a package outside a module cannot run its tests.
  requireModule([...new Set(candidates.map((c) => c.dir))].sort(compareText), opts.cwd);
  // Leaked goroutines carry the real path of their source files; patch real paths so the two compare.
  for (const c of candidates) {
    c.file = realpathSync(c.file);
    c.dir = realpathSync(c.dir);
  }
  const proven = await proveCandidates(
    candidates,
    {
      settings,
      gofmt,
      ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
      displayDir: (d) => relative(realpathSync(opts.cwd), d) || '.',
    },
    {
      exec: io.exec ?? nodeGoExec,
      signals: io.signals ?? processSignals,
      env: io.env ?? process.env,
      ...(io.tmpRoot ? { tmpRoot: io.tmpRoot } : {}),
    },
  );
  return { ...proven, unaddressed };
}

export interface FixPackagesOptions extends FixOptions {
  /** Only these rule ids. */
  rules?: readonly string[];
  /** The scan's other options (disable, ignore globs, includeTests…), as for `scan`. */
  scan?: Omit<ScanOptions, 'cwd' | 'rules'>;
  /** Static engine, as for `scan`: `auto` (the default: deep when Go is there, so GG016–GG020 too), `deep`, `fast`. */
  engine?: EngineChoice;
  /** Findings to leave alone (the config's `ignore` rules, as `check` drops them). */
  dropFinding?: (f: Finding) => boolean;
}

/**
 * `goroutine-guard fix [paths]` as a call: scans `paths` (dir, dir/..., ./..., relative to `cwd`) with the same
 * engines as `scan`, then `fixFindings`. Throws a GuardError for a path outside a Go module.
 */
export async function fixPackages(
  paths: readonly string[],
  opts: FixPackagesOptions,
  io: FixIO = {},
): Promise<FixReport> {
  requireModule(paths, opts.cwd);
  const { noGoFilesError, scanWithEngine } = await import('../static/index.js');
  const { rules, dropFinding } = opts;
  const scanned = await scanWithEngine(paths, {
    ...opts.scan,
    cwd: opts.cwd,
    ...(rules ? { rules } : {}),
    engine: opts.engine ?? 'auto',
    deep: {
      env: io.env ?? process.env,
      ...(opts.goBin ? { goBin: opts.goBin } : {}),
      ...(opts.onProgress ? { onStatus: (line: string) => opts.onProgress?.('scan', line) } : {}),
    },
  });
  if (scanned.files === 0) throw noGoFilesError(paths);
  const kept = scanned.findings.filter((f) => !dropFinding?.(f) && (!rules || rules.includes(f.ruleId)));
  return fixFindings(kept, opts, io);
}

/**
 * Writes the verified patches of `outcomes` to their files; refuses a file with uncommitted changes (git) unless
 * `force`, and a file that changed since `fix` read it. `goBin` names the go whose gofmt joins two patches to one file.
 */
export function writePatches(
  outcomes: readonly FixOutcome[],
  opts: { force?: boolean; goBin?: string; dirty?: (file: string) => boolean } = {},
): Promise<WriteResult> {
  return writeWith(outcomes, {
    force: opts.force === true,
    gofmt: gofmtFor(opts.goBin ?? 'go'),
    ...(opts.dirty ? { dirty: opts.dirty } : {}),
  });
}
