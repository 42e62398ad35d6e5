// The child-process edge of `goroutine-guard test`: short `go env` / `go list` calls whose output we capture, and
// the long `go test` run whose output streams through untouched. `go test` runs in its own process group so a
// signal can reach the go command, the compilers and every test binary at once.

import { spawn } from 'node:child_process';

export interface CaptureResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface GoTestProcess {
  /** Resolves with the exit code (128 + signal number when killed by a signal). */
  exited: Promise<number>;
  /** Sends a signal to the whole process group of go test. */
  signal(sig: NodeJS.Signals): void;
}

export interface GoExec {
  capture(bin: string, args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv }): Promise<CaptureResult>;
  start(
    bin: string,
    args: string[],
    opts: {
      cwd: string;
      env: NodeJS.ProcessEnv;
      onStdout: (chunk: Buffer) => void;
      onStderr: (chunk: Buffer) => void;
    },
  ): GoTestProcess;
}

const SIGNAL_NUMBERS: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };

export const nodeGoExec: GoExec = {
  capture(bin, args, { cwd, env }) {
    return new Promise((resolve, reject) => {
      const child = spawn(bin, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout.on('data', (c: Buffer) => out.push(c));
      child.stderr.on('data', (c: Buffer) => err.push(c));
      child.on('error', reject);
      child.on('close', (code, sig) =>
        resolve({
          code: code ?? 128 + (SIGNAL_NUMBERS[sig as NodeJS.Signals] ?? 0),
          stdout: Buffer.concat(out).toString('utf8'),
          stderr: Buffer.concat(err).toString('utf8'),
        }),
      );
    });
  },
  start(bin, args, { cwd, env, onStdout, onStderr }) {
    const child = spawn(bin, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    child.stdout.on('data', onStdout);
    child.stderr.on('data', onStderr);
    const exited = new Promise<number>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code, sig) => resolve(code ?? 128 + (SIGNAL_NUMBERS[sig as NodeJS.Signals] ?? 0)));
    });
    return {
      exited,
      signal(sig) {
        if (child.pid === undefined || child.exitCode !== null) return;
        try {
          process.kill(-child.pid, sig); // the group: go, compilers, test binaries
        } catch {
          // already gone
        }
      },
    };
  },
};
