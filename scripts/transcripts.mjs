#!/usr/bin/env node
// Transcripts in README.md and docs/ come from real runs, so they cannot drift from what the CLI prints.
//
// A transcript in a Markdown file sits between markers:
//
//   <!-- transcript:NAME -->
//   ```
//   $ npx goroutine-guard …
//   …output…
//   ```
//   <!-- /transcript -->
//
// `node scripts/transcripts.mjs` runs every transcript's command and rewrites the text between its markers;
// `node scripts/transcripts.mjs --check` only compares and exits 1 naming the stale ones (test/project/
// transcripts.test.ts does the same). Live transcripts (watch --once, check against a running service, a capture
// series) build real Go services from testdata, start them on free 127.0.0.1 ports and drive them with a fixed load
// (scripts/transcript-services.mjs), so their goroutine counts are the same on every run. The comparison normalises
// what differs from run to run and nothing else: 127.0.0.1 ports, ISO timestamps, elapsed seconds (also go test's
// per package), the Go version, a series' duration and the rates that follow from it, capture file names (unix
// times) and sample sizes and fetch times, a parked share, and the few non-leaking goroutines whose state (running, runnable, IO wait, sleep)
// depends on scheduling, and scan's note of what came from its result cache. Needs `npm run build` (dist/) and Go.
import { spawn } from 'node:child_process';
import { setTimeout, clearTimeout } from 'node:timers';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { captureInLockstep, get, settle, startHookSink, startService } from './transcript-services.mjs';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'goroutine-guard.js');

/** Builds a live transcript's steps: starts what it needs (stopped by `ctx.cleanup`), returns the commands to show. */
const live = {
  /** testdata/go/watch/watchsvc leaking 1030 goroutines on a channel and 4 the GC can prove leaked; a webhook sink. */
  async watchOnce(ctx) {
    const svc = await ctx.service({
      dir: 'testdata/go/watch',
      pkg: './watchsvc',
      args: ['-mode', 'leaky'],
      // Go 1.26 serves the goroutineleak profile with this experiment (Go ≥ 1.27 always does).
      env: { GOEXPERIMENT: 'goroutineleakprofile' },
    });
    await get(`http://${svc.addr}/leak?n=1030`);
    await get(`http://${svc.addr}/leak-forever?n=4`);
    await settle(svc.addr);
    const hook = await startHookSink();
    ctx.cleanup(hook.close);
    // Run where the temp dir is, so the history it keeps (.gguard/watch/) goes there.
    const args = [
      'watch',
      '--once',
      '--metrics',
      '/debug/vars',
      '--webhook',
      hook.url,
      `http://${svc.addr}/debug/pprof/`,
    ];
    return [{ args, cwd: ctx.tmp }];
  },
  /** testdata/go/check (the walkthrough's shop) after 20 lookups of unknown SKUs and 20 orders, checked live. */
  async checkLive(ctx) {
    const svc = await ctx.service({ dir: 'testdata/go/check' });
    for (let i = 1; i <= 20; i++) {
      await get(`http://${svc.addr}/price?sku=plum${i}`); // 504 after the 20 ms timeout; the lookup stays blocked
      await get(`http://${svc.addr}/order?sku=pear`);
    }
    await settle(svc.addr);
    return [{ args: ['check', '.', '--dump', `http://${svc.addr}/debug/pprof/`], cwd: 'testdata/go/check' }];
  },
  /** README: the series and the diff of its first and last sample, in short. */
  async leakyCapture() {
    const { dir, first, last } = await leakyCaptureOnce();
    return [
      { args: ['analyze', 'leaky-capture', '--top', '1'], cwd: dir },
      { args: ['diff', first, last, '--top', '2'], cwd: dir },
    ];
  },
  /** docs/capture-diff.md: the capture itself, 8 samples of testdata/go/servers/leaky after one load. */
  async leakyCaptureRun(ctx) {
    const svc = await ctx.service({ dir: 'testdata/go/servers/leaky' });
    const calls = [`http://${svc.addr}/search?n=401`];
    for (let i = 0; i < 10; i++) calls.push(`http://${svc.addr}/lookup`, `http://${svc.addr}/status`);
    await Promise.all(calls.map(get));
    await settle(svc.addr);
    const url = `http://${svc.addr}/debug/pprof/`;
    const args = ['capture', url, '--out', 'leaky-capture', '--samples', '8', '--interval', '1s', '--debug', '2'];
    return [{ args, cwd: ctx.tmp }];
  },
  /** docs/capture-diff.md: the same series analyzed, and the same diff, each in full. */
  async leakySeries() {
    const { dir } = await leakyCaptureOnce();
    return [{ args: ['analyze', 'leaky-capture', '--top', '3'], cwd: dir }];
  },
  async leakyDiff() {
    const { dir, first, last } = await leakyCaptureOnce();
    return [{ args: ['diff', first, last, '--top', '5'], cwd: dir }];
  },
};

