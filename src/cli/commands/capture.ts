// `goroutine-guard capture <base-url>`: save timestamped goroutine (and goroutineleak) profiles from a live
// /debug/pprof/ endpoint into a directory with an index, printing progress on stderr.

import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { Option } from 'commander';

import { GuardError } from '../../core/index.js';
import { capture, fetchTrace, type CaptureEvent, type DebugLevel, type HttpOptions } from '../../io/index.js';
import { EXIT, type CliContext, type RegisterCommand } from '../context.js';
import { choice, durationOption, headerOption, intOption, sizeOption } from '../options.js';
import { SUMMARY } from './summary.js';

export function debugOption(v: string): DebugLevel {
  return Number(choice('--debug', ['0', '1', '2'] as const)(v)) as DebugLevel;
}

/** TLS, header, timeout and size flags shared by every command that talks to a pprof endpoint. */
export interface HttpFlags {
  timeout: number;
  /** Unset: the HTTP default (512 MiB). */
  maxBytes?: number;
  header?: Record<string, string>;
  insecure: boolean;
  cacert?: string;
}

export async function httpOptionsFrom(flags: HttpFlags): Promise<HttpOptions> {
  const o: HttpOptions = {
    timeoutMs: flags.timeout,
    maxBytes: flags.maxBytes,
    headers: flags.header ?? {},
    insecure: flags.insecure,
  };
  if (flags.cacert) {
    try {
      o.ca = await readFile(flags.cacert);
    } catch (e) {
      throw new GuardError('io', flags.cacert, `cannot read the CA file: ${(e as Error).message}`);
    }
  }
  return o;
}

/** A line printer for capture progress on stderr. */
/** Progress on stderr; `keeps` false (a series from a URL without --out) leaves out names of files that vanish. */
export function progressPrinter(ctx: CliContext, quiet = false, keeps = true): (e: CaptureEvent) => void {
  return (e) => {
    if (quiet) return;
    if (e.type === 'note') {
      ctx.stderr.write(`${e.message}\n`);
      return;
    }
    const x = e.entry;
    const head = `[${e.n}/${e.samples}] ${x.profile.padEnd(13)}`;
    if (x.error) ctx.stderr.write(`${head} FAILED: ${x.error}\n`);
    else ctx.stderr.write(`${head} ${keeps ? `${x.file} ` : ''}${kib(x.bytes ?? 0)} in ${x.ms ?? 0} ms\n`);
  };
}

function kib(n: number): string {
  return n < 1024 ? `${n} B` : n < 1024 ** 2 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1024 ** 2).toFixed(1)} MiB`;
}

interface CaptureFlags extends HttpFlags {
  out: string;
  samples: number;
  interval: number;
  debug: DebugLevel;
  leakProfile: boolean;
  quiet: boolean;
  /** `--trace 5s`: fetch an execution trace of this many ms instead of goroutine profiles. */
  trace?: number;
}

export const register: RegisterCommand = (program, ctx) => {
  program
    .command('capture')
    .description(SUMMARY.capture.description)
    .argument('<base-url>', 'the /debug/pprof/ URL, e.g. http://127.0.0.1:6060/debug/pprof/')
    .option('-o, --out <dir>', 'directory for the profiles and index.json', 'goroutine-capture')
    .option('-n, --samples <n>', 'number of samples', intOption('--samples', 1), 1)
    .addOption(
      new Option('-i, --interval <duration>', 'time between samples').argParser(durationOption).default(30_000, '30s'),
    )
    .option(
      '--debug <level>',
      'goroutine profile format: 0 (protobuf), 1 (counts), 2 (full tracebacks)',
      debugOption,
      0,
    )
    .option('--no-leak-profile', 'do not fetch the goroutineleak profile')
    .addOption(
      new Option('--timeout <duration>', 'timeout for each whole response')
        .argParser(durationOption)
        .default(30_000, '30s'),
    )
    .addOption(
      new Option('--max-bytes <size>', 'response size cap').argParser(sizeOption).default(512 * 1024 * 1024, '512MiB'),
    )
    .option('-H, --header <header>', 'HTTP header, "Name: value" (repeatable)', headerOption)
    .option('--insecure', 'do not verify the TLS certificate', false)
    .option('--cacert <file>', 'trust this PEM CA certificate for TLS')
    .option('-q, --quiet', 'no progress output', false)
    .addOption(
      new Option(
        '--trace <duration>',
        'save an execution trace of this long (/debug/pprof/trace?seconds=N) instead of goroutine profiles',
      ).argParser(durationOption),
    )
    .action(async (url: string, flags: CaptureFlags) => {
      ctx.exitCode = await runCapture(url, flags, ctx);
    });
};

async function runCapture(url: string, flags: CaptureFlags, ctx: CliContext): Promise<number> {
  if (flags.trace !== undefined) return captureTrace(url, flags, ctx);
  const stop = new AbortController();
  const onSigint = () => stop.abort();
  process.once('SIGINT', onSigint);
  try {
    const r = await capture(
      {
        url,
        outDir: flags.out,
        samples: flags.samples,
        intervalMs: flags.interval,
        debug: flags.debug,
        leakProfile: flags.leakProfile,
        http: await httpOptionsFrom(flags),
      },
      { onEvent: progressPrinter(ctx, flags.quiet), signal: stop.signal },
    );
    const failed = r.failed ? `, ${r.failed} failed` : '';
    ctx.stderr.write(`${r.ok} sample${r.ok === 1 ? '' : 's'} written to ${r.dir}${failed} (index: ${r.indexFile})\n`);
    return EXIT.ok;
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
}

/** `capture --trace 5s`: one trace file in the output directory, named by the time it was taken. */
async function captureTrace(url: string, flags: CaptureFlags, ctx: CliContext): Promise<number> {
  await mkdir(flags.out, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const file = path.join(flags.out, `trace-${stamp}.out`);
  if (!flags.quiet) ctx.stderr.write(`tracing ${url} for ${Math.max(1, Math.round(flags.trace! / 1000))}s…\n`);
  const n = await fetchTrace(url, flags.trace!, file, await httpOptionsFrom(flags));
  ctx.stderr.write(`trace written to ${file} (${kib(n)}); read it with: goroutine-guard analyze ${file}\n`);
  return EXIT.ok;
}
