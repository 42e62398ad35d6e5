// Finds the Go source of a dump's frames on this machine and reads the blocking line with the static engine's
// parser (tree-sitter): the path as printed when it exists, else through `--source DIR` and the path mapping of
// `check` (--trim-prefix, module path, longest unique suffix), else the longest trailing part of the path found
// under the working directory (a dump from another machine read in the program's checkout). Files are parsed once; unreadable or unparsable
// files read as "no source", never as an error.

import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { GuardError } from '../core/index.js';
import { blockingAt, createGoParser, type BlockingFact, type GoFile } from '../static/index.js';
import { PathMapper } from './paths.js';
import { loadTree } from './tree.js';

export interface SourceOptions {
  /** A directory holding the program's source (its module root or any parent). */
  dir?: string;
  /** Prefixes to cut from dump paths before looking them up under `dir`. */
  trimPrefixes?: readonly string[];
  cwd?: string;
  /** A path mapper already built for the tree (check builds one); `dir` is not read again then. */
  mapper?: PathMapper;
}

/** The blocking operation at a dump frame's file:line, with the local file it was read from. */
export type SourceLookup = (file: string, line: number, func?: string) => (BlockingFact & { file: string }) | undefined;

/** Go files larger than this are not read for one line. */
const MAX_FILE_BYTES = 4 * 1024 * 1024;

export async function createSourceLookup(opts: SourceOptions = {}): Promise<SourceLookup> {
  const cwd = opts.cwd ?? process.cwd();
  if (opts.dir && !opts.mapper) {
    const dir = path.resolve(cwd, opts.dir);
    let isDir = false;
    try {
      isDir = statSync(dir).isDirectory();
    } catch {
      throw new GuardError('usage', opts.dir, 'no such directory', {}, "the program's Go source directory (--source)");
    }
    if (!isDir)
      throw new GuardError('usage', opts.dir, 'not a directory', {}, "the program's Go source directory (--source)");
  }
  const parser = await createGoParser();
  const mapper =
    opts.mapper ??
    (opts.dir
      ? new PathMapper(await loadTree(opts.dir, cwd), opts.trimPrefixes ? { trimPrefixes: opts.trimPrefixes } : {})
      : undefined);
  const files = new Map<string, GoFile | null>();
  const parse = (file: string): GoFile | null => {
    let f = files.get(file);
    if (f !== undefined) return f;
    f = null;
    try {
      if (statSync(file).size <= MAX_FILE_BYTES) f = parser.parse(file, readFileSync(file, 'utf8'));
    } catch {
      f = null;
    }
    files.set(file, f);
    return f;
  };
  const local = (file: string, func?: string): string | undefined => {
    // The standard library and dependencies are not the program's code: their lines name no leak pattern.
    if (!PathMapper.isCandidate(file, func)) return undefined;
    if (mapper) return mapper.map(file, func)?.file;
    for (const t of opts.trimPrefixes ?? []) {
      const p = t.replace(/\/?$/, '/');
      if (file.startsWith(p)) {
        const candidate = path.resolve(cwd, file.slice(p.length));
        if (existsSync(candidate)) return candidate;
      }
    }
    if (!file.endsWith('.go')) return undefined;
    if (path.isAbsolute(file) && existsSync(file)) return file;
    return underCwd(file);
  };
  // A dump written on another machine (or from another checkout) names files this directory may hold: the longest
  // trailing part of the path, at least `dir/file.go`, that exists under the working directory. blockingAt checks
  // the line against the dump's function, so a same-named file of another program reads as "no source".
  const suffixes = new Map<string, string | undefined>();
  const underCwd = (file: string): string | undefined => {
    if (suffixes.has(file)) return suffixes.get(file);
    const parts = file.replace(/\\/g, '/').split('/').filter(Boolean);
    let hit: string | undefined;
    for (let i = 0; i + 2 <= parts.length && !hit; i++) {
      const candidate = path.join(cwd, ...parts.slice(i));
      if (existsSync(candidate)) hit = candidate;
    }
    suffixes.set(file, hit);
    return hit;
  };
  return (file, line, func) => {
    const at = local(file, func);
    const parsed = at ? parse(at) : null;
    if (!at || !parsed || parsed.syntaxErrorLine !== null) return undefined;
    const fact = blockingAt(parsed, line, func);
    return fact ? { ...fact, file: at } : undefined;
  };
}
