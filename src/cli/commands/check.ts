// `goroutine-guard check [dir] --dump <file|dir|url> | --test [patterns]`: static findings × dynamic evidence,
// joined by source site into confirmed both ways, dynamic only and static only. Exit 1 per --fail-on.

import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { parseIgnoreSpec } from '../../analysis/index.js';
import {
  loadTestRun,
  loadTree,
  loadDump,
  type DynamicEvidence,
  present,
  renderCheckMarkdown,
  renderCheckSarif,
  renderCheckText,
  checkTree,
  checkFails,
  CHECK_FAIL_ON,
  type CheckFailOn,
  JOIN_DEFAULTS,
} from '../../check/index.js';
import { loadConfig, GuardError, VERSION } from '../../core/index.js';
import { EVIDENCE_ORDER, type Evidence } from '../../model/index.js';
import { baselineFileFor, ignoreFilter, loadBaseline, scanOptionsFor, type EngineChoice } from '../../static/index.js';
import { EXIT, type CliContext, type RegisterCommand } from '../context.js';
import { jsonReport } from '../../report/index.js';
import { PRETTY_HELP, scanChoices, readOrNull } from '../options.js';
import { safeTerminal } from '../../core/index.js';
import { SUMMARY } from './summary.js';

const collect = (v: string, prev: string[] = []) => [...prev, v];

interface CheckFlags {
  dump?: string[];
  test?: string | boolean;
  trimPrefix?: string[];
  format: 'text' | 'json' | 'sarif' | 'markdown';
  minEvidence: Evidence;
  drift: string;
  failOn: CheckFailOn;
  rules?: string;
  disable?: string;
  includeTests?: boolean;
  go?: string;
  baseline?: string;
  ignore?: string[];
  config?: string;
  output?: string;
  explain?: boolean;
  engine: EngineChoice;
  pretty: boolean;
}

export const register: RegisterCommand = (program: Command, ctx: CliContext) => {
  program
    .command('check')
    .description(SUMMARY.check.description)
    .argument('[dir]', 'source tree (a module or a directory of packages)', '.')
    .option('--dump <file|dir|url>', 'goroutine dump, directory of dumps (a series), URL, or - (repeatable)', collect)
    .option(
      '--test [patterns]',
      'get the dynamic evidence by running goroutine-guard test on these packages (default ./...)',
    )
    .option('--trim-prefix <prefix>', "build directory in the dump's paths to map onto <dir> (repeatable)", collect)
    .addOption(
      new Option('-f, --format <format>', 'output format')
        .choices(['text', 'json', 'sarif', 'markdown'])
        .default('text'),
    )
    .option('--pretty', PRETTY_HELP, false)
    .addOption(
      new Option('--min-evidence <level>', 'list dynamic-only suspects at least this strong')
        .choices([...EVIDENCE_ORDER])
        .default(JOIN_DEFAULTS.minEvidence),
    )
    .option(
      '--drift <lines>',
      'how far a blocking site may have moved within its function',
      String(JOIN_DEFAULTS.maxDrift),
    )
    .addOption(
      new Option(
        '--fail-on <list>',
        'exit 1 when this list is not empty: confirmed, dynamic (confirmed or dynamic only), static (any), none',
      )
        .choices([...CHECK_FAIL_ON])
        .default('dynamic'),
    )
    .option('--rules <ids>', 'static rules to run, comma-separated')
    .option('--disable <ids>', 'static rules to turn off, comma-separated')
    .option('--include-tests', 'also scan _test.go files')
    .option('--go <version>', 'assume this go.mod version for the static rules')
    .option('--baseline <file>', 'leave out static findings recorded in this baseline file (scan --write-baseline)')
    .option(
      '--ignore <spec>',
      'ignore dump stacks: func:F, top:F, regex:RE, package:P, creator:F (repeatable)',
      collect,
    )
    .option('--config <file>', 'config file (default: goroutine-guard.yaml/.yml/.json in the working directory)')
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option('--explain', "print each confirmed finding's static explanation in text output")
    .addOption(
      new Option(
        '--engine <engine>',
        'static engine: deep = types and call graph via Go (GG016–GG020, joins by lock and waiter); fast = source only',
      )
        .choices(['auto', 'deep', 'fast'])
        .default('auto'),
    )
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  goroutine-guard check . --dump http://127.0.0.1:6060/debug/pprof/\n' +
        '  goroutine-guard check ./svc --dump prod-dump.txt --trim-prefix /build/svc\n' +
        '  goroutine-guard check . --test ./...\n' +
        '  goroutine-guard check . --dump captures/ --format sarif -o check.sarif\n',
    )
    .action(async (dir: string, flags: CheckFlags) => {
      ctx.exitCode = await runCheck(dir, flags, ctx);
    });
};

