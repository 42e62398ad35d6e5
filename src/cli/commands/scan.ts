// `goroutine-guard scan [dirs|./...]`: static leak patterns in Go source. Text, JSON or SARIF out; exit 1 when a
// finding reaches --fail-on; config file, baseline and suppressions applied here at the edge.

import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { loadConfig, GuardError, VERSION } from '../../core/index.js';
import type { Finding, Severity } from '../../model/index.js';
// The light entries: a scan served from the result cache loads no rule module, parser or dump renderer.
import { jsonReport, renderStaticText } from '../../report/scan-entry.js';
import {
  baselineFileFor,
  failOnFor,
  failsAt,
  loadBaseline,
  makeBaseline,
  noGoFilesError,
  scanOptionsFor,
  suppress,
  scanWithEngine,
  scanCacheDir,
  type EngineChoice,
  type EngineReport,
} from '../../static/scan-entry.js';
import { PRETTY_HELP, scanChoices, readOrNull } from '../options.js';
import { progress } from '../progress.js';
import { EXIT, type CliContext, type RegisterCommand } from '../context.js';
import { safeTerminal } from '../../core/index.js';
import { SUMMARY } from './summary.js';

interface ScanFlags {
  format: 'text' | 'json' | 'sarif';
  rules?: string;
  disable?: string;
  failOn?: Severity | 'none';
  includeTests?: boolean;
  includeGenerated?: boolean;
  go?: string;
  config?: string;
  baseline?: string;
  writeBaseline?: string;
  output?: string;
  threads?: string;
  explain?: boolean;
  engine: EngineChoice;
  cache: boolean;
  pretty: boolean;
}

export const register: RegisterCommand = (program: Command, ctx: CliContext) => {
  program
    .command('scan')
    .description(SUMMARY.scan.description)
    .argument('[paths...]', 'directories (dir = one package, dir/... = recursive) or .go files', ['./...'])
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json', 'sarif']).default('text'))
    .option('--pretty', PRETTY_HELP, false)
    .option('--rules <ids>', 'only these rules, comma-separated (e.g. GG001,GG002)')
    .option('--disable <ids>', 'turn these rules off, comma-separated')
    .addOption(
      new Option('--fail-on <severity>', 'exit 1 when a finding is at least this severe (default: warning)').choices([
        'error',
        'warning',
        'note',
        'none',
      ]),
    )
    .option('--include-tests', 'also scan _test.go files')
    .option('--include-generated', 'also scan generated files (// Code generated … DO NOT EDIT.)')
    .option('--go <version>', 'assume this go.mod version (e.g. 1.21) instead of reading go.mod')
    .option('--config <file>', 'config file (default: goroutine-guard.yaml/.yml/.json in the working directory)')
    .option('--baseline <file>', 'hide findings recorded in this baseline file')
    .option('--write-baseline <file>', 'record the current findings as a baseline and exit 0')
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option('--threads <n>', 'worker threads for parsing (0 = none; default: one per CPU)')
    .option('--explain', "print each finding's explanation in text output")
    .addOption(
      new Option('--engine <engine>', 'deep = types and call graph via Go (GG016–GG020 too); fast = source only')
        .choices(['auto', 'deep', 'fast'])
        .default('auto'),
    )
    .option('--no-cache', 'analyse every package again instead of reusing results of unchanged files')
    .action(async (paths: string[], flags: ScanFlags) => {
      ctx.exitCode = await runScan(paths, flags, ctx);
    });
};

