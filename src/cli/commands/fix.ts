// `goroutine-guard fix [pkgs]`: patches for the leaks `scan` finds, each proven by the package's own tests under
// the leak check of `test` before it is offered. Text, JSON or SARIF (with fixes[]) out; `--write` applies the
// verified ones. Exit 0 when every addressed finding got a verified patch, 1 otherwise.

import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Option, type Command } from 'commander';
import {
  escapeControls,
  GuardError,
  loadConfig,
  parseDuration,
  terminalControlStream,
  VERSION,
} from '../../core/index.js';
import type { FixOptions } from '../../fix/index.js';
import type { LeakProfileMode } from '../../gotest/index.js';
import { ignoreFilter, scanOptionsFor, type EngineChoice } from '../../static/index.js';
import { EXIT, type CliContext, type RegisterCommand } from '../context.js';
import { PRETTY_HELP, readOrNull } from '../options.js';
import { SUMMARY } from './summary.js';

interface FixFlags {
  format: 'text' | 'json' | 'sarif';
  from?: string;
  rules?: string;
  write?: boolean;
  force?: boolean;
  settle: string;
  leakProfile: string;
  go: string;
  goFlags?: string;
  timeout: string;
  output?: string;
  pretty: boolean;
  engine: EngineChoice;
  config?: string;
}

export const register: RegisterCommand = (program: Command, ctx: CliContext) => {
  program
    .command('fix')
    .description(SUMMARY.fix.description)
    .argument('[paths...]', 'packages to scan and fix (dir, dir/... or ./...)', ['./...'])
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json', 'sarif']).default('text'))
    .option('--pretty', PRETTY_HELP, false)
    .option('--from <kind:file>', 'start from findings already made: sarif:FILE or check-json:FILE (scan -f json too)')
    .addOption(
      new Option('--engine <engine>', 'static engine, as for scan: deep finds GG016–GG020 too; fast = source only')
        .choices(['auto', 'deep', 'fast'])
        .default('auto'),
    )
    .option(
      '--config <file>',
      'config file (default: goroutine-guard.yaml/.yml/.json in the working directory); its rules and ignore rules apply',
    )
    .option('--rules <ids>', 'only these rules, comma-separated (e.g. GG008,GG012)')
    .option('--write', 'apply the verified patches to the files (refuses files with uncommitted changes)')
    .option('--force', 'with --write: also patch files with uncommitted changes')
    .option('--settle <duration>', 'how long leftover goroutines may take to exit in each test run', '1s')
    .option('--leak-profile <mode>', 'goroutineleak profile: auto (Go ≥ 1.27), on (also Go 1.26), off', 'auto')
    .option('--go <path>', 'go command to run', 'go')
    .option('--go-flags <flags>', 'extra go test flags for every run, e.g. "-race -tags integration"')
    // A patch that deadlocks a test must not hold the run for go test's default 10 minutes.
    .option('--timeout <duration>', 'go test -timeout for each run: a patch that hangs a test is refused', '3m')
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .addHelpText(
      'after',
      '\nExamples:\n  goroutine-guard fix ./...\n  goroutine-guard fix ./internal/cache --write\n  goroutine-guard fix --from sarif:scan.sarif -f sarif -o fixes.sarif\n',
    )
    .action(async (paths: string[], flags: FixFlags) => {
      ctx.exitCode = await runFix(paths, flags, ctx);
    });
};