let leakyCapture;
/**
 * testdata/go/servers/leaky captured 8 times (--debug 2) into leaky-capture/, one load before each sample: 10
 * /lookup (GG001), 10 /status (GG010: a persistConn pair each), one /search?n=401 (GG015: 400 replicas stay):
 * about 440 goroutines a period, so the growth rule (> 50/s) holds even when a busy machine stretches the 1 s
 * periods to 8 s. Made once per process and shared by the transcripts that show it (removed at exit).
 */
function leakyCaptureOnce() {
  leakyCapture ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gg-transcript-capture-'));
    process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
    const svc = await startService(ROOT, dir, { dir: 'testdata/go/servers/leaky' });
    try {
      const out = join(dir, 'leaky-capture');
      const base = `http://${svc.addr}`;
      const load = async () => {
        const calls = [`${base}/search?n=401`];
        for (let i = 0; i < 10; i++) calls.push(`${base}/lookup`, `${base}/status`);
        await Promise.all(calls.map(get));
      };
      const cli = (args) => runStep({ args, cwd: dir }, { quiet: true });
      await captureInLockstep(cli, {
        addr: svc.addr,
        url: `${base}/debug/pprof/`,
        out,
        samples: 8,
        intervalMs: 1000,
        load,
      });
      // In capture order: `goroutine_<sec>.txt`, then `goroutine_<sec>.<ms>.txt` for another sample in the same
      // second (by name, the later one would sort first).
      const order = (f) => {
        const m = /_(\d+)(?:\.(\d{3}))?(?:-(\d+))?\./.exec(f);
        return m ? Number(m[1]) * 1e6 + (m[2] === undefined ? -1 : Number(m[2])) * 1e2 + Number(m[3] ?? 0) : 0;
      };
      const files = readdirSync(out)
        .filter((f) => f.startsWith('goroutine_'))
        .sort((a, b) => order(a) - order(b));
      return { dir, first: `leaky-capture/${files[0]}`, last: `leaky-capture/${files.at(-1)}` };
    } finally {
      svc.stop();
    }
  })();
  return leakyCapture;
}

/**
 * name → where it lives and the command whose output it shows (`args` after `goroutine-guard`), or `live`: a
 * function that starts real services and returns the commands (several make one transcript).
 */
