// Builds the Go helper (analyzer/) with the user's Go toolchain on first use, into a cache directory keyed by the
// toolchain version and a hash of the helper's sources: a new Go or a new goroutine-guard builds once, every
// later scan reuses the binary. Dependencies are vendored (`-mod=vendor`), so the build needs no network.
// The cache is $GOROUTINE_GUARD_CACHE, else $XDG_CACHE_HOME/goroutine-guard, else ~/.cache/goroutine-guard.

import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { cacheDir } from '../../core/index.js';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeGoExec, type GoExec, compareText } from '../../core/index.js';

export interface BuildOptions {
  goBin?: string;
  env?: NodeJS.ProcessEnv;
  exec?: GoExec;
  /** Called with a line to show while the first build runs (a terminal shows it; CI logs stay clean). */
  onStatus?: (line: string) => void;
}

export interface BuiltAnalyzer {
  bin: string;
  goVersion: string;
  /** True when this call built it (first use). */
  built: boolean;
}

/** The analyzer module shipped in the package: three levels above src/static/deep and dist/static/deep. */
export function analyzerDir(): string {
  return fileURLToPath(new URL('../../../analyzer/', import.meta.url));
}

export { cacheDir };

/** Hash of the helper's own sources and its vendored module list (the vendored code is pinned by it). */
export function sourceHash(dir = analyzerDir()): string {
  const h = createHash('sha256');
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => compareText(a.name, b.name))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'vendor') walk(p);
      } else if (/\.go$|^go\.(mod|sum)$/.test(e.name)) {
        h.update(path.relative(dir, p)).update('\0').update(readFileSync(p)).update('\0');
      }
    }
  };
  walk(dir);
  const modules = path.join(dir, 'vendor', 'modules.txt');
  if (existsSync(modules)) h.update(readFileSync(modules));
  return h.digest('hex').slice(0, 16);
}

/** Finds or builds the helper; throws an Error whose message says why it cannot (no Go, Go too old…). */
export async function ensureAnalyzer(opts: BuildOptions = {}): Promise<BuiltAnalyzer> {
  const env = opts.env ?? process.env;
  const exec = opts.exec ?? nodeGoExec;
  const goBin = opts.goBin ?? 'go';
  const dir = analyzerDir();
  let version: string;
  try {
    const r = await exec.capture(goBin, ['env', 'GOVERSION'], { cwd: dir, env });
    version = r.stdout.trim();
    if (r.code !== 0 || !version) throw new Error(r.stderr.trim().split('\n')[0] || `exit ${r.code}`);
  } catch (e) {
    throw new Error(`no Go toolchain (${goBin} env: ${(e as Error).message.split('\n')[0]})`);
  }
  const bin = path.join(cacheDir(env), `gg-analyzer-${version}-${sourceHash(dir)}`);
  if (existsSync(bin)) return { bin, goVersion: version, built: false };

  opts.onStatus?.(`building the deep-scan helper with ${version} (first use, about a minute)…`);
  await mkdir(path.dirname(bin), { recursive: true });
  const tmp = `${bin}.tmp${process.pid}`;
  const buildEnv = { ...env, GOFLAGS: '-mod=vendor', GOWORK: 'off', GOTOOLCHAIN: 'local', CGO_ENABLED: '0' };
  const r = await exec.capture(goBin, ['build', '-trimpath', '-o', tmp, '.'], { cwd: dir, env: buildEnv });
  if (r.code !== 0) {
    await rm(tmp, { force: true });
    const first =
      r.stderr
        .trim()
        .split('\n')
        .find((l) => l && !l.startsWith('#')) ?? `exit ${r.code}`;
    throw new Error(`building the deep-scan helper with ${version} failed: ${first}`);
  }
  await rename(tmp, bin);
  return { bin, goVersion: version, built: true };
}
