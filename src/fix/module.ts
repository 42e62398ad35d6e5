// `fix` proves patches by running the package's tests, which needs a Go module: a directory outside one is refused
// up front with one line, instead of scanning it and reporting "0 packages" or failing every test run.

import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { findUp, GuardError } from '../core/index.js';

/** The directory holding the go.mod (or go.work) for `dir`, or null when there is none here or above. */
export function moduleRootOf(dir: string): string | null {
  return findUp(dir, 'go.mod', 'go.work') ?? null;
}

/**
 * Throws a usage error naming the first of `paths` (package patterns as `fix` takes them: dir, dir/..., ./...,
 * file.go; relative to `cwd`) that is not inside a Go module. Paths that do not exist are left to the scan's error.
 */
export function requireModule(paths: readonly string[], cwd: string): void {
  for (const p of paths) {
    const stripped = p.replace(/(^|\/)\.\.\.$/, '$1') || '.';
    const abs = resolve(cwd, stripped);
    let st;
    try {
      st = statSync(abs);
    } catch {
      continue;
    }
    const dir = st.isDirectory() ? abs : dirname(abs);
    if (moduleRootOf(dir) === null) {
      throw new GuardError(
        'usage',
        p,
        'not inside a Go module (no go.mod here or in a parent directory)',
        {},
        'a package of a Go module: fix proves each patch with its tests (`go mod init <path>` first)',
      );
    }
  }
}