async function runScan(paths: string[], flags: ScanFlags, ctx: CliContext): Promise<number> {
  const started = Date.now();
  const config = await loadConfig(ctx.cwd, { readFile: readOrNull }, flags.config);
  const threads = flags.threads === undefined ? undefined : Number(flags.threads);
  if (threads !== undefined && !(Number.isInteger(threads) && threads >= 0)) {
    throw new GuardError('usage', '--threads', `"${flags.threads}" is not a number of threads`, {}, '0 or more');
  }
  const choices = scanChoices(flags);

  let bar: ReturnType<typeof progress> | null = null;
  let seen = 0;
  const result = await scanWithEngine(paths, {
    ...scanOptionsFor(config, choices, ctx.cwd),
    engine: flags.engine,
    ...(flags.cache ? { cacheDir: scanCacheDir(ctx.env) } : {}),
    deep: {
      env: ctx.env,
      onStatus: (line) => {
        if (ctx.stderr.isTTY) ctx.stderr.write(`goroutine-guard: ${line}\n`);
      },
    },
    ...(threads !== undefined ? { threads } : {}),
    onProgress: (done, total) => {
      bar ??= progress(ctx.stderr, { total, label: 'scan' });
      bar.tick(done - seen);
      seen = done;
    },
  });
  (bar as ReturnType<typeof progress> | null)?.done();
  // A typo in CI (`scan ./srv/...` for ./svc) must not pass as "0 findings".
  if (result.files === 0) throw noGoFilesError(paths);

  if (flags.writeBaseline) {
    const { findings } = suppress(result.findings, config);
    await writeFile(path.resolve(ctx.cwd, flags.writeBaseline), `${JSON.stringify(makeBaseline(findings), null, 2)}\n`);
    ctx.stderr.write(`goroutine-guard: wrote ${findings.length} findings to ${flags.writeBaseline}\n`);
    return EXIT.ok;
  }
  const baselineFile = baselineFileFor(config, choices, ctx.cwd);
  const baseline = baselineFile
    ? await loadBaseline(baselineFile, readOrNull, flags.baseline ?? baselineFile)
    : undefined;
  const { findings, baselined } = suppress(result.findings, config, baseline);

  const report = await render(findings, flags.format, {
    files: result.files,
    lines: result.lines,
    packages: result.packages,
    warnings: result.warnings,
    baselined,
    ms: Date.now() - started,
    color: !flags.output && ctx.stdout.isTTY === true && !ctx.env.NO_COLOR,
    explain: flags.explain ?? false,
    cwd: ctx.cwd,
    engine: result.engine,
    pretty: flags.pretty,
  });
  if (flags.output) await writeFile(path.resolve(ctx.cwd, flags.output), safeTerminal(report));
  else ctx.stdout.write(report);
  if (flags.format !== 'text') for (const w of result.warnings) ctx.stderr.write(`goroutine-guard: warning: ${w}\n`);

  return failsAt(findings, failOnFor(config, choices)) ? EXIT.findings : EXIT.ok;
}

interface RenderInfo {
  files: number;
  lines: number;
  packages: number;
  warnings: string[];
  baselined: number;
  ms: number;
  color: boolean;
  explain: boolean;
  cwd: string;
  engine: EngineReport;
  pretty: boolean;
}

async function render(findings: Finding[], format: ScanFlags['format'], info: RenderInfo): Promise<string> {
  if (format === 'sarif') {
    const [{ renderSarif }, { sarifRules }] = await Promise.all([
      import('../../report/index.js'),
      import('../../static/index.js'),
    ]);
    return renderSarif(findings, {
      toolName: 'goroutine-guard',
      toolVersion: VERSION,
      srcRoot: info.cwd,
      rules: sarifRules(),
      properties: { engine: info.engine },
    });
  }
  if (format === 'json') {
    const { files, lines, packages, warnings, baselined } = info;
    const { engine } = info;
    const doc = {
      tool: 'goroutine-guard',
      version: VERSION,
      engine,
      files,
      lines,
      packages,
      baselined,
      warnings,
      findings,
    };
    return jsonReport(doc, { pretty: info.pretty });
  }
  const e = info.engine;
  const engineLine = `engine: ${e.used === 'deep' ? 'deep (types + call graph) and fast' : 'fast (source only)'} — ${e.reason}${cacheNote(e)}\n`;
  return renderStaticText(findings, info, { color: info.color, explain: info.explain }) + engineLine;
}

/** `; cached: 40 of 42 packages, deep result` — what the result cache supplied, when it supplied anything. */
function cacheNote(e: EngineReport): string {
  const c = e.cache;
  if (!c || (c.packagesFromCache === 0 && c.deep !== 'cached')) return '';
  const parts = [`${c.packagesFromCache} of ${c.packages} packages`];
  if (c.deep === 'cached') parts.push('the deep result');
  return `; from the cache: ${parts.join(', ')}`;
}