export const TRANSCRIPTS = {
  demo: { file: 'README.md', args: ['demo'], prompt: false },
  'scan-servers': { file: 'README.md', args: ['scan', './testdata/go/servers/...'], prompt: true },
  'gotest-leaks': {
    file: 'docs/gotest.md',
    args: ['test', '--no-stacks', './...'],
    prompt: true,
    cwd: 'testdata/gotest/leaks',
  },
  'test-leaks': {
    file: 'README.md',
    args: ['test', '--no-stacks', './...'],
    prompt: true,
    cwd: 'testdata/gotest/leaks',
  },
  'test-trace': {
    file: 'README.md',
    args: ['test', '--trace', '--no-stacks', '.'],
    prompt: true,
    cwd: 'testdata/go/traces',
  },
  'gotest-trace': {
    file: 'docs/gotest.md',
    args: ['test', '--trace', '--no-stacks', '.'],
    prompt: true,
    cwd: 'testdata/go/traces',
  },
  'analyze-timeout': {
    file: 'docs/analyze.md',
    args: ['analyze', 'testdata/dumps/go1.26/test-timeout.txt'],
    prompt: true,
  },
  'analyze-small': {
    file: 'docs/analyze.md',
    args: ['analyze', '--stacks', 'testdata/dumps/realbugs/backoff-30.stack.txt'],
    prompt: true,
  },
  'analyze-tickers': {
    file: 'docs/analyze.md',
    args: ['analyze', 'testdata/dumps/diag/tickers.debug2.txt'],
    prompt: true,
  },
  'check-tickers': {
    file: 'docs/check.md',
    args: [
      'check',
      'testdata/go/diag',
      '--dump',
      'testdata/dumps/diag/tickers.debug2.txt',
      '--min-evidence',
      'possible',
    ],
    prompt: true,
  },
  'leaky-capture': { file: 'README.md', live: live.leakyCapture },
  'leaky-capture-run': { file: 'docs/capture-diff.md', live: live.leakyCaptureRun },
  'leaky-series': { file: 'docs/capture-diff.md', live: live.leakySeries },
  'leaky-diff': { file: 'docs/capture-diff.md', live: live.leakyDiff },
  'check-live': { file: 'README.md', live: live.checkLive },
  'watch-once': { file: 'README.md', live: live.watchOnce },
  'watch-once-doc': { file: 'docs/watch.md', live: live.watchOnce },
};

/**
 * Runs `goroutine-guard …args` with stdout and stderr interleaved as a terminal shows them; `cwd` is relative to the
 * checkout unless absolute (then not shown). Resolves to the output, headed by `$ npx goroutine-guard …` unless
 * `prompt` is false; rejects on an exit code above 1 (`quiet`: resolves to the output without the head).
 */
function runStep(step, { quiet = false } = {}) {
  const cwd = isAbsolute(step.cwd ?? '') ? step.cwd : join(ROOT, step.cwd ?? '.');
  return new Promise((resolve, reject) => {
    // One pipe for stdout and stderr (2>&1 in the shell), so lines keep the order the command wrote them in.
    const child = spawn('/bin/sh', ['-c', 'exec "$0" "$@" 2>&1', process.execPath, BIN, ...step.args], {
      cwd,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 180_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === null || code > 1 || (quiet && code !== 0)) {
        return reject(new Error(`${step.args.join(' ')}: exit ${code}\n${out}`));
      }
      if (quiet) return resolve(out);
      // An absolute cwd (a temp dir) is not shown: paths under it print as relative ones.
      if (step.cwd && isAbsolute(step.cwd)) out = out.split(`${step.cwd}/`).join('');
      const cd = step.cwd && !isAbsolute(step.cwd) ? `cd ${step.cwd} && ` : '';
      const head = step.prompt === false ? '' : `$ ${cd}npx goroutine-guard ${step.args.join(' ')}\n`;
      resolve(`${head}${out.replace(/\s+$/, '')}\n`);
    });
  });
}

