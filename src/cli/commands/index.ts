// Every subcommand, in the order `--help` lists them. A command module exports one `register` function.
// Modules load on demand: `goroutine-guard test` must not pay for fastify, SQLite or tree-sitter (startup time
// is part of its overhead over `go test`), so main loads only the command named on the command line.

import type { RegisterCommand } from '../context.js';

type Loader = () => Promise<{ register: RegisterCommand }>;

export const COMMANDS: ReadonlyArray<readonly [name: string, load: Loader]> = [
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

/** Loads the register functions for `argv` (node, script, args…): the named command's, or all of them. */
export async function loadCommands(argv: readonly string[]): Promise<RegisterCommand[]> {
  const first = argv.slice(2).find((a) => !a.startsWith('-'));
  const named = COMMANDS.filter(([name]) => name === first);
  const chosen = named.length ? named : COMMANDS; // help, --version, typos: everything, for the listing
  return Promise.all(chosen.map(async ([, load]) => (await load()).register));
}
