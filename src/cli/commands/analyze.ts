// `goroutine-guard analyze <file|url|->`: parse a goroutine dump, rank leak suspects, print a report.
// With several dumps (files, a capture directory, or a URL and --samples N) it analyzes the series: see
// analyze-series.ts.

import { Option } from 'commander';

import { applySource, compareFindings, type Analysis, parseIgnoreSpec } from '../../analysis/index.js';
import { analyzeInput, analyzeTraceUrl, isUrl } from '../../io/index.js';
import { GuardError } from '../../core/index.js';
import { evidenceRank, type Finding } from '../../model/index.js';
import { REPORT_FORMATS, renderAnalysis, renderSeries, type ReportFormat } from '../../report/index.js';
import { EXIT, type CliContext, type RegisterCommand } from '../context.js';
import { addSeriesOptions, isSeriesMode, runSeries, writeReport, type SeriesFlags } from './analyze-series.js';
import { choice, collect, durationOption, failOnOption, headerOption, intOption, type FailOn } from '../options.js';
import { SUMMARY } from './summary.js';

interface AnalyzeFlags {
  format: ReportFormat;
  pretty: boolean;
  output?: string;
  minCount: number;
  ignore?: string[];
  defaultIgnores: boolean;
  failOn: FailOn;
  similarity: 'loose' | 'exact';
  top: number;
  all: boolean;
  concentration: number;
  longWait: number;
  timeout: number;
  header?: Record<string, string>;
  partialOk: boolean;
  workers: number;
  maxBytes?: number;
  color?: boolean;
  /** `--source DIR`, or false for `--no-source`. */
  source: string | boolean;
  trimPrefix?: string[];
  stacks: boolean;
  /** `--trace 5s` on a URL: fetch and analyze an execution trace of this many ms. */
  trace?: number;
}

export const register: RegisterCommand = (program, ctx) => {
  const cmd = program
    .command('analyze')
    .description(SUMMARY.analyze.description)
    .argument(
      '<inputs...>',
      'dump file, http(s) URL (a /debug/pprof/ base URL fetches goroutine?debug=2), or - for stdin; ' +
        'several files or a directory for a series',
    )
    .option(
      '-f, --format <format>',
      `output format: ${REPORT_FORMATS.join(', ')}`,
      choice('--format', REPORT_FORMATS),
      'text',
    )
    .option('--pretty', 'indent the JSON report (default: one line)', false)
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option('--min-count <n>', 'hide suspects with fewer goroutines', intOption('--min-count', 1), 1)
    .option('--ignore <spec>', 'ignore stacks: func:F, top:F, regex:RE, package:P, creator:F (repeatable)', collect)
    .option('--no-default-ignores', 'do not ignore known-benign goroutines (runtime workers, signal loop, …)')
    .option(
      '--fail-on <level>',
      'exit 1 when a suspect has this evidence or stronger: proven, confirmed, suspected, possible, none',
      failOnOption,
      'none',
    )
    .option(
      '--similarity <mode>',
      'bucket stacks: loose (ignore argument values) or exact',
      choice('--similarity', ['loose', 'exact'] as const),
      'loose',
    )
    .option('--top <n>', 'suspects to show in the text report', intOption('--top', 1), 10)
    .option('--all', 'list possible suspects too', false)
    .option(
      '--concentration <n>',
      'goroutines at one site that make a suspect "suspected"',
      intOption('--concentration', 1),
      10,
    )
    .option(
      '--long-wait <minutes>',
      'minutes blocked (from the dump headers, or held by id across a series) that make a suspect "suspected"',
      intOption('--long-wait', 1),
      10,
    )
    .addOption(
      new Option('--timeout <duration>', 'HTTP timeout for URL inputs (e.g. 10s)')
        .argParser(durationOption)
        .default(30_000, '30s'),
    )
    .option('-H, --header <header>', 'HTTP header for URL inputs, "Name: value" (repeatable)', headerOption)
    .option('--partial-ok', 'accept truncated dumps (exit code by findings instead of 2)', false)
    .option(
      '--workers <n>',
      'threads for a large dump file: 0 = all cores for files ≥ 256 MiB, 1 = one thread',
      intOption('--workers', 0),
      0,
    )
    .option(
      '--source <dir>',
      "the program's Go source, to read each blocking line (default: the dump's paths, when they exist here)",
    )
    .option('--no-source', "do not read Go source for the dump's blocking lines")
    .option('--trim-prefix <prefix>', "build directory in the dump's paths to map onto --source (repeatable)", collect)
    .option('--stacks', 'print the whole stack of each suspect (text format)', false)
    .addOption(
      new Option(
        '--trace <duration>',
        'with a service URL: fetch an execution trace of this long (/debug/pprof/trace?seconds=N) and analyze ' +
          'goroutine lifecycles instead of a dump',
      ).argParser(durationOption),
    )
    .option('--color', 'force colours')
    .option('--no-color', 'disable colours');
  addSeriesOptions(cmd).action(async (inputs: string[], flags: AnalyzeFlags & SeriesFlags) => {
    ctx.exitCode =
      flags.trace === undefined && (await isSeriesMode(inputs, flags))
        ? await runSeriesAnalyze(inputs, flags, ctx)
        : await runAnalyze(inputs[0]!, flags, ctx);
  });
};

