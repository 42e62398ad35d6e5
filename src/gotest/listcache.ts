// A disk cache of `go list` answers for `goroutine-guard test`: a second run on an unchanged module reuses the
// package list instead of starting the go command once more (≈ 25 ms of CPU, a fifth of the command's fixed cost).
//
// An entry is keyed on everything go list reads besides the files (working directory, go binary, flags, patterns,
// every GO*/CGO_* variable, PATH, CC/CXX) and checked against a fingerprint of the files: go.mod's content, the
// go binary, go.sum, vendor/modules.txt, the `go env -w` file, and the stat (size, mtime, ctime, inode) of every
// directory the patterns cover and of every .go file in them. A new file or directory changes its directory's
// stat; an edited file (a build constraint, a package clause) changes its own. Only runs whose patterns are
// directories inside the main module are cached (`./...`, `.`, `./x`): no go.work, no `-modfile`, no local
// `replace` (the files of another tree count there). An answer with a package error is not stored (it may come from
// the network), nor one taken while a file was younger than RACY_MS (a file system with coarse timestamps could
// hide a second change in the same tick). GOROUTINE_GUARD_LIST_CACHE=off turns the cache off.

import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve, sep } from 'node:path';
import { cacheDir, findOnPath, findUp, goSkipsDir, type GoExec } from '../core/index.js';
import { goList, type ListedPackage } from './golist.js';

const FORMAT = 1;
/** Files changed this recently make the answer unstorable. */
export const RACY_MS = 2000;
/** Entries kept; beyond this the oldest quarter goes. */
const MAX_ENTRIES = 256;
/** Environment go list reads besides GO* and CGO_*: the toolchain on PATH, cgo's compilers, `go env -w`'s file. */
const ENV_KEYS = ['PATH', 'CC', 'CXX', 'HOME', 'XDG_CONFIG_HOME'];

export interface ListRequest {
  exec: GoExec;
  goBin: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  flags: string[];
  patterns: string[];
}

export interface CacheSettings {
  /** Directory of the entries (default: `golist` under the shared cache directory). */
  dir?: string;
  /** Default RACY_MS; tests that write their module a moment before pass 0. */
  racyMs?: number;
  now?: () => number;
}

export interface ListAnswer {
  listed: ListedPackage[];
  /** 'hit': from the cache; 'stored': go list ran and the answer was stored; 'ran': go list ran, nothing stored. */
  cache: 'hit' | 'stored' | 'ran';
}

/** `go list` through the cache when the run can be cached, else go list itself. */
export async function listPackages(req: ListRequest, settings: CacheSettings = {}): Promise<ListAnswer> {
  const run = () => goList(req.exec, req.goBin, req.cwd, req.env, req.flags, req.patterns);
  if (/^(off|0|false)$/i.test(req.env.GOROUTINE_GUARD_LIST_CACHE ?? '')) return { listed: await run(), cache: 'ran' };
  const scope = listScope(req);
  if (!scope) return { listed: await run(), cache: 'ran' };
  const dir = settings.dir ?? join(cacheDir(req.env), 'golist');
  const file = join(dir, `${hash(scope.key)}.json`);
  const print = fingerprint(scope);
  if (print) {
    const hit = readEntry(file, scope.key, print.text);
    if (hit) return { listed: hit, cache: 'hit' };
  }
  const now = (settings.now ?? Date.now)();
  const listed = await run();
  const racy = !print || print.newestMs > now - (settings.racyMs ?? RACY_MS);
  if (racy || listed.some((p) => p.error)) return { listed, cache: 'ran' };
  return { listed, cache: writeEntry(dir, file, scope.key, print.text, listed) ? 'stored' : 'ran' };
}

/** What identifies a cacheable run: its key, and the paths its fingerprint covers. */
export interface ListScope {
  /** Everything but the files; the entry's file name is its hash, the entry holds it whole. */
  key: string;
  moduleRoot: string;
  goMod: string;
  goBinPath: string;
  /** Pattern roots: [directory, recursive]. */
  roots: Array<[string, boolean]>;
  /** Files whose stat joins the fingerprint when they exist. */
  extraFiles: string[];
}

