// Pure planning: from the listed packages and their test files, decide per package where the harness goes (the
// internal test package, or the external `_test` package when that is where TestMain lives or the only test files
// are; inside the TestMain file or the first test file), which files get an overlay copy (harness embedded,
// TestMain renamed, os.Exit routed), and which packages are left to go test untouched (no test files). Nothing here
// touches the disk: files come in through `readFile`.

import { join } from 'node:path';
import { embedHarness, type HarnessSpec } from './harness.js';
import type { TestIgnoreRule } from './ignore.js';
import type { ListedPackage } from './golist.js';
import { findTestMain, packageClauseEnd, renameTestMain, routeOsExit } from './gosource.js';

export interface PlanSettings {
  settleMs: number;
  useLeakProfile: boolean;
  rules: readonly TestIgnoreRule[];
}

/** One file to write into the temp dir and map over `path` (an existing test file of the package). */
export interface OverlayFile {
  /** Path as go sees it: a test file of the package (absolute). */
  path: string;
  /** File name to use inside the temp dir. */
  tempName: string;
  content: string;
}

export interface PlannedPackage {
  importPath: string;
  dir: string;
  /** Where the harness went. */
  half: 'internal' | 'external';
  /** The test file (path) whose overlay copy carries the harness. */
  host: string;
  /** The package's own TestMain, when it has one (file path). */
  userTestMain?: string;
}

export interface SkippedPackage {
  importPath: string;
  reason: string;
}

export interface OverlayPlan {
  files: OverlayFile[];
  packages: PlannedPackage[];
  skipped: SkippedPackage[];
}

export function planOverlay(
  pkgs: readonly ListedPackage[],
  readFile: (path: string) => string,
  settings: PlanSettings,
): OverlayPlan {
  const plan: OverlayPlan = { files: [], packages: [], skipped: [] };
  pkgs.forEach((pkg, index) => {
    if (pkg.testGoFiles.length === 0 && pkg.xTestGoFiles.length === 0) {
      plan.skipped.push({ importPath: pkg.importPath, reason: 'no test files' });
      return;
    }
    if (!pkg.dir || !pkg.name) {
      plan.skipped.push({ importPath: pkg.importPath, reason: pkg.error ?? 'not a package directory' });
      return;
    }
    const sources = new Map<string, string>();
    const read = (f: string) => {
      const p = join(pkg.dir, f);
      if (!sources.has(p)) sources.set(p, readFile(p));
      return sources.get(p)!;
    };
    const internalMain = pkg.testGoFiles.find((f) => findTestMain(read(f)) >= 0);
    const externalMain = internalMain ? undefined : pkg.xTestGoFiles.find((f) => findTestMain(read(f)) >= 0);
    const half: 'internal' | 'external' =
      externalMain !== undefined || (internalMain === undefined && pkg.testGoFiles.length === 0)
        ? 'external'
        : 'internal';
    const mainFile = internalMain ?? externalMain;
    const halfFiles = half === 'internal' ? pkg.testGoFiles : pkg.xTestGoFiles;
    // The harness goes into the TestMain file, else the half's first test file.
    const host = mainFile ?? [...halfFiles].sort()[0]!;
    if (packageClauseEnd(read(host)) < 0) {
      plan.skipped.push({ importPath: pkg.importPath, reason: `${host} has no package clause` });
      return;
    }
    const planned: PlannedPackage = { importPath: pkg.importPath, dir: pkg.dir, half, host: join(pkg.dir, host) };
    if (mainFile !== undefined) planned.userTestMain = join(pkg.dir, mainFile);
    const spec: HarnessSpec = {
      importPath: pkg.importPath,
      wrapsUserTestMain: mainFile !== undefined,
      settleMs: settings.settleMs,
      useLeakProfile: settings.useLeakProfile,
      rules: settings.rules,
    };
    for (const f of halfFiles) {
      let src = read(f);
      const original = src;
      if (mainFile !== undefined) {
        // Any test file of that half may call os.Exit on TestMain's behalf (`os.Exit(run(m))` in a helper file).
        if (f === mainFile) src = renameTestMain(src) ?? src;
        src = routeOsExit(src).source;
      }
      if (f === host) src = embedHarness(src, spec);
      if (src !== original) plan.files.push({ path: join(pkg.dir, f), tempName: `p${index}-${f}`, content: src });
    }
    plan.packages.push(planned);
  });
  return plan;
}

/** The `-overlay` JSON: our files over the user's own overlay (theirs kept for every other path). */
export function overlayJson(plan: OverlayPlan, tempDir: string, userReplace: Record<string, string> = {}): string {
  const replace: Record<string, string> = { ...userReplace };
  for (const f of plan.files) replace[f.path] = join(tempDir, f.tempName);
  return JSON.stringify({ Replace: replace }, null, 1);
}
