// `goroutine-guard check [dir] --dump <file|dir|url> | --test [patterns]`: static findings × dynamic evidence,
// joined by source site into confirmed both ways, dynamic only and static only. Exit 1 per --fail-on.

import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { parseIgnoreSpec } from '../../analysis/index.js';
import {
  loadTestRun,
  loadDump,
  type DynamicEvidence,
  present,
  renderCheckMarkdown,
  toCheckSarif,
  renderCheckText,
  checkTree,
  type CheckReport,
  JOIN_DEFAULTS,
} from '../../check/index.js';
import { loadConfig, GuardError, VERSION } from '../../core/index.js';
import { EVIDENCE_ORDER, type Evidence } from '../../model/index.js';
import { ignoreFilter } from '../../static/index.js';
import { EXIT, type CliContext, type RegisterCommand } from '../context.js';

const collect = (v: string, prev: string[] = []) => [...prev, v];

type FailOn = 'confirmed' | 'dynamic' | 'static' | 'none';

interface CheckFlags {
  dump?: string[];
  test?: string | boolean;
  trimPrefix?: string[];
  format: 'text' | 'json' | 'sarif' | 'markdown';
  minEvidence: Evidence;
  drift: string;
  failOn: FailOn;
  rules?: string;
  disable?: string;
  includeTests?: boolean;
  go?: string;
  ignore?: string[];
  config?: string;
  output?: string;
  explain?: boolean;
}

export const register: RegisterCommand = (program: Command, ctx: CliContext) => {
  program
    .command('check')
    .description(
      'join static findings with a dump or a test run: confirmed leaks, leaks the rules missed, and unseen findings',
    )
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
        .choices(['confirmed', 'dynamic', 'static', 'none'])
        .default('dynamic'),
    )
    .option('--rules <ids>', 'static rules to run, comma-separated')
    .option('--disable <ids>', 'static rules to turn off, comma-separated')
    .option('--include-tests', 'also scan _test.go files')
    .option('--go <version>', 'assume this go.mod version for the static rules')
    .option(
      '--ignore <spec>',
      'ignore dump stacks: func:F, top:F, regex:RE, package:P, creator:F (repeatable)',
      collect,
    )
    .option('--config <file>', 'config file (default: goroutine-guard.yaml/.yml/.json in the working directory)')
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option('--explain', "print each confirmed finding's static explanation in text output")
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
  const list = (s: string | undefined) =>
    s
      ?.split(',')
      .map((x) => x.trim())
      .filter(Boolean);
  const ignore = (flags.ignore ?? []).map((s) => parseIgnoreSpec(s));

  const evidence: DynamicEvidence[] = [];
  for (const spec of dumps) {
    const ev = await loadDump(spec === '-' ? spec : resolveSpec(spec, ctx.cwd), { ignore, stdin: ctx.stdin });
    evidence.push({ ...ev, source: spec === '-' ? ev.source : spec });
  }
  if (flags.test !== undefined) {
    const patterns = typeof flags.test === 'string' ? flags.test.split(/[\s,]+/).filter(Boolean) : ['./...'];
    evidence.push(await loadTestRun(patterns, path.resolve(ctx.cwd, dir), ctx.env));
  }

  const scan = {
    rules: list(flags.rules) ?? config.scan.rules,
    disable: [...(config.scan.disable ?? []), ...(list(flags.disable) ?? [])],
    includeTests: flags.includeTests ?? config.scan.includeTests ?? false,
    ...(flags.go ? { goVersion: flags.go } : {}),
  };
  const report = await checkTree(
    dir,
    evidence,
    {
      scan,
      dropStatic: ignoreFilter(config.ignore),
      trimPrefixes: flags.trimPrefix ?? [],
      minEvidence: flags.minEvidence,
      maxDrift,
    },
    ctx.cwd,
  );

  const doc = present(report, ctx.cwd, VERSION);
  const text =
    flags.format === 'json'
      ? `${JSON.stringify(doc, null, 2)}\n`
      : flags.format === 'sarif'
        ? `${JSON.stringify(toCheckSarif(doc, ctx.cwd), null, 2)}\n`
        : flags.format === 'markdown'
          ? renderCheckMarkdown(doc)
          : renderCheckText(doc, {
              color: !flags.output && ctx.stdout.isTTY === true && !ctx.env.NO_COLOR,
              explain: flags.explain ?? false,
            });
  if (flags.output) await writeFile(path.resolve(ctx.cwd, flags.output), text);
  else ctx.stdout.write(text);
  if (flags.format !== 'text') for (const w of report.warnings) ctx.stderr.write(`goroutine-guard: warning: ${w}\n`);
  return failing(report, flags.failOn) ? EXIT.findings : EXIT.ok;
}

function failing(r: CheckReport, on: FailOn): boolean {
  switch (on) {
    case 'none':
      return false;
    case 'confirmed':
      return r.confirmed.length > 0;
    case 'dynamic':
      return r.confirmed.length + r.dynamicOnly.length > 0;
    case 'static':
      return r.confirmed.length + r.dynamicOnly.length + r.staticOnly.length > 0;
  }
}

/** A dump path is relative to the working directory; URLs pass through. */
function resolveSpec(spec: string, cwd: string): string {
  return /^https?:\/\//i.test(spec) ? spec : path.resolve(cwd, spec);
}

async function readOrNull(p: string): Promise<string | null> {
  try {
    return await readFile(p, 'utf8');
  } catch {
    return null;
  }
}
