// `goroutine-guard test [packages] [-- go test flags]`: go test with a leak check after every package's tests,
// injected through -overlay (the user's files are never written). Exit code: go test's own when it failed, else 1
// when a test leaked goroutines, else 0.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { type GuardConfig, GuardError, parseDuration } from '../../core/index.js';
import type * as GoTestStage from '../../gotest/index.js';
import type { GoTestOptions, LeakProfileMode } from '../../gotest/index.js';
import type { RegisterCommand } from '../context.js';
import { SUMMARY } from './summary.js';

/** Same names as CONFIG_FILES in core/config.ts (a test checks): looked up here so a run without a config file
 * does not load the YAML parser. */
export const TEST_CONFIG_FILES = ['goroutine-guard.yaml', 'goroutine-guard.yml', 'goroutine-guard.json'] as const;

const collect = (v: string, prev: string[]) => [...prev, v];

interface RawOptions {
  settle?: string;
  ignoreTop: string[];
  ignoreAny: string[];
  ignoreCreatedBy: string[];
  ignoreRegex: string[];
  defaultIgnores: boolean;
  leakProfile?: string;
  ancestors?: string;
  json?: boolean;
  junit?: string;
  stacks: boolean;
  go?: string;
  keepTemp?: boolean;
  trace?: boolean;
  config?: string;
}

export const register: RegisterCommand = (program, ctx) => {
  program
    .command('test')
    .description(SUMMARY.test.description)
    .argument('[packages...]', 'package patterns and go test flags (after `--`, or single-dash: ./... -race -count=2)')
    // go test flags (`-race`, `-run X`) pass through in order; `--` before them is the unambiguous form.
    .allowUnknownOption()
    .option('--settle <duration>', 'how long leftover goroutines may take to exit (e.g. 1s, 300ms)', '1s')
    .option(
      '--ignore-top <func>',
      'ignore goroutines whose top function is <func> (repeatable; pkg.F* = prefix)',
      collect,
      [],
    )
    .option('--ignore-any <func>', 'ignore goroutines with <func> anywhere in the stack (repeatable)', collect, [])
    .option('--ignore-created-by <func>', 'ignore goroutines created by <func> (repeatable)', collect, [])
    .option('--ignore-regex <re>', 'ignore goroutines with a function name matching <re> (repeatable)', collect, [])
    .option('--no-default-ignores', 'report benign runtime/stdlib goroutines too (signal loop, …)')
    .option(
      '--leak-profile <mode>',
      'goroutineleak profile: auto (Go ≥ 1.27), on (also Go 1.26 via GOEXPERIMENT), off',
      'auto',
    )
    .option('--ancestors <n>', 'GODEBUG tracebackancestors depth used to blame tests', '32')
    .option('--json', 'JSON event stream: go test -json events plus leak events')
    .option('--junit <file>', 'write a JUnit XML report with leaks as failures')
    .option('--no-stacks', 'print one line per leak site, without the stack')
    .option('--go <path>', 'go command to run', 'go')
    .option('--trace', 'also trace the run (go test -trace; one package) and add what the trace shows')
    .option('--keep-temp', 'keep the generated overlay directory (debugging)')
    .option('--config <file>', 'config file (default: goroutine-guard.yaml/.yml/.json in the working directory)')
    .addHelpText(
      'after',
      '\nExamples:\n  goroutine-guard test ./...\n  goroutine-guard test ./... -- -race -count=2 -run TestServer\n  goroutine-guard test ./... -race -v\n  goroutine-guard test --json --junit leaks.xml ./...\n',
    )
    .action(async (packages: string[], raw: RawOptions, cmd: Command) => {
      // Loaded on use: `goroutine-guard <other command>` should not pay for the test machinery.
      const gotest = await import('../../gotest/index.js');
      const config = await readConfig(ctx.cwd, raw.config);
      const opts = toOptions(
        gotest,
        packages,
        raw,
        gotest.testOptionsFromConfig(config),
        (name) => cmd.getOptionValueSource(name) === 'cli',
      );
      const { runGoTest, nodeGoExec, processSignals } = gotest;
      const result = await runGoTest(opts, {
        exec: nodeGoExec,
        signals: processSignals,
        stdout: ctx.stdout,
        stderr: ctx.stderr,
        env: ctx.env,
        cwd: ctx.cwd,
      });
      ctx.exitCode = result.exitCode;
    });
};

/** Flags given on the command line win over the config file; ignore lists add up. */
function toOptions(
  { resolveGoTestOptions }: typeof GoTestStage,
  packages: string[],
  raw: RawOptions,
  fromConfig: Partial<GoTestOptions>,
  given: (option: string) => boolean,
): GoTestOptions {
  const partial: Partial<GoTestOptions> = {
    ...fromConfig,
    goArgs: packages,
    ignoreTop: [...(fromConfig.ignoreTop ?? []), ...raw.ignoreTop],
    ignoreAny: [...(fromConfig.ignoreAny ?? []), ...raw.ignoreAny],
    ignoreCreatedBy: [...(fromConfig.ignoreCreatedBy ?? []), ...raw.ignoreCreatedBy],
    ignoreRegex: [...(fromConfig.ignoreRegex ?? []), ...raw.ignoreRegex],
    json: raw.json === true,
    goBin: raw.go ?? 'go',
    keepTemp: raw.keepTemp === true,
    trace: raw.trace === true,
  };
  if (given('settle') || fromConfig.settleMs === undefined) {
    const settle = parseDuration(raw.settle ?? '1s');
    if (settle === undefined) {
      throw new GuardError(
        'usage',
        '--settle',
        `not a duration: ${JSON.stringify(raw.settle)}`,
        {},
        'e.g. 1s or 250ms',
      );
    }
    partial.settleMs = settle;
  }
  if (given('ancestors') || fromConfig.ancestors === undefined) partial.ancestors = Number(raw.ancestors ?? '32');
  if (given('leakProfile') || fromConfig.leakProfile === undefined) {
    partial.leakProfile = (raw.leakProfile ?? 'auto') as LeakProfileMode;
  }
  if (given('defaultIgnores') || fromConfig.defaultIgnores === undefined) partial.defaultIgnores = raw.defaultIgnores;
  if (given('stacks') || fromConfig.stacks === undefined) partial.stacks = raw.stacks;
  if (raw.junit) partial.junit = raw.junit;
  return resolveGoTestOptions(partial, 'goroutine-guard test');
}

async function readConfig(
  cwd: string,
  explicit: string | undefined,
): Promise<Pick<GuardConfig, 'file' | 'ignore' | 'test'>> {
  if (!explicit && !TEST_CONFIG_FILES.some((n) => existsSync(join(cwd, n)))) return { file: null, ignore: {} };
  const [{ loadConfig }, { readOrNull }] = await Promise.all([import('../../core/index.js'), import('../options.js')]);
  return loadConfig(cwd, { readFile: readOrNull }, explicit);
}
