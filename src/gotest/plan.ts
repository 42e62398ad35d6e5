// Pure planning: from the listed packages and their test files, decide per package where the generated harness
// goes (the internal test package, or the external `_test` package when that is where TestMain lives or the only
// test files are), which user files get an overlay copy (TestMain renamed, os.Exit routed), and which packages
// are left to go test untouched (no test files). Nothing here touches the disk: files come in through `readFile`.

import { join } from 'node:path';
import { harnessSource, type HarnessSpec } from './harness.js';
import type { IgnoreRule } from './ignore.js';
import type { ListedPackage } from './golist.js';
import { findTestMain, renameTestMain, routeOsExit } from './gosource.js';

export interface PlanSettings {
  settleMs: number;
  useLeakProfile: boolean;
  rules: readonly IgnoreRule[];
}

/** One file to write into the temp dir and map over `path` (a real or new path in the package dir). */
export interface OverlayFile {
  /** Path as go sees it (absolute, in the package directory). */
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

export const HARNESS_FILE = 'goroutine_guard_zz_test.go';

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
    const prefix = `p${index}`;
    const planned: PlannedPackage = { importPath: pkg.importPath, dir: pkg.dir, half };
    if (mainFile !== undefined) {
      planned.userTestMain = join(pkg.dir, mainFile);
      // Every test file of that half may call os.Exit on TestMain's behalf (`os.Exit(run(m))` in a helper file).
      const halfFiles = half === 'internal' ? pkg.testGoFiles : pkg.xTestGoFiles;
      for (const f of halfFiles) {
        let src = read(f);
        let changed = false;
        if (f === mainFile) {
          src = renameTestMain(src) ?? src;
          changed = true;
        }
        const routed = routeOsExit(src);
        if (routed.replaced > 0 || changed) {
          plan.files.push({ path: join(pkg.dir, f), tempName: `${prefix}-${f}`, content: routed.source });
        }
      }
    }
    const existing = new Set([...pkg.testGoFiles, ...pkg.xTestGoFiles]);
    let name = HARNESS_FILE;
    for (let n = 2; existing.has(name); n++) name = HARNESS_FILE.replace('_test.go', `${n}_test.go`);
    const spec: HarnessSpec = {
      packageClause: half === 'internal' ? pkg.name : `${pkg.name}_test`,
      importPath: pkg.importPath,
      wrapsUserTestMain: mainFile !== undefined,
      settleMs: settings.settleMs,
      useLeakProfile: settings.useLeakProfile,
      rules: settings.rules,
    };
    plan.files.push({ path: join(pkg.dir, name), tempName: `${prefix}-${name}`, content: harnessSource(spec) });
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
