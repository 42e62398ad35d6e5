// Every subcommand, in the order `--help` lists them. A command module exports one `register` function.

import type { RegisterCommand } from '../context.js';

export const COMMANDS: RegisterCommand[] = [];
