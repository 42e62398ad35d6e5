// The scan result cache: what one scan shares between its two engines. The fast engine keeps one result per
// package, keyed by the contents of the package's files, the rule set and options, and the tool's own code; the
// deep engine keeps one result per module run, keyed by go.mod/go.sum/go.work, the Go environment, the helper
// binary and the Go files of the packages the run loaded and of the patterns' directories (cache/deep.ts). Lives
// under `<cache>/scan-results/` next to the helper binary (see deep/build.ts), bounded in size.

import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { VERSION, compareText } from '../../core/index.js';
import { cacheDir } from '../deep/build.js';
import { FileHashes } from './files.js';
import { ResultStore } from './store.js';

export { FileHashes } from './files.js';
export { ResultStore, writeAtomic } from './store.js';

/** What the report says about the cache. */
export interface CacheReport {
  /** Packages the fast engine checked, and how many of their results came from the cache. */
  packages: number;
  packagesFromCache: number;
  /** Whether the deep engine's result came from the cache (`cached`: every module run was a hit). */
  deep?: 'cached' | 'ran';
  /** Source files read and hashed this scan (the others were known by size, times and inode). */
  filesRead: number;
}

export class ScanCache {
  readonly store: ResultStore;
  readonly hashes: FileHashes;
  /** Hashes of goroutine-guard's own files (see codeHash), in an index shared by every scan using this cache. */
  readonly codeFiles: FileHashes;
  fastHits = 0;
  fastPackages = 0;
  deepRuns = 0;
  deepHits = 0;

  /** `dir`: the cache directory; `scope`: what identifies this scan's file index (its roots and engines). */
  constructor(
    readonly dir: string,
    scope: string,
    maxBytes?: number,
  ) {
    this.store = new ResultStore(dir, maxBytes);
    const id = createHash('sha256').update(scope).digest('hex').slice(0, 24);
    this.hashes = FileHashes.load(path.join(dir, 'index', `${id}.json`));
    this.codeFiles = FileHashes.load(path.join(dir, 'index', 'code.json'));
  }

  /** Saves the file index and prunes the store; never throws. */
  finish(): void {
    try {
      this.hashes.save();
      this.codeFiles.save();
    } catch {
      // Read-only or full disk: the next scan hashes again.
    }
    try {
      this.store.prune();
    } catch {
      // Same.
    }
  }

  report(): CacheReport {
    const r: CacheReport = {
      packages: this.fastPackages,
      packagesFromCache: this.fastHits,
      filesRead: this.hashes.read,
    };
    if (this.deepRuns > 0) r.deep = this.deepHits === this.deepRuns ? 'cached' : 'ran';
    return r;
  }
}

/** The result cache's default place: next to the deep helper binary, under $GOROUTINE_GUARD_CACHE or ~/.cache. */
export function scanCacheDir(env: NodeJS.ProcessEnv): string {
  return path.join(cacheDir(env), 'scan-results');
}

let ownCode: string | null = null;

/**
 * Hash of goroutine-guard's own code (the compiled or source tree this module runs from) and its grammar: a new
 * build or an edited rule invalidates every fast-engine result. Each file's content hash comes from `hashes`
 * (known by size, times and inode, as the scanned sources are), so a warm scan stats the ~250 files instead of
 * reading 4 MB.
 */
export function codeHash(hashes: FileHashes): string {
  if (ownCode) return ownCode;
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const h = createHash('sha256').update(VERSION);
  const file = (label: string, p: string) =>
    h
      .update(label)
      .update('\0')
      .update(hashes.hashSync(p) ?? '?')
      .update('\0');
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => compareText(a.name, b.name))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(js|ts|mjs|wasm)$/.test(e.name) && !e.name.endsWith('.d.ts')) file(path.relative(root, p), p);
    }
  };
  walk(root);
  // The parser runtime and the grammar: an upgraded tree-sitter may parse differently.
  for (const mod of ['web-tree-sitter', 'tree-sitter-go/tree-sitter-go.wasm']) {
    let p: string | null = null;
    try {
      p = createRequire(import.meta.url).resolve(mod);
    } catch {
      // Not installed: the key says so.
    }
    if (p) file(mod, p);
    else h.update(`${mod}?`);
  }
  ownCode = h.digest('hex').slice(0, 32);
  return ownCode;
}