async function runFix(paths: string[], flags: FixFlags, ctx: CliContext): Promise<number> {
  const settleMs = parseDuration(flags.settle);
  if (settleMs === undefined)
    throw new GuardError(
      'usage',
      '--settle',
      `not a duration: ${JSON.stringify(flags.settle)}`,
      {},
      'e.g. 1s or 250ms',
    );
  if (!['auto', 'on', 'off'].includes(flags.leakProfile)) {
    throw new GuardError(
      'usage',
      '--leak-profile',
      `must be auto, on or off, not ${JSON.stringify(flags.leakProfile)}`,
    );
  }
  if (!/^\d+(\.\d+)?(ms|s|m|h)$/.test(flags.timeout)) {
    throw new GuardError(
      'usage',
      '--timeout',
      `not a go duration: ${JSON.stringify(flags.timeout)}`,
      {},
      'e.g. 90s or 5m',
    );
  }
  if (flags.force && !flags.write) throw new GuardError('usage', '--force', 'only means something with --write');
  const rules = flags.rules
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const fix = await import('../../fix/index.js');

  let findings;
  if (flags.from) {
    const m = /^(sarif|check-json):(.+)$/.exec(flags.from);
    if (!m)
      throw new GuardError(
        'usage',
        '--from',
        `expected sarif:FILE or check-json:FILE, got ${JSON.stringify(flags.from)}`,
      );
    const file = path.resolve(ctx.cwd, m[2]!);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      throw new GuardError('io', file, `cannot read: ${(e as Error).message}`);
    }
    findings = fix.findingsFrom(m[1] as 'sarif' | 'check-json', text, file);
    if (rules) findings = findings.filter((f) => rules.includes(f.ruleId));
  }

  const tty = ctx.stderr.isTTY === true;
  // ctx.stderr escapes control characters; the status line's own `\r` and erase-line go to the terminal itself.
  const term = terminalControlStream(ctx.stderr);
  let shown = false;
  const opts: FixOptions = {
    cwd: ctx.cwd,
    goBin: flags.go,
    settleMs,
    leakProfile: flags.leakProfile as LeakProfileMode,
    goFlags: [`-timeout=${flags.timeout}`, ...(flags.goFlags?.split(/\s+/).filter(Boolean) ?? [])],
  };
  if (tty) {
    opts.onProgress = (pkg, step) => {
      shown = true;
      term.write(`\r\x1b[2Kfix: ${escapeControls(pkg)}: ${escapeControls(step)}…`);
    };
  }
  const io = { env: ctx.env };
  let report;
  if (findings) report = await fix.fixFindings(findings, opts, io);
  else {
    // The findings `scan` would report here: the same engines, the config's rule choices and ignore rules.
    const config = await loadConfig(ctx.cwd, { readFile: readOrNull }, flags.config);
    const { cwd: _cwd, rules: configRules, ...scan } = scanOptionsFor(config, rules ? { rules } : {}, ctx.cwd);
    const only = rules ?? configRules;
    report = await fix.fixPackages(
      paths,
      {
        ...opts,
        scan,
        engine: flags.engine,
        dropFinding: ignoreFilter(config.ignore),
        ...(only ? { rules: only } : {}),
      },
      io,
    );
  }
  if (shown) term.write('\r\x1b[2K');

  const out =
    flags.format === 'json'
      ? fix.renderFixJSON(report, VERSION, { pretty: flags.pretty })
      : flags.format === 'sarif'
        ? fix.renderFixSarif(report, VERSION, ctx.cwd)
        : fix.renderFixText(report);
  if (flags.output) await writeFile(path.resolve(ctx.cwd, flags.output), out);
  else ctx.stdout.write(out);

  let refusedWrite = false;
  if (flags.write) {
    const w = await fix.writePatches(report.outcomes, { force: flags.force === true, goBin: flags.go });
    for (const x of w.written)
      ctx.stderr.write(`goroutine-guard: wrote ${x.file} (patch ${x.patches.map((p) => `#${p}`).join(', ')})\n`);
    for (const x of w.refused) ctx.stderr.write(`goroutine-guard: not writing ${x.file}: ${x.reason}\n`);
    refusedWrite = w.refused.length > 0;
  }
  const allVerified = report.outcomes.every((o) => o.verdict === 'verified') && report.unaddressed.length === 0;
  return refusedWrite ? EXIT.badInput : allVerified ? EXIT.ok : EXIT.findings;
}