/** The run's cache scope, or undefined when it cannot be cached safely. */
export function listScope(req: ListRequest): ListScope | undefined {
  if (req.flags.some((f) => /^-modfile(=|$)/.test(f))) return undefined;
  const env = req.env;
  const gowork = env.GOWORK ?? '';
  if (gowork !== '' && gowork !== 'off') return undefined;
  const moduleRoot = findUp(req.cwd, 'go.mod');
  if (!moduleRoot) return undefined;
  if (gowork === '' && findUp(req.cwd, 'go.work')) return undefined;
  const goMod = join(moduleRoot, 'go.mod');
  let goModText: string;
  try {
    goModText = readFileSync(goMod, 'utf8');
  } catch {
    return undefined;
  }
  // `replace x => ../y`: that tree's files are part of the answer, and it is not walked.
  if (/=>\s*[./\\]/.test(goModText) || /=>\s*[A-Za-z]:/.test(goModText)) return undefined;
  const roots: Array<[string, boolean]> = [];
  for (const p of req.patterns) {
    const recursive = p === '...' || p.endsWith('/...');
    const base = p === '...' ? '.' : recursive ? p.slice(0, -4) : p;
    if (base.includes('...')) return undefined;
    if (!(base === '.' || base === '..' || base.startsWith('./') || base.startsWith('../') || isAbsolute(base)))
      return undefined; // an import path: it may live outside the module
    if (p === '...') return undefined; // `...` alone is every package go knows, not a directory
    const abs = resolve(req.cwd, base);
    if (abs !== moduleRoot && !abs.startsWith(moduleRoot + sep)) return undefined;
    roots.push([abs, recursive]);
  }
  const goBinPath = findOnPath(req.goBin, req.cwd, env.PATH ?? '');
  if (!goBinPath) return undefined;
  const vars = Object.keys(env)
    .filter((k) => /^(GO|CGO_)/.test(k) || ENV_KEYS.includes(k))
    .filter((k) => k !== 'GOROUTINE_GUARD_LIST_CACHE')
    .sort()
    .map((k) => [k, env[k]]);
  const key = JSON.stringify([FORMAT, req.cwd, req.goBin, req.flags, req.patterns, vars]);
  const configHome = env.XDG_CONFIG_HOME || (env.HOME ? join(env.HOME, '.config') : '');
  const extraFiles = [join(moduleRoot, 'go.sum'), join(moduleRoot, 'vendor', 'modules.txt')];
  if (env.GOENV && env.GOENV !== 'off') extraFiles.push(env.GOENV);
  else if (!env.GOENV && configHome) extraFiles.push(join(configHome, 'go', 'env'));
  return { key, moduleRoot, goMod, goBinPath, roots, extraFiles };
}

export interface Fingerprint {
  text: string;
  /** The newest mtime or ctime seen (ms). */
  newestMs: number;
}

/** The stat of everything the scope covers, as one string; undefined when a pattern root is not a directory. */
export function fingerprint(scope: ListScope): Fingerprint | undefined {
  const lines: string[] = [];
  let newestMs = 0;
  const add = (path: string, must: boolean): boolean => {
    let st;
    try {
      st = statSync(path, { bigint: true });
    } catch {
      if (must) return false;
      lines.push(`${path}\t-`);
      return true;
    }
    lines.push(`${path}\t${st.size}\t${st.mtimeNs}\t${st.ctimeNs}\t${st.ino}\t${st.isDirectory() ? 'd' : 'f'}`);
    newestMs = Math.max(newestMs, Number(st.mtimeNs / 1_000_000n), Number(st.ctimeNs / 1_000_000n));
    return true;
  };
  if (!add(scope.goMod, true) || !add(scope.goBinPath, true)) return undefined;
  lines.push(readFileSync(scope.goMod, 'utf8'));
  for (const f of scope.extraFiles) add(f, false);
  const seen = new Set<string>();
  const walk = (dir: string, recursive: boolean): boolean => {
    if (seen.has(dir) && !recursive) return true;
    if (!add(dir, true)) return false;
    seen.add(dir);
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return false;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const p = join(dir, e.name);
      if (e.name.endsWith('.go') && !e.isDirectory()) add(p, false);
      // go skips these in `./...`; a vendor tree is fixed by vendor/modules.txt. Symlinked directories are not
      // followed by go either.
      else if (recursive && e.isDirectory() && !goSkipsDir(e.name)) walk(p, true);
    }
    return true;
  };
  for (const [dir, recursive] of scope.roots) if (!walk(dir, recursive)) return undefined;
  return { text: lines.join('\n'), newestMs };
}

interface Entry {
  key?: string;
  fingerprint?: string;
  listed?: unknown;
}

function readEntry(file: string, key: string, print: string): ListedPackage[] | undefined {
  try {
    const e = JSON.parse(readFileSync(file, 'utf8')) as Entry;
    if (e.key === key && e.fingerprint === print && Array.isArray(e.listed)) return e.listed as ListedPackage[];
  } catch {
    // Missing or unreadable: a miss.
  }
  return undefined;
}

/** Written then renamed, so a concurrent run reads a whole entry or none. A cache that cannot be written is no error. */
function writeEntry(dir: string, file: string, key: string, print: string, listed: ListedPackage[]): boolean {
  try {
    mkdirSync(dir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    const entry: Entry = { key, fingerprint: print, listed };
    writeFileSync(tmp, JSON.stringify(entry));
    renameSync(tmp, file);
    prune(dir);
    return true;
  } catch {
    return false;
  }
}

function prune(dir: string): void {
  const names = readdirSync(dir).filter((n) => n.endsWith('.json'));
  if (names.length <= MAX_ENTRIES) return;
  const aged = names
    .map((n) => {
      try {
        return [n, statSync(join(dir, n)).mtimeMs] as const;
      } catch {
        return [n, 0] as const;
      }
    })
    .sort((a, b) => a[1] - b[1]);
  for (const [n] of aged.slice(0, names.length - Math.floor((MAX_ENTRIES * 3) / 4))) {
    try {
      unlinkSync(join(dir, n));
    } catch {
      // Another run removed it.
    }
  }
}

/** 64-bit FNV-1a as hex: a file name only (the entry holds its key), and no crypto module to load for it. */
function hash(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x050c5d1f;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x01000193) ^ (h1 >>> 15);
  }
  return (h1 >>> 0).toString(16).padStart(8, '0') + (h2 >>> 0).toString(16).padStart(8, '0');
}
