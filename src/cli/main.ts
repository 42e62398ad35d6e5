// CLI entry: builds the commander program from the command modules and turns errors into one line + exit code.

import { Command, CommanderError } from 'commander';
import { isGuardError, VERSION } from '../core/index.js';
import { loadCommands } from './commands/index.js';
import type { RegisterCommand } from './context.js';
import { EXIT, type CliContext } from './context.js';
import { safeStream } from '../core/index.js';

export function defaultContext(): CliContext {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    // A getter: making the stdin stream costs ≈ 3 ms of start-up, and only commands that read `-` need it.
    get stdin() {
      return process.stdin;
    },
    env: process.env,
    cwd: process.cwd(),
    exitCode: EXIT.ok,
  };
}

export function buildProgram(ctx: CliContext, commands: readonly RegisterCommand[]): Command {
  const program = new Command();
  program
    .name('goroutine-guard')
    .description('Find, explain and keep out goroutine leaks.')
    .version(VERSION)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => ctx.stdout.write(s),
      writeErr: (s) => ctx.stderr.write(s),
      // A usage error is one line (commander's own, with its "Did you mean …?") and a hint, not the whole usage.
      outputError: (s, write) =>
        write(
          `goroutine-guard: ${s
            .replace(/^error: /, '')
            .replace(/\s*\n\s*/g, ' ')
            .trim()}\n`,
        ),
    })
    .showHelpAfterError("(run 'goroutine-guard --help' for usage)");
  for (const register of commands) register(program, ctx);
  for (const cmd of program.commands) {
    cmd.showHelpAfterError(`(run 'goroutine-guard ${cmd.name()} --help' for usage)`);
  }
  return program;
}

/** Runs the CLI with `argv` (as process.argv: node, script, args…) and resolves to the exit code. */
export async function main(argv: string[], outer: CliContext = defaultContext()): Promise<number> {
  // Dump text reaches the terminal only through these: control characters from a dump cannot drive it.
  const ctx = withSafeOutput(outer);
  try {
    return await run(argv, ctx);
  } finally {
    outer.exitCode = ctx.exitCode;
  }
}

function withSafeOutput(ctx: CliContext): CliContext {
  // Property descriptors, not a spread: a spread would read the lazy stdin now.
  const safe = Object.defineProperties({}, Object.getOwnPropertyDescriptors(ctx)) as CliContext;
  safe.stdout = safeStream(ctx.stdout);
  safe.stderr = safeStream(ctx.stderr);
  return safe;
}

async function run(argv: string[], ctx: CliContext): Promise<number> {
  let program: Command;
  try {
    program = buildProgram(ctx, await loadCommands(argv));
  } catch (err) {
    ctx.stderr.write(`goroutine-guard: internal error: ${(err as Error)?.message ?? String(err)}\n`);
    return EXIT.internal;
  }
  try {
    await program.parseAsync(argv);
    return ctx.exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version exit through here with code 0.
      return err.exitCode === 0 ? EXIT.ok : EXIT.badInput;
    }
    if (isGuardError(err)) {
      ctx.stderr.write(`goroutine-guard: ${err.message}\n`);
      return EXIT.badInput;
    }
    const e = err as Error;
    ctx.stderr.write(`goroutine-guard: internal error: ${e?.message ?? String(err)}\n`);
    if (ctx.env.GGUARD_DEBUG) ctx.stderr.write(`${e?.stack ?? ''}\n`);
    return EXIT.internal;
  }
}
