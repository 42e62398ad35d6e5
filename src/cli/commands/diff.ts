// `goroutine-guard diff <before> <after>`: what changed between two dumps of one process, stack by stack (matched
// by fingerprint): counts, delta, new and vanished stacks, goroutines stuck at the same stack in both.

import { Option } from 'commander';

import { diffAnalyses, parseIgnoreSpec, analyzeDump } from '../../analysis/index.js';
import { stampFromName, isUrl, openInput } from '../../io/index.js';
import { REPORT_FORMATS, renderDiff, type ReportFormat } from '../../report/index.js';
import { EXIT, type CliContext, type RegisterCommand } from '../context.js';
import { writeReport } from './analyze-series.js';
import { sizeOption } from '../options.js';
import { choice, collect, durationOption, headerOption, intOption } from '../options.js';
import { SUMMARY } from './summary.js';

interface DiffFlags {
  format: ReportFormat;
  pretty: boolean;
  output?: string;
  top: number;
  all: boolean;
  ignore: string[];
  defaultIgnores: boolean;
  failOnGrowth?: number;
  timeout: number;
  header?: Record<string, string>;
  color?: boolean;
  maxBytes?: number;
}

export const register: RegisterCommand = (program, ctx) => {
  program
    .command('diff')
    .description(SUMMARY.diff.description)
    .argument('<before>', 'older dump: file, http(s) URL or - (stdin)')
    .argument('<after>', 'newer dump: file, http(s) URL or -')
    .option(
      '-f, --format <format>',
      `output format: ${REPORT_FORMATS.join(', ')}`,
      choice('--format', REPORT_FORMATS),
      'text',
    )
    .option('--pretty', 'indent the JSON report (default: one line)', false)
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option('--top <n>', 'stacks to list', intOption('--top', 1), 20)
    .option('--all', 'also list unchanged and known-benign stacks', false)
    .option('--ignore <spec>', 'treat stacks as benign: func:F, top:F, regex:RE, package:P, creator:F', collect, [])
    .option('--no-default-ignores', 'do not treat known-benign goroutines (runtime workers, …) as benign')
    .option(
      '--fail-on-growth <n>',
      'exit 1 when a non-benign stack grew by at least n',
      intOption('--fail-on-growth', 1),
    )
    .addOption(
      new Option('--timeout <duration>', 'HTTP timeout for URL inputs')
        .argParser(durationOption)
        .default(30_000, '30s'),
    )
    .option('-H, --header <header>', 'HTTP header for URL inputs, "Name: value" (repeatable)', headerOption)
    .option('--max-bytes <size>', 'input size cap: each decompressed dump and HTTP response (default 2GiB)', sizeOption)
    .option('--color', 'force colours')
    .option('--no-color', 'disable colours')
    .action(async (before: string, after: string, flags: DiffFlags) => {
      ctx.exitCode = await runDiff(before, after, flags, ctx);
    });
};

async function runDiff(before: string, after: string, flags: DiffFlags, ctx: CliContext): Promise<number> {
  const opts = {
    ignore: flags.ignore.map((s) => parseIgnoreSpec(s)),
    defaultIgnores: flags.defaultIgnores,
  };
  const load = async (spec: string) => {
    const opened = await openInput(spec, {
      stdin: ctx.stdin,
      timeoutMs: flags.timeout,
      headers: flags.header,
      maxBytes: flags.maxBytes,
    });
    const a = await analyzeDump(opened.chunks, { ...opts, source: opened.source, maxBytes: flags.maxBytes });
    for (const w of a.info.warnings.slice(0, 3)) ctx.stderr.write(`warning: ${w}\n`);
    return a;
  };
  // URLs are fetched now; files carry their time in a capture name (goroutine_<unix>.txt) or in the profile.
  const timeOf = (spec: string) => {
    if (isUrl(spec)) return new Date();
    const t = spec === '-' ? undefined : stampFromName(spec);
    return t === undefined ? undefined : new Date(t);
  };
  const bt = timeOf(before);
  const b = await load(before);
  const at = timeOf(after);
  const a = await load(after);
  const d = diffAnalyses(b, a, { ...(bt ? { beforeTime: bt } : {}), ...(at ? { afterTime: at } : {}) });

  const color = flags.color ?? (ctx.stdout.isTTY === true && !ctx.env.NO_COLOR && !flags.output);
  const report = renderDiff(d, flags.format, { color, top: flags.top, all: flags.all, pretty: flags.pretty });
  await writeReport(report, flags.output, ctx);
  const limit = flags.failOnGrowth;
  if (limit !== undefined && d.entries.some((e) => !e.ignored && e.delta >= limit)) return EXIT.findings;
  return EXIT.ok;
}
