// Runs the real CLI in-process with captured streams: the same `main` the bin calls.

import { Readable, Writable } from 'node:stream';
import { main } from '../../src/cli/main.js';
import type { CliContext } from '../../src/cli/context.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

class Sink extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _enc: BufferEncoding, cb: () => void): void {
    this.text += chunk.toString();
    cb();
  }
}

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  stdin?: string | Buffer;
}

/** `goroutine-guard <args>` in-process. */
export async function runCli(args: string[], opts: RunOptions = {}): Promise<CliRun> {
  const stdout = new Sink();
  const stderr = new Sink();
  const stdin = opts.stdin !== undefined ? Readable.from([Buffer.from(opts.stdin)]) : Readable.from([]);
  const ctx: CliContext = {
    stdout,
    stderr,
    stdin,
    env: { ...(opts.env ?? process.env), NO_COLOR: '1' },
    cwd: opts.cwd ?? process.cwd(),
    exitCode: 0,
  };
  const code = await main(['node', 'goroutine-guard', ...args], ctx);
  return { code, stdout: stdout.text, stderr: stderr.text };
}
