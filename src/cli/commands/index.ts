// Every subcommand, in the order `--help` lists them. A command module exports one `register` function.
// Modules load on demand: `goroutine-guard test` must not pay for fastify, SQLite or tree-sitter (startup time
// is part of its overhead over `go test`), so main loads only the command named on the command line. Without one
// (`--help`, `--version`, a typo) no module loads at all: the listing comes from summary.ts.

import { Option } from 'commander';
import type { RegisterCommand } from '../context.js';
import { SUMMARY, type CommandName } from './summary.js';

type Loader = () => Promise<{ register: RegisterCommand }>;

export const COMMANDS: ReadonlyArray<readonly [name: CommandName, load: Loader]> = [
  ['demo', () => import('./demo.js')],
  ['analyze', () => import('./analyze.js')],
  ['capture', () => import('./capture.js')],
  ['diff', () => import('./diff.js')],
  ['scan', () => import('./scan.js')],
  ['check', () => import('./check.js')],
  ['test', () => import('./test.js')],
  ['fix', () => import('./fix.js')],
  ['watch', () => import('./watch.js')],
];

/**
 * The register functions for `argv` (node, script, args…): the named command's module (and `help <command>`'s);
 * every other command as a listing entry from its summary, which is all `--help`, `--version` and "unknown command
 * (Did you mean …?)" need.
 */
export async function loadCommands(argv: readonly string[]): Promise<RegisterCommand[]> {
  const words = argv.slice(2).filter((a) => !a.startsWith('-'));
  const named = words[0] === 'help' ? words[1] : words[0];
  return Promise.all(
    COMMANDS.map(async ([name, load]) => (name === named ? (await load()).register : listingOnly(name))),
  );
}

/** A command that only shows in the top-level listing: its name, arguments and description. */
export function listingOnly(name: CommandName): RegisterCommand {
  return (program) => {
    const cmd = program.command(name).description(SUMMARY[name].description);
    for (const arg of SUMMARY[name].args.split(' ').filter(Boolean)) cmd.argument(arg);
    // Every command has options, and the listing says so (`analyze [options] <inputs...>`).
    cmd.addOption(new Option('--listing-only').hideHelp());
  };
}
