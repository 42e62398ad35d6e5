// Every subcommand, in the order `--help` lists them. A command module exports one `register` function.

import type { RegisterCommand } from '../context.js';
import { register as analyze } from './analyze.js';
import { register as check } from './check.js';
import { register as demo } from './demo.js';
import { register as capture } from './capture.js';
import { register as diff } from './diff.js';
import { register as scan } from './scan.js';
import { register as test } from './test.js';
import { register as watch } from './watch.js';

export const COMMANDS: RegisterCommand[] = [demo, analyze, capture, diff, scan, check, test, watch];
