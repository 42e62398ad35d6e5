// Every subcommand, in the order `--help` lists them. A command module exports one `register` function.

import type { RegisterCommand } from '../context.js';
import { register as analyze } from './analyze.js';
import { register as test } from './test.js';

export const COMMANDS: RegisterCommand[] = [analyze, test];
