// The source tree `check` joins against: every package under the directory the user named (test files included,
// so paths of a `go test` run map too), found the way `scan` finds them, and its files' text, read once on demand.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { discover, nodeDiscoverFs } from '../static/index.js';
import type { SourceTree } from './paths.js';
import type { SourceText } from './why.js';

export async function loadTree(dir: string, cwd: string): Promise<SourceTree> {
  const root = path.resolve(cwd, dir);
  const jobs = await discover([`${root}/...`], nodeDiscoverFs, {
    cwd,
    includeTests: true,
    ignore: [],
    goVersion: null,
  });
  return {
    root,
    packages: jobs.map((j) => ({ dir: j.dir, importPath: j.importPath, files: j.files })),
  };
}

/** Reads tree files on first use; files outside the tree read as undefined. */
export function treeSources(
  tree: SourceTree,
  read: (file: string) => string = (f) => readFileSync(f, 'utf8'),
): SourceText {
  const byFile = new Map<string, readonly string[]>();
  for (const p of tree.packages) for (const f of p.files) byFile.set(f, p.files);
  const cache = new Map<string, string | undefined>();
  return {
    text(file) {
      if (!byFile.has(file)) return undefined;
      if (!cache.has(file)) {
        try {
          cache.set(file, read(file));
        } catch {
          cache.set(file, undefined);
        }
      }
      return cache.get(file);
    },
    packageFiles(file) {
      return byFile.get(file) ?? [];
    },
  };
}
