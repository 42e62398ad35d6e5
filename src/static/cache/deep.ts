// Cache keys of one deep-engine run (one module's packages through the Go helper), in two layers.
//
// The base key: the Go environment in the module (`go env` there, so `go env -w` settings, GOFLAGS and a go.mod
// toolchain line count), and go.mod, go.sum, vendor/modules.txt of the module and of every directory go.mod or
// go.work replace or use, go.work(.sum). The run adds the helper binary (its name carries Go's version and its
// sources' hash), its arguments and the patterns.
//
// Under the base key the store keeps the directories the helper loaded last time: the named packages and all they
// import. The narrow key then covers every Go file under the patterns' directories (a new package there would be
// matched) and every Go file of those loaded directories that lie in the module or a local replacement (with any
// go.mod between such a directory and its module, which would move it out). Modules in the module cache are
// immutable, pinned by go.sum; GOROOT's packages by GOVERSION (unless the module is GOROOT/src itself); vendored
// ones by vendor/modules.txt. When no directory list is stored yet, or the helper could not load everything (an
// import that does not resolve has no directory to watch), the full key covers every Go file of the module and
// of its local replacements. A run that misses computes the full key before the helper starts, so every file and
// directory the narrow key stored after the run reads was seen before it (see narrowKey's `strict`).

import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, realpathSync, type Dirent } from 'node:fs';
import path from 'node:path';
import { goSkipsDir, type GoExec } from '../../core/index.js';
import { PROTOCOL_VERSION } from '../deep/protocol.js';
import type { ScanCache } from './index.js';

/** The environment that decides which files build, for which toolchain. */
const GO_ENV_KEYS = [
  'GOVERSION',
  'GOROOT',
  'GOOS',
  'GOARCH',
  'GOFLAGS',
  'CGO_ENABLED',
  'GOEXPERIMENT',
  'GOWORK',
  'GOTOOLCHAIN',
  'GOAMD64',
  'GOARM',
  'GOARM64',
  'GO386',
  'GOMIPS',
  'GOMIPS64',
  'GOPPC64',
  'GORISCV64',
  'GOWASM',
  'GOMODCACHE',
  'GOPATH',
  'GO111MODULE',
];

/** What both keys of a module run start from. */
export interface DeepBase {
  root: string;
  includeTests: boolean;
  /** Module roots whose Go files count: the module and its local replacements and workspace modules, sorted. */
  roots: string[];
  /**
   * Roots reached through a symbolic link, by their real path: the helper reports directories as the go command
   * sees them (its working directory's real path, unless $PWD names it), so a loaded directory is looked up both ways.
   */
  realRoots: Map<string, string>;
  /** Hash of the Go environment and of every root's go.mod, go.sum and vendor/modules.txt, and go.work(.sum). */
  key: string;
  cache: ScanCache;
  list: DirLister;
}

/** The base key of a module run, or null when `go env` fails (the run is then not cached). */
export async function deepBase(
  root: string,
  includeTests: boolean,
  cache: ScanCache,
  exec: GoExec,
  goBin: string,
  env: NodeJS.ProcessEnv,
  list: DirLister = dirLister(),
): Promise<DeepBase | null> {
  const goEnvP = exec
    .capture(goBin, ['env', '-json', ...GO_ENV_KEYS], { cwd: root, env })
    .then((r) => (r.code === 0 ? r.stdout : null))
    .catch(() => null);
  const roots = new Set<string>([root, ...replacedDirs(root, path.join(root, 'go.mod'))]);
  const goEnv = await goEnvP;
  if (goEnv === null) return null;
  let work: string | undefined;
  try {
    work = (JSON.parse(goEnv) as Record<string, string>).GOWORK;
  } catch {
    return null;
  }
  const files: string[] = [];
  if (work && work !== 'off' && existsSync(work)) {
    files.push(work, `${work}.sum`);
    for (const r of workspaceDirs(work)) {
      roots.add(r);
      for (const rr of replacedDirs(r, path.join(r, 'go.mod'))) roots.add(rr);
    }
  }
  const sorted = [...roots].sort();
  for (const r of sorted) files.push(...MOD_FILES.map((f) => path.join(r, f)));
  const h = createHash('sha256').update(JSON.stringify({ deep: PROTOCOL_VERSION, root, includeTests, goEnv }));
  // An absent go.sum, vendor/modules.txt or go.work.sum is part of the state: creating one changes the key.
  for (const f of files) h.update(`\0${f}\0${cache.hashes.hashSync(f) ?? '-'}`);
  const realRoots = new Map<string, string>();
  for (const r of sorted) {
    try {
      const real = realpathSync(r);
      if (real !== r) realRoots.set(real, r);
    } catch {
      // A replacement that does not exist: nothing of it is loaded.
    }
  }
  return { root, includeTests, roots: sorted, realRoots, key: h.digest('hex'), cache, list };
}

