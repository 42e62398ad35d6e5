// `goroutine-guard test`: plan the overlay, run `go test -overlay=…` with go's output streaming through
// unchanged, then report leaks per test. Processes, signals, output, environment, the working and temp directories
// and the clock come in through `GoTestIO`, so tests drive a real go toolchain with their own streams; files (the
// overlay, the results the harness writes, the JUnit report) are read and written directly under those directories.

import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { compareText, GuardError } from '../core/index.js';
import { parseGoTestArgs, isFileList, type GoTestArgs } from './goargs.js';
import { goEnv, goVersionParts, type GoEnv, type ListedPackage } from './golist.js';
import { listPackages } from './listcache.js';
import { ENV_OUT, ENV_PARENT, type HarnessRecord } from './harness.js';
import { ignoreRules } from './ignore.js';
import { parseTestEvents, type TestEvents } from './events.js';
import type { GoTestOptions, LeakProfileMode } from './options.js';
import { overlayJson, planOverlay, type OverlayPlan } from './plan.js';
import { jsonEvents, summaryText, testLeakText, type RunSummary } from './report.js';
import { GoJsonFilter, type LeakLines } from './jsonstream.js';
import { packageReport, readRecords, type PackageReport } from './results.js';
import { GoOutputFilter, type LeakVerdict } from './stream.js';
import { userTraceFile } from './tracetext.js';
import type { GoExec, GoTestProcess } from '../core/index.js';
import {
  createWorkspace,
  sweepStaleWorkspaces,
  writePlan,
  type SignalSource,
  type StopSignal,
  type Workspace,
} from './workspace.js';

export interface GoTestIO {
  exec: GoExec;
  signals: SignalSource;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Parent of the run's temp directory (default: $TMPDIR of `env`, else the OS temp dir). */
  tmpRoot?: string;
  now?: () => Date;
}

export interface GoTestResult {
  exitCode: number;
  /** go test's own exit code (128+n when killed by signal n). */
  goExitCode: number;
  summary: RunSummary;
  /** Why leak checking was skipped, when it was. */
  skippedReason?: string;
  interrupted?: StopSignal;
}

const SIGNAL_EXIT: Record<StopSignal, number> = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 };

/** go's ways of saying there is no go.mod (go list fails, or lists `./...` with this package error). */
const NO_MODULE = /go\.mod file not found|does not contain main module|cannot find main module/;

function notInModule(cwd: string): GuardError {
  return new GuardError(
    'usage',
    cwd,
    'not inside a Go module (no go.mod here or in a parent directory)',
    {},
    'to run in a module (or `go mod init <path>` first)',
  );
}

export async function runGoTest(opts: GoTestOptions, io: GoTestIO): Promise<GoTestResult> {
  // Subscribed for the whole run: a Ctrl-C while planning must still remove the temp dir.
  const stops = new Interrupts(io.signals);
  try {
    return await runWith(opts, io, stops);
  } finally {
    stops.close();
  }
}

