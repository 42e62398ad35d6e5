// What a CLI command gets from the outside world. Passed in so tests can run commands in-process.

import type { Command } from 'commander';

export interface CliContext {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  stdin: NodeJS.ReadableStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Set by a command's action; `main` returns it. */
  exitCode: number;
}

/** A command module adds its subcommand(s) to the program. */
export type RegisterCommand = (program: Command, ctx: CliContext) => void;

/** Exit codes shared by every command. */
export const EXIT = {
  ok: 0,
  /** Findings at or above the --fail-on level, or leaks found. */
  findings: 1,
  /** Bad input or usage: one line on stderr. */
  badInput: 2,
  /** A bug: an unexpected exception. */
  internal: 3,
} as const;