/** Runs a transcript's command(s): the text that belongs between its markers. */
export async function runTranscript(name) {
  const t = TRANSCRIPTS[name];
  if (!t) throw new Error(`no transcript ${name}`);
  if (!t.live) return runStep(t);
  const tmp = mkdtempSync(join(tmpdir(), 'gg-transcript-'));
  const cleanups = [];
  const ctx = {
    tmp,
    cleanup: (f) => cleanups.push(f),
    service: async (spec) => {
      const svc = await startService(ROOT, tmp, spec);
      cleanups.push(svc.stop);
      return svc;
    },
  };
  try {
    let text = '';
    for (const step of await t.live(ctx)) text += await runStep(step);
    return text;
  } finally {
    for (const f of cleanups.reverse()) await f();
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** What may differ between two honest runs of the same command. */
export function normalise(text) {
  return (
    text
      .replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT')
      .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, 'TIMESTAMP')
      .replace(/\(\d+(\.\d+)?s\)/g, '(Ns)')
      .replace(/\t\d+\.\d+s$/gm, '\tN.NNNs')
      .replace(/\bgo1\.\d+(\.\d+)?\b/g, 'go1.X')
      // Series: how long the samples took and the rates that follow from it, the samples' file names, a parked share.
      .replace(/\b(over|in) \d+(\.\d+)? s\b/g, '$1 N s')
      .replace(/[+-]?\d+(\.\d+)?(\/s| goroutines\/s)/g, 'N$2')
      .replace(/\bgoroutine_\d+(\.\d+)?\.txt\b/g, 'goroutine_T.txt')
      // capture's progress: each sample's size and fetch time depend on the machine.
      .replace(/\b\d+(\.\d+)? (B|KiB|MiB) in \d+ ms$/gm, 'SIZE in N ms')
      .replace(/ between samples \d+ and \d+ /g, ' between samples N and N ')
      .replace(/\d+(\.\d+)? % of \d+ goroutines/g, 'N % of N goroutines')
      // The goroutine reading the dump request's own connection (net/http's background read) is runnable or in IO
      // wait as the scheduler has it: diff counts it as a new or vanished stack, and the concentration table adds it
      // to the IO-wait site.
      .replace(/^Stacks: \d+ new, \d+ vanished/gm, 'Stacks: N new, N vanished')
      .replace(/; \d[\d,]* goroutines? stuck \(same id/g, '; N goroutines stuck (same id')
      .replace(/^… and \d+ more \(--top N to list them\)\n/gm, '')
      .replace(/^\d+ unchanged or benign stacks not listed/gm, 'N unchanged or benign stacks not listed')
      .replace(/^ +\d[\d,]* +\d+% +io +.*\n/gm, '')
      // watch: the service's total counts its connection goroutines for the scrapes watch makes in parallel.
      .replace(/: up, \d+ goroutines$/gm, ': up, N goroutines')
      // A re-run of the same scan is served by the result cache and says so; the findings are the same.
      .replace(/; from the cache: [^\n]*/g, '')
      .replace(/^(States: .*)$/m, (line) =>
        line
          .split(' · ')
          .filter((s) => !/^(running|runnable|IO wait|sleep|syscall) \d+$/.test(s.replace(/^States: /, '')))
          .join(' · ')
          .replace(/^(?!States: )/, 'States: '),
      )
  );
}

const MARK = /<!-- transcript:([\w-]+) -->\n```[^\n]*\n([\s\S]*?)```\n<!-- \/transcript -->/g;

/** The transcripts present in a Markdown text: name → current body. */
export function transcriptsIn(text) {
  const found = new Map();
  for (const m of text.matchAll(MARK)) found.set(m[1], m[2]);
  return found;
}

export function replaceTranscript(text, name, body) {
  return text.replace(MARK, (all, n) =>
    n === name ? all.replace(/(```[^\n]*\n)[\s\S]*?```/, `$1${body}\`\`\``) : all,
  );
}

async function main() {
  const check = process.argv.includes('--check');
  const stale = [];
  for (const [name, t] of Object.entries(TRANSCRIPTS)) {
    const file = join(ROOT, t.file);
    const text = readFileSync(file, 'utf8');
    const current = transcriptsIn(text).get(name);
    if (current === undefined) {
      stale.push(`${t.file}: no <!-- transcript:${name} --> markers`);
      continue;
    }
    const fresh = await runTranscript(name);
    if (normalise(fresh) === normalise(current)) continue;
    if (check) stale.push(`${t.file}: transcript ${name} is stale (node scripts/transcripts.mjs rewrites it)`);
    else {
      writeFileSync(file, replaceTranscript(text, name, fresh));
      process.stderr.write(`transcripts: rewrote ${name} in ${t.file}\n`);
    }
  }
  for (const s of stale) process.stderr.write(`transcripts: ${s}\n`);
  process.exitCode = stale.length ? 1 : 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
