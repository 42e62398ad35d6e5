// Maps file paths printed in a goroutine dump to files of the source tree being checked. A dump from another
// machine, a container or a `-trimpath` build names the same file differently:
//   /home/ci/build/shop/orders/audit.go      (another build directory)
//   example.com/shop/orders/audit.go         (-trimpath: module path + directory)
//   C:\build\shop\orders\audit.go            (Windows)
// Tried in order: the user's --trim-prefix, the path itself, the module-path form, the frame's package import path
// plus the file name, then the longest unique match of trailing path elements. Pure: the tree is data.

import path from 'node:path';
import { isStdlibPackage } from '../profile/index.js';
import { packageOf } from './funcs.js';

/** One Go package of the tree: its directory, import path (when go.mod names the module) and files. */
export interface TreePackage {
  /** Absolute directory. */
  dir: string;
  importPath: string | null;
  /** Absolute paths of its .go files (tests included). */
  files: readonly string[];
}

export interface SourceTree {
  /** Absolute root directory the user named. */
  root: string;
  packages: readonly TreePackage[];
}

export type MappedBy = 'tree' | 'trim-prefix' | 'module' | 'package' | 'suffix';

export interface MappedPath {
  /** Absolute path in the tree. */
  file: string;
  by: MappedBy;
}

export interface PathMapOptions {
  /** Prefixes to remove from dump paths; the rest is taken relative to the tree root. */
  trimPrefixes?: readonly string[];
}

const slash = (p: string) => p.replace(/\\/g, '/');

export class PathMapper {
  private readonly files = new Set<string>();
  private readonly byModulePath = new Map<string, string>();
  private readonly pkgByImport = new Map<string, TreePackage>();
  private readonly pkgOfFile = new Map<string, TreePackage>();
  private readonly byBase = new Map<string, string[]>();
  private readonly cache = new Map<string, MappedPath | null>();
  private readonly trims: string[];
  private readonly root: string;
  /** Dump paths that looked like ours but matched several tree files equally well. */
  readonly ambiguous = new Set<string>();

  constructor(tree: SourceTree, opts: PathMapOptions = {}) {
    this.root = slash(tree.root).replace(/\/$/, '');
    this.trims = (opts.trimPrefixes ?? []).map((p) => slash(p).replace(/\/?$/, '/'));
    for (const pkg of tree.packages) {
      if (pkg.importPath) this.pkgByImport.set(pkg.importPath, pkg);
      for (const f of pkg.files) {
        const file = slash(f);
        this.files.add(file);
        this.pkgOfFile.set(file, pkg);
        const base = path.posix.basename(file);
        this.byBase.set(base, [...(this.byBase.get(base) ?? []), file]);
        if (pkg.importPath) this.byModulePath.set(`${pkg.importPath}/${base}`, file);
      }
    }
  }

  /** The tree file a dump frame's file is, or undefined when it is not part of the tree. */
  map(file: string, func?: string): MappedPath | undefined {
    const pkg = func ? packageOf(func) : '';
    const key = `${pkg}\u0000${file}`;
    let hit = this.cache.get(key);
    if (hit === undefined) {
      hit = this.lookup(slash(file), pkg) ?? null;
      this.cache.set(key, hit);
    }
    return hit ?? undefined;
  }

  /** Whether a frame belongs to code the tree could hold (not the standard library, not a generated wrapper). */
  static isCandidate(file: string, func?: string): boolean {
    if (!file || file === '?' || file.startsWith('<')) return false;
    if (func && isStdlibPackage(packageOf(func))) return false;
    // The module cache (`…/pkg/mod/…`, or `module@v1.2.3/…` under -trimpath) and vendor/ hold dependencies.
    return !/\/pkg\/mod\/|@v\d|(^|\/)vendor\//.test(slash(file));
  }

  private lookup(file: string, pkg: string): MappedPath | undefined {
    for (const t of this.trims) {
      if (!file.startsWith(t)) continue;
      const candidate = `${this.root}/${file.slice(t.length)}`;
      if (this.files.has(candidate)) return { file: candidate, by: 'trim-prefix' };
    }
    if (this.files.has(file)) return { file, by: 'tree' };
    const mod = this.byModulePath.get(file);
    if (mod) return { file: mod, by: 'module' };
    const base = path.posix.basename(file);
    if (pkg && pkg !== 'main') {
      const own = this.pkgByImport.get(pkg);
      const hit = own?.files.map(slash).find((f) => path.posix.basename(f) === base);
      if (hit) return { file: hit, by: 'package' };
    }
    return this.bySuffix(file, base, pkg);
  }

  /** The tree file sharing the most trailing path elements with `file`, when exactly one does. */
  private bySuffix(file: string, base: string, pkg: string): MappedPath | undefined {
    const candidates = (this.byBase.get(base) ?? []).filter((c) => this.packageFits(c, pkg));
    if (candidates.length === 0) return undefined;
    const parts = file.split('/');
    let best: string[] = [];
    let bestLen = 0;
    for (const c of candidates) {
      const rel = c.slice(this.root.length + 1).split('/');
      let n = 0;
      while (n < rel.length && n < parts.length && rel[rel.length - 1 - n] === parts[parts.length - 1 - n]) n++;
      if (n > bestLen) {
        best = [c];
        bestLen = n;
      } else if (n === bestLen) best.push(c);
    }
    if (best.length !== 1) {
      this.ambiguous.add(file);
      return undefined;
    }
    // The file name alone is weak evidence: accept it only for a file name the tree has once.
    if (bestLen < 2 && candidates.length > 1) return undefined;
    return { file: best[0]!, by: 'suffix' };
  }

  /**
   * A dump frame of package `example.com/x/util` cannot be a file of the tree's `example.com/y/util`: that is a
   * dependency with the same layout. Unknown on either side (no go.mod, package main) fits.
   */
  private packageFits(file: string, pkg: string): boolean {
    const own = this.pkgOfFile.get(file)?.importPath;
    if (!own || !pkg || pkg === 'main') return true;
    return own === pkg || own.endsWith(`/${pkg}`) || pkg.endsWith(`/${own}`);
  }
}
