// What goroutine-guard asks the go command before a run: the toolchain (`go env`) and the packages with their
// test files (`go list`), with the same file-selection flags the user gave go test.

import { GuardError } from '../core/index.js';
import type { GoExec } from '../core/index.js';

export interface GoEnv {
  /** `go1.26.8`, after GOTOOLCHAIN selection. */
  version: string;
  goroot: string;
  gomodcache: string;
  goexperiment: string;
}

export interface ListedPackage {
  importPath: string;
  name: string;
  dir: string;
  testGoFiles: string[];
  xTestGoFiles: string[];
  /** go list's error for the package (it still goes to go test, which reports it). */
  error?: string;
}

export async function goEnv(exec: GoExec, goBin: string, cwd: string, env: NodeJS.ProcessEnv): Promise<GoEnv> {
  const r = await run(exec, goBin, ['env', '-json', 'GOVERSION', 'GOROOT', 'GOMODCACHE', 'GOEXPERIMENT'], cwd, env);
  const j = JSON.parse(r) as Record<string, string>;
  return {
    version: j.GOVERSION ?? '',
    goroot: j.GOROOT ?? '',
    gomodcache: j.GOMODCACHE ?? '',
    goexperiment: j.GOEXPERIMENT ?? '',
  };
}

export async function goList(
  exec: GoExec,
  goBin: string,
  cwd: string,
  env: NodeJS.ProcessEnv,
  flags: string[],
  patterns: string[],
): Promise<ListedPackage[]> {
  const args = ['list', '-e', '-json=ImportPath,Name,Dir,TestGoFiles,XTestGoFiles,Error', ...flags, '--', ...patterns];
  const text = await run(exec, goBin, args, cwd, env);
  return parseGoListJson(text);
}

/** `go list -json` prints one object after another; top-level braces sit at the start of a line. */
export function parseGoListJson(text: string): ListedPackage[] {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  const arr = JSON.parse(`[${trimmed.replace(/\n}\n\{/g, '\n},\n{')}]`) as Array<Record<string, unknown>>;
  return arr.map((p) => {
    const err = p.Error as { Err?: string } | undefined;
    const pkg: ListedPackage = {
      importPath: String(p.ImportPath ?? ''),
      name: String(p.Name ?? ''),
      dir: String(p.Dir ?? ''),
      testGoFiles: (p.TestGoFiles as string[] | undefined) ?? [],
      xTestGoFiles: (p.XTestGoFiles as string[] | undefined) ?? [],
    };
    if (err?.Err) pkg.error = err.Err;
    return pkg;
  });
}

/** [major, minor, patch] of `go1.26.8`, `go1.27rc1`, `devel go1.28-abc…`; undefined when unreadable. */
export function goVersionParts(v: string): [number, number, number] | undefined {
  const m = /go(\d+)\.(\d+)(?:\.(\d+))?/.exec(v);
  if (!m) return undefined;
  return [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
}

async function run(exec: GoExec, goBin: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<string> {
  let r;
  try {
    r = await exec.capture(goBin, args, { cwd, env });
  } catch (e) {
    throw new GuardError('io', goBin, `cannot run the go command: ${(e as Error).message}`, {}, 'go on PATH or --go');
  }
  if (r.code !== 0) {
    const first = r.stderr.trim().split('\n').slice(0, 3).join('; ');
    throw new GuardError('usage', `${goBin} ${args[0]}`, first || `exit status ${r.code}`);
  }
  return r.stdout;
}
