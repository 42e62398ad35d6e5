// Series mode of `goroutine-guard analyze`: several dumps of one process (a capture directory, a list of files, or
// a live URL sampled --samples times) → growth per stack, confirmed leaks, concentration, the rate rule.

import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Option, type Command } from 'commander';

import { type SeriesAnalysis, type SeriesOptions, analyzeSeries, type AnalyzeOptions } from '../../analysis/index.js';
import { GuardError } from '../../core/index.js';
import type { ParseOptions } from '../../profile/index.js';
import {
  capture,
  profileBase,
  redactUrl,
  type DebugLevel,
  isUrl,
  resolveUrl,
  seriesFromPaths,
} from '../../io/index.js';
import type { CliContext } from '../context.js';
import { durationOption, intOption, sizeOption } from '../options.js';
import { debugOption, httpOptionsFrom, progressPrinter, type HttpFlags } from './capture.js';
import { safeTerminal } from '../../core/index.js';

export interface SeriesFlags extends HttpFlags {
  samples?: number;
  interval: number;
  out?: string;
  debug?: DebugLevel;
  rate: number;
  periods: number;
  alpha: number;
  quiet: boolean;
}

function probability(v: string): number {
  const n = Number(v);
  if (!(n > 0 && n < 1)) throw new GuardError('usage', '--alpha', `must be between 0 and 1, got "${v}"`);
  return n;
}

/** The flags only the series mode reads. */
export function addSeriesOptions(cmd: Command): Command {
  return cmd
    .option('-n, --samples <n>', 'series from a URL: take n samples (≥ 2)', intOption('--samples', 1))
    .addOption(
      new Option('-i, --interval <duration>', 'series from a URL: time between samples')
        .argParser(durationOption)
        .default(30_000, '30s'),
    )
    .option('--out <dir>', 'series from a URL: keep the captured profiles (and index.json) in this directory')
    .option('--debug <level>', 'series from a URL: profile format 0, 1 or 2 (default: the URL’s, else 2)', debugOption)
    .option('--rate <n>', 'growth rate rule: goroutines per second', intOption('--rate', 1), 50)
    .option('--periods <n>', 'growth rate rule: consecutive periods above --rate', intOption('--periods', 1), 3)
    .option('--alpha <p>', 'significance of the per-stack trend test', probability, 0.01)
    .addOption(
      new Option(
        '--max-bytes <size>',
        'input size cap: the decompressed dump (default 2GiB; protobuf and zip 256MiB) and an HTTP response ' +
          '(default 2GiB, 512MiB per series sample)',
      ).argParser(sizeOption),
    )
    .option('--insecure', 'series from a URL: do not verify the TLS certificate', false)
    .option('--cacert <file>', 'series from a URL: trust this PEM CA certificate')
    .option('-q, --quiet', 'series from a URL: no capture progress', false);
}

/** Series mode: several inputs, a directory, or a URL with --samples ≥ 2. */
export async function isSeriesMode(inputs: readonly string[], flags: { samples?: number }): Promise<boolean> {
  if (inputs.length > 1) return true;
  const only = inputs[0]!;
  if (isUrl(only)) return (flags.samples ?? 1) > 1;
  if (flags.samples !== undefined) return true; // runSeries explains that --samples needs a URL
  if (only === '-') return false;
  return (await stat(only).catch(() => undefined))?.isDirectory() === true;
}

export async function runSeries(
  inputs: readonly string[],
  flags: SeriesFlags,
  analyzeOpts: AnalyzeOptions & { partialOk: boolean },
  ctx: CliContext,
): Promise<SeriesAnalysis> {
  const urls = inputs.filter(isUrl);
  if (inputs.includes('-')) throw new GuardError('usage', '-', 'stdin cannot be part of a series');
  if (urls.length && inputs.length > 1) {
    throw new GuardError('usage', urls[0]!, 'a series is one URL with --samples N, or dump files and directories');
  }
  if (!urls.length && flags.samples !== undefined) {
    throw new GuardError('usage', '--samples', 'applies to a URL; a directory or file list is already a series');
  }
  const opts: SeriesOptions & ParseOptions = {
    ...analyzeOpts,
    ...(flags.maxBytes !== undefined ? { maxBytes: flags.maxBytes } : {}),
    alpha: flags.alpha,
    rate: { perSecond: flags.rate, periods: flags.periods },
  };
  if (!urls.length) {
    const files = await seriesFromPaths(inputs);
    return analyzeSeries(files.inputs, opts);
  }
  const url = urls[0]!;
  const dir = flags.out ?? (await mkdtemp(path.join(tmpdir(), 'goroutine-guard-')));
  try {
    const fromUrl = resolveUrl(url).debug;
    const debug = flags.debug ?? (fromUrl === '0' || fromUrl === '1' ? (Number(fromUrl) as DebugLevel) : 2);
    await capture(
      {
        url,
        outDir: dir,
        samples: flags.samples ?? 2,
        intervalMs: flags.interval,
        debug,
        http: await httpOptionsFrom(flags),
      },
      { onEvent: progressPrinter(ctx, flags.quiet, flags.out !== undefined) },
    );
    const files = await seriesFromPaths([dir]);
    // Without --out the files are gone after the run: name samples by the endpoint and the capture name instead.
    const base = redactUrl(profileBase(url));
    const inputs = flags.out
      ? files.inputs
      : files.inputs.map((x) => ({ ...x, source: `${base} ${path.basename(x.source)}` }));
    return await analyzeSeries(inputs, opts);
  } finally {
    if (!flags.out) await rm(dir, { recursive: true, force: true });
  }
}

export async function writeReport(report: string, output: string | undefined, ctx: CliContext): Promise<void> {
  if (output) await writeFile(output, safeTerminal(report));
  else ctx.stdout.write(report);
}
