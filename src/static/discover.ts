// Expands `scan` arguments into packages the way the go command does: `dir/...` recurses, `dir` is one package,
// `file.go` is one file. Recursion skips vendor/, testdata/, directories starting with `.` or `_`, and nested
// modules (a directory with its own go.mod is another module, as in `go vet ./...`). Each package carries the
// go.mod facts of its module.

import path from 'node:path';
import { GuardError, compareText, goSkipsDir } from '../core/index.js';
import { DEFAULT_GO_VERSION, parseGoMod, type GoVersion } from './go/gomod.js';

/** The file-system calls discovery needs; tests and hosts pass their own. */
export interface DiscoverFs {
  stat(p: string): Promise<{ isDirectory(): boolean; isFile(): boolean } | null>;
  readdir(p: string): Promise<{ name: string; isDirectory(): boolean; isFile(): boolean }[]>;
  readFile(p: string): Promise<string | null>;
}

export interface PackageJob {
  /** Absolute directory. */
  dir: string;
  /** Absolute paths, sorted. */
  files: string[];
  goVersion: GoVersion;
  importPath: string | null;
}

export interface DiscoverOptions {
  cwd: string;
  includeTests: boolean;
  /** Glob patterns relative to cwd. */
  ignore: readonly string[];
  /** Overrides go.mod. */
  goVersion: GoVersion | null;
}

interface ModuleInfo {
  root: string;
  modulePath: string | null;
  goVersion: GoVersion | null;
}

export async function discover(
  patterns: readonly string[],
  fs: DiscoverFs,
  opts: DiscoverOptions,
): Promise<PackageJob[]> {
  const ignore = opts.ignore.map(globToRegExp);
  const isIgnored = (abs: string) => {
    if (ignore.length === 0) return false;
    const rel = toSlash(path.relative(opts.cwd, abs));
    return ignore.some((re) => re.test(rel));
  };
  const byDir = new Map<string, Set<string>>();
  const add = (file: string) => {
    const dir = path.dirname(file);
    const set = byDir.get(dir) ?? new Set<string>();
    set.add(file);
    byDir.set(dir, set);
  };
  const wantFile = (name: string) => name.endsWith('.go') && (opts.includeTests || !name.endsWith('_test.go'));
  // Directories walked and found without a go.mod: the module lookup below need not try to read one there.
  const noGoMod = new Set<string>();

  for (const raw of patterns.length > 0 ? patterns : ['./...']) {
    const recursive = raw === '...' || raw.endsWith('/...');
    const base = recursive ? raw.slice(0, -3).replace(/\/$/, '') || '.' : raw;
    const abs = path.resolve(opts.cwd, base);
    const st = await fs.stat(abs);
    if (!st) throw new GuardError('io', raw, 'no such file or directory', {}, 'a directory, a .go file, or dir/...');
    if (st.isFile()) {
      if (!abs.endsWith('.go')) throw new GuardError('usage', raw, 'not a Go source file', {}, 'a .go file');
      add(abs);
      continue;
    }
    const walkDir = async (dir: string, root: boolean): Promise<void> => {
      if (!root && isIgnored(dir)) return;
      const entries = await fs.readdir(dir);
      const hasGoMod = entries.some((e) => e.name === 'go.mod' && e.isFile());
      if (!root && hasGoMod) return;
      if (!hasGoMod && !entries.some((e) => e.name === 'go.mod')) noGoMod.add(dir);
      for (const e of entries.sort((a, b) => compareText(a.name, b.name))) {
        const p = path.join(dir, e.name);
        if (e.isFile() && wantFile(e.name) && !isIgnored(p)) add(p);
        else if (recursive && e.isDirectory() && !goSkipsDir(e.name)) await walkDir(p, false);
      }
    };
    await walkDir(abs, true);
  }

  const modules = new Map<string, ModuleInfo | null>();
  const jobs: PackageJob[] = [];
  for (const [dir, files] of [...byDir].sort((a, b) => compareText(a[0], b[0]))) {
    const mod = await findModule(dir, fs, modules, noGoMod);
    const rel = mod ? toSlash(path.relative(mod.root, dir)) : '';
    const importPath = mod?.modulePath ? (rel ? `${mod.modulePath}/${rel}` : mod.modulePath) : null;
    jobs.push({
      dir,
      files: [...files].sort(),
      goVersion: opts.goVersion ?? mod?.goVersion ?? DEFAULT_GO_VERSION,
      importPath,
    });
  }
  return jobs;
}

async function findModule(
  dir: string,
  fs: DiscoverFs,
  cache: Map<string, ModuleInfo | null>,
  noGoMod: ReadonlySet<string>,
): Promise<ModuleInfo | null> {
  if (cache.has(dir)) return cache.get(dir)!;
  const text = noGoMod.has(dir) ? null : await fs.readFile(path.join(dir, 'go.mod'));
  let info: ModuleInfo | null;
  if (text !== null) {
    const m = parseGoMod(text);
    info = { root: dir, modulePath: m.modulePath, goVersion: m.goVersion };
  } else {
    const parent = path.dirname(dir);
    info = parent === dir ? null : await findModule(parent, fs, cache, noGoMod);
  }
  cache.set(dir, info);
  return info;
}

function toSlash(p: string): string {
  return p.split(path.sep).join('/');
}

/** `*` matches within a path element, `**` across elements, `?` one character; a pattern matches a prefix dir. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  const g = toSlash(glob).replace(/^\.\//, '').replace(/\/$/, '');
  for (let i = 0; i < g.length; i++) {
    const c = g[i]!;
    if (c === '*' && g[i + 1] === '*') {
      re += '.*';
      i++;
      if (g[i + 1] === '/') i++;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}(?:/.*)?$`);
}