const MOD_FILES = ['go.mod', 'go.sum', path.join('vendor', 'modules.txt')];

/**
 * The full key: `prefix` (the base key with the run's helper and arguments) and every Go file of every root.
 * Null when a file vanished mid-scan (the run is then not cached).
 */
export function fullKey(base: DeepBase, prefix: string): string | null {
  const h = createHash('sha256').update(`full\0${prefix}`);
  for (const r of base.roots) {
    for (const f of goFiles(r, base.includeTests, base.list)) {
      const sum = base.cache.hashes.hashSync(f);
      if (!sum) return null;
      h.update(`\0${f}\0${sum}`);
    }
  }
  return h.digest('hex');
}

/** Thrown inside narrowKey when `strict` meets a file or directory not seen before the helper ran. */
class Unseen extends Error {}

/**
 * The narrow key: `prefix`, the Go files under the patterns' directories and those of the loaded directories
 * `dirs` that lie in a root (see the top of the file). `strict` (computing the key after the helper ran): every
 * directory listing and file hash must be one made earlier in this scan, before the helper started, else null —
 * a file that appeared or changed while the helper ran must not be stored under a key that describes it.
 * Null also when a file vanished mid-scan.
 */
export function narrowKey(
  base: DeepBase,
  prefix: string,
  patterns: readonly string[],
  dirs: readonly string[],
  strict = false,
): string | null {
  const { list, cache, includeTests } = base;
  const listing = (d: string) => {
    if (strict && !list.has(d)) throw new Unseen(d);
    return list(d);
  };
  const filesOf = (d: string, entries: readonly Dirent[] | null): string => {
    if (!entries) return '-';
    const names = entries
      .filter((e) => !e.isDirectory() && isGoFile(e.name, includeTests))
      .map((e) => e.name)
      .sort();
    return names
      .map((n) => {
        const f = path.join(d, n);
        if (strict && !cache.hashes.seen(f)) throw new Unseen(f);
        const sum = cache.hashes.hashSync(f);
        if (!sum) throw new Unseen(f);
        return `${n}\0${sum}`;
      })
      .join('\0');
  };
  const parts = new Map<string, string>();
  try {
    // The patterns' trees: every package `./dir/...` could match, nested modules marked and not entered.
    const walk = (d: string, top: boolean) => {
      const entries = listing(d);
      if (!top && entries?.some((e) => e.name === 'go.mod' && !e.isDirectory())) {
        parts.set(d, 'module');
        return;
      }
      parts.set(d, filesOf(d, entries));
      for (const e of entries ?? []) if (e.isDirectory() && !goSkipsDir(e.name)) walk(path.join(d, e.name), false);
    };
    for (const p of patterns) {
      const recursive = p === '...' || p.endsWith('/...');
      const dir = path.resolve(base.root, recursive ? p.slice(0, -3) || '.' : p);
      if (recursive) walk(dir, true);
      else parts.set(dir, filesOf(dir, listing(dir)));
    }
    // The loaded directories in a root, unless a directory on the way down from it is skipped or a nested module.
    for (const loaded of dirs) {
      const d = rooted(base.realRoots, loaded);
      if (parts.has(d)) continue;
      const r = owningRoot(base.roots, d);
      const steps = r === null ? null : path.relative(r, d).split(path.sep).filter(Boolean);
      if (r === null || steps === null || steps.some(goSkipsDir)) {
        parts.set(d, 'pinned');
        continue;
      }
      let at = r;
      let nested = false;
      for (const s of steps) {
        at = path.join(at, s);
        const entries = listing(at);
        if (entries?.some((e) => e.name === 'go.mod' && !e.isDirectory())) {
          nested = true;
          break;
        }
      }
      parts.set(d, nested ? 'nested' : filesOf(d, listing(d)));
    }
  } catch (e) {
    if (e instanceof Unseen) return null;
    throw e;
  }
  const h = createHash('sha256').update(`narrow\0${prefix}`);
  for (const d of [...parts.keys()].sort()) h.update(`\0\0${d}\0${parts.get(d)!}`);
  return h.digest('hex');
}

