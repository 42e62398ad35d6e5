// Cache key of one deep-engine run (one module's packages through the Go helper). The helper type-checks the
// named packages and everything they import, so the key covers every Go file that could be among them: all Go
// files of the module (nested modules excluded), of directories that go.mod or go.work replace or use, go.mod,
// go.sum, vendor/modules.txt, go.work(.sum), the Go environment that selects files and toolchains (`go env` in
// the module, so `go env -w` settings and a go.mod toolchain line count), and the helper binary. Modules from the
// module cache are immutable, pinned by go.sum; GOROOT's are pinned by GOVERSION.

import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, type Dirent } from 'node:fs';
import path from 'node:path';
import type { GoExec } from '../../core/index.js';
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

/**
 * Hash of everything a module run's result depends on except the helper and its arguments (see the top of the
 * file): the Go environment in `root` and every Go file the packages could be built from. Null when `go env`
 * fails or a file cannot be read (the run is then not cached).
 */
export async function deepSourceKey(
  root: string,
  includeTests: boolean,
  cache: ScanCache,
  exec: GoExec,
  goBin: string,
  env: NodeJS.ProcessEnv,
  list: DirLister = dirLister(),
): Promise<string | null> {
  const goEnvP = exec
    .capture(goBin, ['env', '-json', ...GO_ENV_KEYS], { cwd: root, env })
    .then((r) => (r.code === 0 ? r.stdout : null))
    .catch(() => null);
  // The module's own files are walked and hashed while `go env` runs (synchronous file calls cost half the CPU
  // of thousands of promises); a workspace's other modules when it has answered.
  const roots = new Set<string>(replacedDirs(root, path.join(root, 'go.mod')));
  const sums: [string, string | null][] = [];
  const add = (files: readonly string[]) => {
    for (const f of files) sums.push([f, cache.hashes.hashSync(f)]);
  };
  add(goFiles(root, includeTests, list));
  const goEnv = await goEnvP;
  if (goEnv === null) return null;
  let work: string | undefined;
  try {
    work = (JSON.parse(goEnv) as Record<string, string>).GOWORK;
  } catch {
    return null;
  }
  if (work && work !== 'off' && existsSync(work)) {
    add([work, `${work}.sum`]);
    for (const r of workspaceDirs(work)) {
      roots.add(r);
      for (const rr of replacedDirs(r, path.join(r, 'go.mod'))) roots.add(rr);
    }
  }
  roots.delete(root);
  for (const r of [...roots].sort()) add(goFiles(r, includeTests, list));
  const h = createHash('sha256').update(JSON.stringify({ deep: PROTOCOL_VERSION, root, includeTests, goEnv }));
  for (const [f, sum] of sums) {
    // go.work.sum may be absent; any other file that vanished mid-scan makes the run uncacheable.
    if (!sum && !f.endsWith('go.work.sum')) return null;
    h.update(`\0${f}\0${sum ?? '-'}`);
  }
  return h.digest('hex');
}

/** A directory's entries (null when it cannot be read); the scan's walks share one, so each directory is read once. */
export type DirLister = (dir: string) => readonly Dirent[] | null;

/** A lister that remembers what it read: for one scan only (a later scan must see new files). */
export function dirLister(): DirLister {
  const seen = new Map<string, Dirent[] | null>();
  return (dir) => {
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
}

/** Go files of the module at `root` (not of nested modules), go.mod, go.sum, vendor/modules.txt. Sorted. */
export function goFiles(root: string, includeTests: boolean, list: DirLister = dirLister()): string[] {
  const out = ['go.mod', 'go.sum', path.join('vendor', 'modules.txt')]
    .map((f) => path.join(root, f))
    .filter((f) => existsSync(f));
  const walk = (d: string, top: boolean) => {
    const entries = list(d);
    if (!entries) return;
    if (!top && entries.some((e) => e.name === 'go.mod' && !e.isDirectory())) return;
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) {
        if (!/^[._]|^(vendor|testdata|node_modules)$/.test(e.name)) walk(p, false);
      } else if (e.name.endsWith('.go') && (includeTests || !e.name.endsWith('_test.go'))) out.push(p);
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