async function runWith(given: GoTestOptions, io: GoTestIO, stops: Interrupts): Promise<GoTestResult> {
  const args = parseGoTestArgs(given.goArgs);
  // `-json` for go test means a JSON stream: leak events must not be text in the middle of it.
  const opts = args.json && !given.json ? { ...given, json: true } : given;
  const env: NodeJS.ProcessEnv = { ...io.env };
  delete env[ENV_PARENT];
  delete env[ENV_OUT];
  const emptySummary: RunSummary = { packages: [], notChecked: [], settleMs: opts.settleMs };
  const skipReason = args.noRun
    ? `${args.noRun} runs no tests`
    : args.fuzz
      ? '-fuzz sessions are not leak-checked'
      : isFileList(args.packages)
        ? 'go test with .go file arguments is not supported'
        : undefined;
  if (skipReason) {
    io.stderr.write(`goroutine-guard: ${skipReason}; running go test without leak checks\n`);
    const code = await runGo(io, opts, args, env, stops, undefined, undefined);
    return { exitCode: code.exit, goExitCode: code.exit, summary: emptySummary, skippedReason: skipReason };
  }

  const tmpRoot = io.tmpRoot ?? (io.env.TMPDIR || tmpdir());
  sweepStaleWorkspaces(tmpRoot);
  const userOverlay = readUserOverlay(args, io.cwd);
  let listed: ListedPackage[];
  let toolchain: GoEnv | undefined;
  try {
    // `go env` only when the toolchain version decides something before the build (GOEXPERIMENT for
    // --leak-profile on); otherwise the harness reports version and GOROOT itself, one process less per run.
    [toolchain, listed] = await Promise.all([
      opts.leakProfile === 'on' ? goEnv(io.exec, opts.goBin, io.cwd, env) : undefined,
      listPackages({
        exec: io.exec,
        goBin: opts.goBin,
        cwd: io.cwd,
        env,
        flags: args.listFlags,
        patterns: args.packages,
      }).then((a) => a.listed),
    ]);
  } catch (e) {
    // Outside a module go test can only fail, in several mixed messages: say it once, exit 2.
    if (e instanceof GuardError && e.kind !== 'io' && NO_MODULE.test(e.message)) throw notInModule(io.cwd);
    if (!(e instanceof GuardError) || e.kind === 'io') throw e;
    // go test will say the same thing in its own words; pass it through.
    io.stderr.write(`goroutine-guard: ${e.message}; running go test without leak checks\n`);
    const code = await runGo(io, opts, args, env, stops, undefined, undefined);
    return { exitCode: code.exit, goExitCode: code.exit, summary: emptySummary, skippedReason: e.message };
  }

  if (listed.some((p) => p.error && NO_MODULE.test(p.error))) throw notInModule(io.cwd);

  // 'auto' needs no version: the harness uses the goroutineleak profile whenever the runtime registers it.
  const leak = toolchain
    ? leakProfilePlan(opts.leakProfile, toolchain.version, toolchain.goexperiment)
    : leakProfilePlan(opts.leakProfile, 'go1.27', '');
  if (leak.note) io.stderr.write(`goroutine-guard: ${leak.note}\n`);
  const rules = ignoreRules(opts);
  const readSource = (p: string) => readFileSync(userOverlay[p] ?? p, 'utf8');
  const plan = planOverlay(listed, readSource, { settleMs: opts.settleMs, useLeakProfile: leak.use, rules });

  // go test takes -trace with one package only (it exits 1 on several): trace only then, and say so otherwise.
  const traced = opts.trace ? listed.filter((p) => !p.error) : [];
  if (opts.trace && (traced.length !== 1 || listed.length !== 1)) {
    io.stderr.write(
      `goroutine-guard: --trace needs exactly one package (go test -trace refuses several), got ${listed.length}; ` +
        'running without a trace\n',
    );
  }
  const ws = createWorkspace(tmpRoot);
  // The user's own -trace file is the one to read (go test writes it relative to the working directory).
  const userTrace = userTraceFile(args.passThrough);
  const tracePath =
    opts.trace && traced.length === 1 && listed.length === 1
      ? userTrace
        ? resolve(io.cwd, userTrace)
        : join(ws.dir, 'trace.out')
      : undefined;
  try {
    writePlan(ws, plan, overlayJson(plan, ws.dir, userOverlay));
    env[ENV_OUT] = ws.outDir;
    env.GODEBUG = withAncestors(env.GODEBUG, opts.ancestors);
    if (leak.experiment)
      env.GOEXPERIMENT = env.GOEXPERIMENT ? `${env.GOEXPERIMENT},${leak.experiment}` : leak.experiment;
    // One analysis per harness record, shared by the `ok` → `FAIL` marking while go test runs and the report after.
    const reports = new Map<string, Promise<PackageReport>>();
    const reportFor = (r: HarnessRecord): Promise<PackageReport> => {
      const key = `${r.pid}:${r.importPath}`;
      let p = reports.get(key);
      if (!p) {
        const goroot = toolchain?.goroot || r.goroot || '';
        const displayPath = displayPathFn(io.cwd, { goroot, gomodcache: toolchain?.gomodcache ?? '' });
        p = packageReport(ws.outDir, r, rules, { goroot, displayPath });
        reports.set(key, p);
      }
      return p;
    };
    const verdict = async (importPath: string): Promise<number | undefined> => {
      const mine = readRecords(ws.outDir).filter((r) => r.importPath === importPath);
      if (mine.length === 0) return undefined;
      return (await Promise.all(mine.map(reportFor))).reduce((n, p) => n + p.leaked, 0);
    };
    const leakLines: LeakLines = async (importPath) => {
      const mine = readRecords(ws.outDir).filter((r) => r.importPath === importPath);
      const displayPath = displayPathFn(io.cwd, {
        goroot: toolchain?.goroot || mine[0]?.goroot || '',
        gomodcache: toolchain?.gomodcache ?? '',
      });
      const tests = (await Promise.all(mine.map(reportFor))).flatMap((p) => p.tests);
      return tests.flatMap((t) => testLeakText(t, { stacks: false, displayPath }).split('\n'));
    };
    const go = await runGo(io, opts, args, env, stops, ws, plan, verdict, leakLines, userTrace ? undefined : tracePath);
    if (go.interrupted || stops.signal) {
      return {
        exitCode: SIGNAL_EXIT[(go.interrupted ?? stops.signal)!],
        goExitCode: go.exit,
        summary: emptySummary,
        interrupted: (go.interrupted ?? stops.signal)!,
      };
    }
    const records = readRecords(ws.outDir);
    const goroot = toolchain?.goroot || records.find((r) => r.goroot)?.goroot || '';
    const displayPath = displayPathFn(io.cwd, { goroot, gomodcache: toolchain?.gomodcache ?? '' });
    const summary = await collect(records, plan, opts, io, reportFor);
    if (tracePath)
      // Loaded only with --trace, like the trace analysis it calls.
      summary.trace = await (
        await import('./trace.js')
      ).traceResult(tracePath, traced[0]!.importPath, summary.packages, io.env, displayPath, opts.settleMs);
    await report(summary, opts, io, go.events, displayPath);
    const leaked = summary.packages.reduce((a, p) => a + p.leaked, 0);
    return { exitCode: go.exit !== 0 ? go.exit : leaked > 0 ? 1 : 0, goExitCode: go.exit, summary };
  } finally {
    if (opts.keepTemp) {
      ws.keep();
      io.stderr.write(`goroutine-guard: kept ${ws.dir}\n`);
    } else {
      ws.remove();
    }
  }
}

