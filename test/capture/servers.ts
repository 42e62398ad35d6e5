// Test helpers shared by the capture, diff and series tests: build and run the Go test servers of
// testdata/go/servers on 127.0.0.1, drive requests at them, and run the real CLI in-process.

import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { promisify } from 'node:util';
import { main } from '../../src/cli/main.js';
import { EXIT, type CliContext } from '../../src/cli/context.js';

const run = promisify(execFile);
export const ROOT = path.resolve(import.meta.dirname, '../..');
export const SERVERS = path.join(ROOT, 'testdata/go/servers');

/** Builds the servers into a temp dir (bounded time). `env` adds build env (e.g. a GOEXPERIMENT). */
export async function buildServers(
  names: readonly string[] = ['leaky', 'busy'],
  env: Record<string, string> = {},
): Promise<{ bin: (name: string) => string; cleanup: () => void }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'gg-servers-'));
  await run('go', ['build', '-o', dir + path.sep, ...names.map((n) => `./${n}`)], {
    cwd: SERVERS,
    timeout: 120_000,
    env: { ...process.env, ...env },
  });
  return { bin: (n) => path.join(dir, n), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface Running {
  url: string;
  pprof: string;
  proc: ChildProcess;
  stop: () => Promise<void>;
}

/** Starts a server binary and waits for its "listening http://…" line. */
export function startServer(bin: string): Promise<Running> {
  return new Promise((resolve, reject) => {
    const proc = spawn(bin, [], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`${bin} did not start: ${out}`));
    }, 15_000);
    proc.on('error', reject);
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening (http:\/\/\S+)/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      const url = m[1]!;
      resolve({
        url,
        pprof: `${url}/debug/pprof/`,
        proc,
        stop: () =>
          new Promise<void>((r) => {
            if (proc.exitCode !== null) return r();
            proc.once('exit', () => r());
            proc.kill('SIGKILL');
          }),
      });
    });
  });
}

/** Sends requests to `paths` round-robin from `concurrency` loops until stopped; resolves to the request count. */
export function drive(
  base: string,
  paths: readonly string[],
  opts: { concurrency?: number; pauseMs?: number } = {},
): { stop: () => Promise<number> } {
  let running = true;
  let n = 0;
  const loop = async (k: number) => {
    let i = k;
    while (running) {
      try {
        const res = await fetch(base + paths[i++ % paths.length]!);
        await res.arrayBuffer();
        n++;
      } catch {
        // the server is stopping
      }
      if (opts.pauseMs) await new Promise((r) => setTimeout(r, opts.pauseMs));
    }
  };
  const loops = Array.from({ length: opts.concurrency ?? 1 }, (_, k) => loop(k));
  return {
    stop: async () => {
      running = false;
      await Promise.all(loops);
      return n;
    },
  };
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `goroutine-guard …args` in-process, as a user would from a shell. */
export async function cli(...args: string[]): Promise<CliResult> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  const ctx: CliContext = {
    stdout,
    stderr,
    stdin: new PassThrough(),
    env: { NO_COLOR: '1' },
    cwd: process.cwd(),
    exitCode: EXIT.ok,
  };
  const code = await main(['node', 'goroutine-guard', ...args], ctx);
  return { code, stdout: out, stderr: err };
}

/** 1-based line of the `// LEAK <id>` marker in a server's source: tests never hard-code line numbers. */
export function leakLine(server: string, id: string): number {
  const lines = readFileSync(path.join(SERVERS, server, 'main.go'), 'utf8').split('\n');
  const i = lines.findIndex((l) => l.includes(`// LEAK ${id}`));
  if (i < 0) throw new Error(`no // LEAK ${id} marker in ${server}/main.go`);
  return i + 1;
}
