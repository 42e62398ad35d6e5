// File-system questions the go command answers a certain way, asked without running it: which directory holds the
// go.mod, which `go` a spawn would run, which directories `./...` leaves out.

import { statSync } from 'node:fs';
import { delimiter, dirname, join, resolve, sep } from 'node:path';

/** The nearest directory at or above `start` holding one of `names` as a regular file (go's module-root search). */
export function findUp(start: string, ...names: string[]): string | undefined {
  for (let d = resolve(start); ; d = dirname(d)) {
    for (const name of names) {
      try {
        if (statSync(join(d, name)).isFile()) return d;
      } catch {
        // Not here.
      }
    }
    if (dirname(d) === d) return undefined;
  }
}

/** The file a spawn of `bin` runs: a path as given (relative to cwd), else the first executable match on PATH. */
export function findOnPath(bin: string, cwd: string, path: string): string | undefined {
  const candidates =
    bin.includes('/') || bin.includes(sep)
      ? [resolve(cwd, bin)]
      : path.split(delimiter).map((d) => join(d || '.', bin));
  for (const c of candidates) {
    try {
      const st = statSync(c);
      if (st.isFile() && (st.mode & 0o111) !== 0) return resolve(cwd, c);
    } catch {
      // Next.
    }
  }
  return undefined;
}

/** Directories the go command leaves out of `./...`: vendor, testdata, and names starting with `.` or `_`. */
export function goSkipsDir(name: string): boolean {
  return name === 'vendor' || name === 'testdata' || name.startsWith('.') || name.startsWith('_');
}
