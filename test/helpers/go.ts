// Builds and runs the Go programs under testdata/ for tests that need a real runtime's output.

import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const TESTDATA = new URL('../../testdata/', import.meta.url).pathname;
export const DUMPS = join(TESTDATA, 'dumps');

export function tempDir(prefix = 'gguard-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** `go build -o <out> <pkg>` in `moduleDir`; returns the binary path. */
export async function goBuild(
  moduleDir: string,
  pkg: string,
  out: string,
  env: NodeJS.ProcessEnv = {},
): Promise<string> {
  await run('go', ['build', '-o', out, pkg], { cwd: moduleDir, env: { ...process.env, ...env }, timeout: 180_000 });
  return out;
}

export async function goVersion(): Promise<string> {
  const { stdout } = await run('go', ['env', 'GOVERSION'], { timeout: 30_000 });
  return stdout.trim();
}

/** Runs a binary to completion with a timeout; resolves with its exit code and output. */
export function runBinary(
  bin: string,
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(bin, args, { env: { ...process.env, ...opts.env } });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      p.kill('SIGKILL');
      reject(new Error(`${bin} timed out`));
    }, opts.timeoutMs ?? 60_000);
    p.on('error', reject);
    p.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