async function runSeriesAnalyze(inputs: string[], flags: AnalyzeFlags & SeriesFlags, ctx: CliContext): Promise<number> {
  const series = await runSeries(
    inputs,
    flags,
    {
      ignore: (flags.ignore ?? []).map((s) => parseIgnoreSpec(s)),
      defaultIgnores: flags.defaultIgnores,
      minCount: flags.minCount,
      similarity: flags.similarity,
      concentration: flags.concentration,
      longWaitMinutes: flags.longWait,
      partialOk: flags.partialOk,
    },
    ctx,
  );
  if (flags.source !== false) await readSources(series.latest.suspects, flags, ctx);
  const color = flags.color ?? (ctx.stdout.isTTY === true && !ctx.env.NO_COLOR && !flags.output);
  await writeReport(
    renderSeries(series, flags.format, {
      color,
      top: flags.top,
      all: flags.all,
      fullStacks: flags.stacks,
      pretty: flags.pretty,
    }),
    flags.output,
    ctx,
  );
  for (const k of series.skipped) ctx.stderr.write(`warning: skipped ${k.source}: ${k.reason}\n`);
  return failsOn(series.latest, flags.failOn) ? EXIT.findings : EXIT.ok;
}

async function runAnalyze(input: string, flags: AnalyzeFlags, ctx: CliContext): Promise<number> {
  const ignore = (flags.ignore ?? []).map((s) => parseIgnoreSpec(s));
  const opts = {
    ignore,
    defaultIgnores: flags.defaultIgnores,
    minCount: flags.minCount,
    similarity: flags.similarity,
    exactArgs: flags.similarity === 'exact',
    concentration: flags.concentration,
    longWaitMinutes: flags.longWait,
  };
  const build = {
    env: ctx.env,
    onStatus: (l: string) => {
      if (ctx.stderr.isTTY) ctx.stderr.write(`${l}\n`);
    },
  };
  if (flags.trace !== undefined && !isUrl(input)) {
    throw new GuardError('usage', input, '--trace needs a service URL', {}, 'http://127.0.0.1:6060/debug/pprof/');
  }
  const analysis =
    flags.trace !== undefined
      ? await analyzeTraceUrl(input, flags.trace, {
          ...opts,
          ...build,
          timeoutMs: flags.timeout,
          headers: flags.header,
        })
      : await analyzeInput(input, {
          ...opts,
          ...build,
          stdin: ctx.stdin,
          timeoutMs: flags.timeout,
          headers: flags.header,
          workers: flags.workers,
          maxBytes: flags.maxBytes,
        });
  if (flags.source !== false) await readSources(analysis.suspects, flags, ctx);
  const color = flags.color ?? (ctx.stdout.isTTY === true && !ctx.env.NO_COLOR && !flags.output);
  const report = renderAnalysis(analysis, flags.format, {
    color,
    top: flags.top,
    all: flags.all,
    fullStacks: flags.stacks,
    pretty: flags.pretty,
  });
  await writeReport(report, flags.output, ctx);

  for (const w of analysis.info.warnings.slice(0, 5)) ctx.stderr.write(`warning: ${w}\n`);
  if (analysis.info.truncated && !flags.partialOk) {
    ctx.stderr.write(
      `goroutine-guard: ${analysis.info.source}: truncated dump; the report covers the complete goroutines (--partial-ok to accept)\n`,
    );
    return EXIT.badInput;
  }
  return failsOn(analysis, flags.failOn) ? EXIT.findings : EXIT.ok;
}

/** Source-aware diagnosis of the suspects, in place (see analysis/source-aware.ts). */
export async function readSources(
  suspects: Finding[],
  flags: Pick<AnalyzeFlags, 'source' | 'trimPrefix'>,
  ctx: CliContext,
): Promise<void> {
  if (suspects.length === 0) return;
  // check (and through it the static engine) loads only when there is a suspect to read source for.
  const { createSourceLookup } = await import('../../check/index.js');
  const lookup = await createSourceLookup({
    ...(typeof flags.source === 'string' ? { dir: flags.source } : {}),
    ...(flags.trimPrefix ? { trimPrefixes: flags.trimPrefix } : {}),
    cwd: ctx.cwd,
  });
  applySource(suspects, lookup);
  suspects.sort(compareFindings);
}

export function failsOn(a: Analysis, level: FailOn): boolean {
  if (level === 'none') return false;
  const limit = evidenceRank(level);
  return a.suspects.some((f) => f.evidence !== undefined && evidenceRank(f.evidence) <= limit);
}