/** `dir` under the root's own path when it was reported under the root's real path. */
function rooted(realRoots: ReadonlyMap<string, string>, dir: string): string {
  for (const [real, r] of realRoots) {
    if (dir === real || dir.startsWith(real + path.sep)) return r + dir.slice(real.length);
  }
  return dir;
}

/** The root that holds `dir` (the deepest, when roots nest), or null. */
function owningRoot(roots: readonly string[], dir: string): string | null {
  let best: string | null = null;
  for (const r of roots) {
    if ((dir === r || dir.startsWith(r + path.sep)) && (best === null || r.length > best.length)) best = r;
  }
  return best;
}

function isGoFile(name: string, includeTests: boolean): boolean {
  return name.endsWith('.go') && (includeTests || !name.endsWith('_test.go'));
}

/**
 * A directory's entries (null when it cannot be read); the scan's walks share one, so each directory is read once.
 * `has`: whether a directory was read already in this scan.
 */
export interface DirLister {
  (dir: string): readonly Dirent[] | null;
  has(dir: string): boolean;
}

/** A lister that remembers what it read: for one scan only (a later scan must see new files). */
export function dirLister(): DirLister {
  const seen = new Map<string, Dirent[] | null>();
  const list = (dir: string) => {
    let entries = seen.get(dir);
    if (entries === undefined) {
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch {
        entries = null;
      }
      seen.set(dir, entries);
    }
    return entries;
  };
  return Object.assign(list, { has: (dir: string) => seen.has(dir) });
}

/** Go files of the module at `root` (not of nested modules), go.mod, go.sum, vendor/modules.txt. Sorted. */
export function goFiles(root: string, includeTests: boolean, list: DirLister = dirLister()): string[] {
  const out = MOD_FILES.map((f) => path.join(root, f)).filter((f) => existsSync(f));
  const walk = (d: string, top: boolean) => {
    const entries = list(d);
    if (!entries) return;
    if (!top && entries.some((e) => e.name === 'go.mod' && !e.isDirectory())) return;
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) {
        if (!goSkipsDir(e.name)) walk(p, false);
      } else if (isGoFile(e.name, includeTests)) out.push(p);
    }
  };
  walk(root, true);
  return out.sort();
}

/** Local directories a go.mod (or go.work) `replace` points at. */
export function replacedDirs(dir: string, modFile: string): string[] {
  let text: string;
  try {
    text = readFileSync(modFile, 'utf8');
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const line of directiveLines(text, 'replace')) {
    const m = /=>\s*(\S+)\s*$/.exec(line);
    const target = m?.[1]?.replace(/^"|"$/g, '');
    if (target && (target.startsWith('./') || target.startsWith('../') || path.isAbsolute(target))) {
      out.push(path.resolve(dir, target));
    }
  }
  return out;
}

function workspaceDirs(workFile: string): string[] {
  let text: string;
  try {
    text = readFileSync(workFile, 'utf8');
  } catch {
    return [];
  }
  const dir = path.dirname(workFile);
  const uses = directiveLines(text, 'use').map((l) => path.resolve(dir, l.trim().replace(/^"|"$/g, '')));
  return [...uses, ...replacedDirs(dir, workFile)];
}

/** The arguments of `verb` directives, single-line or in a ( ) block, comments stripped. */
function directiveLines(text: string, verb: string): string[] {
  const out: string[] = [];
  let inBlock = false;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\/\/.*$/, '').trim();
    if (inBlock) {
      if (line === ')') inBlock = false;
      else if (line) out.push(line);
    } else if (new RegExp(`^${verb}\\s*\\($`).test(line)) inBlock = true;
    else if (line.startsWith(`${verb} `)) out.push(line.slice(verb.length + 1));
  }
  return out;
}