/** Whether to read the goroutineleak profile, and the GOEXPERIMENT needed for it. */
export function leakProfilePlan(
  mode: LeakProfileMode,
  version: string,
  goexperiment: string,
): { use: boolean; experiment?: string; note?: string } {
  if (mode === 'off') return { use: false };
  const v = goVersionParts(version);
  const enabled = goexperiment.split(',').includes('goroutineleakprofile');
  if (!v || v[0] > 1 || v[1] >= 27 || enabled) return { use: true };
  if (v[1] === 26) return mode === 'on' ? { use: true, experiment: 'goroutineleakprofile' } : { use: false };
  return mode === 'on'
    ? { use: false, note: `${version} has no goroutineleak profile (needs Go ≥ 1.26)` }
    : { use: false };
}

/** GODEBUG with tracebackancestors at least `n` (the last setting of a key wins at startup). */
export function withAncestors(godebug: string | undefined, n: number): string {
  const current = /(?:^|,)tracebackancestors=(\d+)/.exec(godebug ?? '');
  if (current && Number(current[1]) >= n) return godebug!;
  return godebug ? `${godebug},tracebackancestors=${n}` : `tracebackancestors=${n}`;
}

interface GoRun {
  exit: number;
  interrupted?: StopSignal;
  events: TestEvents;
}

async function runGo(
  io: GoTestIO,
  opts: GoTestOptions,
  args: GoTestArgs,
  env: NodeJS.ProcessEnv,
  stops: Interrupts,
  ws: Workspace | undefined,
  plan: OverlayPlan | undefined,
  verdict?: LeakVerdict,
  leakLines?: LeakLines,
  tracePath?: string,
): Promise<GoRun> {
  const events = parseTestEvents();
  if (stops.signal) return { exit: SIGNAL_EXIT[stops.signal], interrupted: stops.signal, events };
  const goArgs = ['test'];
  if (ws && plan && plan.files.length > 0) goArgs.push(`-overlay=${ws.overlayPath}`);
  else if (args.overlay) goArgs.push(`-overlay=${args.overlay}`);
  const json = opts.json || args.json;
  if (opts.json && !args.json) goArgs.push('-json');
  // go test replays cached results without running the binary, so there would be no dump to check.
  if (ws && !args.count) goArgs.push('-count=1');
  if (tracePath) goArgs.push(`-trace=${tracePath}`);
  goArgs.push(...args.passThrough);
  // Output goes through a filter: text has harness frames hidden and leaking packages marked FAIL; -json events of a
  // leaking package say fail too (jsonstream.ts), everything else in the stream passes as is.
  const write = (t: string) => io.stdout.write(t);
  const filter = !verdict
    ? undefined
    : json
      ? new GoJsonFilter(write, verdict, leakLines)
      : new GoOutputFilter(write, verdict);
  const child = io.exec.start(opts.goBin, goArgs, {
    cwd: io.cwd,
    env,
    onStdout: (chunk) => {
      if (filter) filter.push(chunk);
      else io.stdout.write(chunk);
      if (json) events.push(chunk);
    },
    onStderr: (chunk) => io.stderr.write(chunk),
  });
  stops.attach(child);
  try {
    const exit = await child.exited;
    await filter?.end();
    return stops.signal ? { exit, interrupted: stops.signal, events } : { exit, events };
  } finally {
    stops.detach();
  }
}