async function runCheck(dir: string, flags: CheckFlags, ctx: CliContext): Promise<number> {
  const dumps = flags.dump ?? [];
  if (dumps.length === 0 && flags.test === undefined) {
    throw new GuardError(
      'usage',
      'check',
      'no dynamic evidence given',
      {},
      '--dump <file|dir|url> or --test [patterns]',
    );
  }
  const maxDrift = Number(flags.drift);
  if (!Number.isInteger(maxDrift) || maxDrift < 0) {
    throw new GuardError('usage', '--drift', `"${flags.drift}" is not a number of lines`, {}, '0 or more');
  }
  const config = await loadConfig(ctx.cwd, { readFile: readOrNull }, flags.config);
  const ignore = (flags.ignore ?? []).map((s) => parseIgnoreSpec(s));

  // A tree without Go files is a usage error: say so before a capture or a go test run, not after.
  if (flags.test !== undefined) await loadTree(dir, ctx.cwd);
  const evidence: DynamicEvidence[] = [];
  for (const spec of dumps) {
    const ev = await loadDump(spec === '-' ? spec : resolveSpec(spec, ctx.cwd), { ignore, stdin: ctx.stdin });
    evidence.push({ ...ev, source: spec === '-' ? ev.source : spec });
  }
  if (flags.test !== undefined) {
    const patterns = typeof flags.test === 'string' ? flags.test.split(/[\s,]+/).filter(Boolean) : ['./...'];
    evidence.push(await loadTestRun(patterns, path.resolve(ctx.cwd, dir), ctx.env));
  }

  const choices = scanChoices({ ...flags, failOn: undefined });
  const { cwd: _cwd, ...scan } = scanOptionsFor(config, choices, ctx.cwd);
  const baselineFile = baselineFileFor(config, choices, ctx.cwd);
  const report = await checkTree(
    dir,
    evidence,
    {
      scan,
      dropStatic: ignoreFilter(config.ignore),
      ...(baselineFile
        ? { baseline: await loadBaseline(baselineFile, readOrNull, flags.baseline ?? baselineFile) }
        : {}),
      engine: flags.engine,
      deep: { env: ctx.env },
      trimPrefixes: flags.trimPrefix ?? [],
      minEvidence: flags.minEvidence,
      maxDrift,
    },
    ctx.cwd,
  );

  const doc = present(report, ctx.cwd, VERSION);
  const text =
    flags.format === 'json'
      ? jsonReport(doc, { pretty: flags.pretty })
      : flags.format === 'sarif'
        ? renderCheckSarif(doc, ctx.cwd)
        : flags.format === 'markdown'
          ? renderCheckMarkdown(doc)
          : renderCheckText(doc, {
              color: !flags.output && ctx.stdout.isTTY === true && !ctx.env.NO_COLOR,
              explain: flags.explain ?? false,
            });
  if (flags.output) await writeFile(path.resolve(ctx.cwd, flags.output), safeTerminal(text));
  else ctx.stdout.write(text);
  if (flags.format !== 'text') {
    for (const w of report.warnings) ctx.stderr.write(`goroutine-guard: warning: ${w}\n`);
    for (const n of report.notes) ctx.stderr.write(`goroutine-guard: note: ${n}\n`);
  }
  return checkFails(report, flags.failOn) ? EXIT.findings : EXIT.ok;
}

/** A dump path is relative to the working directory; URLs pass through. */
function resolveSpec(spec: string, cwd: string): string {
  return /^https?:\/\//i.test(spec) ? spec : path.resolve(cwd, spec);
}