/** Stop signals for one run, forwarded to the go test process group while it runs. */
class Interrupts {
  signal: StopSignal | undefined;
  private child: GoTestProcess | undefined;
  private readonly off: () => void;

  constructor(source: SignalSource) {
    this.off = source.subscribe((sig) => this.received(sig));
  }

  attach(child: GoTestProcess): void {
    this.child = child;
    if (this.signal) this.received(this.signal);
  }

  detach(): void {
    this.child = undefined;
  }

  close(): void {
    this.off();
  }

  private received(sig: StopSignal): void {
    this.signal ??= sig;
    const child = this.child;
    if (!child) return;
    child.signal(sig);
    // A test that ignores the signal must not keep the run (and the temp dir) alive forever.
    setTimeout(() => child.signal('SIGKILL'), 5000).unref();
  }
}

async function collect(
  records: HarnessRecord[],
  plan: OverlayPlan,
  opts: GoTestOptions,
  io: GoTestIO,
  reportFor: (r: HarnessRecord) => Promise<PackageReport>,
): Promise<RunSummary> {
  const packages: PackageReport[] = [];
  for (const r of records) {
    const p = await reportFor(r);
    for (const w of p.warnings) io.stderr.write(`goroutine-guard: ${p.importPath}: ${w}\n`);
    packages.push(p);
  }
  packages.sort((a, b) => compareText(a.importPath, b.importPath));
  const seen = new Set(records.map((r) => r.importPath));
  const notChecked = plan.packages.map((p) => p.importPath).filter((p) => !seen.has(p));
  return { packages, notChecked, settleMs: opts.settleMs };
}

async function report(
  summary: RunSummary,
  opts: GoTestOptions,
  io: GoTestIO,
  events: TestEvents,
  displayPath: (file: string) => string,
): Promise<void> {
  const text = { stacks: opts.stacks, displayPath };
  if (opts.json) {
    for (const line of jsonEvents(summary, text, io.now)) io.stdout.write(`${line}\n`);
  } else {
    io.stdout.write(summaryText(summary, text));
  }
  if (opts.junit) {
    const path = isAbsolute(opts.junit) ? opts.junit : `${io.cwd}/${opts.junit}`;
    // Loaded only when asked for: the report renderers are a fifth of the test command's start-up.
    const { leakJUnit } = await import('./junit.js');
    try {
      writeFileSync(path, leakJUnit(summary, events.results(), io.now?.() ?? new Date()));
    } catch (e) {
      throw new GuardError('io', path, `cannot write the JUnit report: ${(e as Error).message}`);
    }
  }
}

/** Paths as people read them: relative inside the working directory, `$GOROOT/…` and `module@v/…` otherwise. */
export function displayPathFn(cwd: string, env: Pick<GoEnv, 'goroot' | 'gomodcache'>): (file: string) => string {
  return (file) => {
    if (!isAbsolute(file)) return file;
    if (env.goroot && file.startsWith(`${env.goroot}/`)) return `$GOROOT/${file.slice(env.goroot.length + 1)}`;
    if (env.gomodcache && file.startsWith(`${env.gomodcache}/`)) return file.slice(env.gomodcache.length + 1);
    const mod = file.indexOf('/pkg/mod/'); // the default GOMODCACHE layout, when go env was not asked
    if (!env.gomodcache && mod >= 0) return file.slice(mod + '/pkg/mod/'.length);
    const rel = relative(cwd, file);
    return rel.startsWith('..') ? file : rel;
  };
}

function readUserOverlay(args: GoTestArgs, cwd: string): Record<string, string> {
  if (!args.overlay) return {};
  const path = isAbsolute(args.overlay) ? args.overlay : `${cwd}/${args.overlay}`;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new GuardError('io', path, `cannot read -overlay file: ${(e as Error).message}`);
  }
  try {
    const j = JSON.parse(text) as { Replace?: Record<string, string> };
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(j.Replace ?? {})) out[isAbsolute(k) ? k : `${cwd}/${k}`] = v;
    return out;
  } catch (e) {
    throw new GuardError('bad-syntax', path, (e as Error).message, {}, 'an -overlay JSON file {"Replace": {…}}');
  }
}
