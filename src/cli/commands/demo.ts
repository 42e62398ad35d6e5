// `goroutine-guard demo`: builds and runs the small leaking Go server shipped in demo/leaky-server, sends it
// requests over 127.0.0.1, captures its goroutine dump over HTTP and shows the analysis. Without Go on PATH it
// analyzes the real dump recorded from the same server (demo/leaky-server.debug2.txt) and says so.

import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { analyzeDump } from '../../analysis/index.js';
import { GuardError } from '../../core/index.js';
import { openInput } from '../../io/index.js';
import { renderText } from '../../report/index.js';
import { readSources } from './analyze.js';
import { EXIT, type CliContext, type RegisterCommand } from '../context.js';
import { intOption } from '../options.js';
import { SUMMARY } from './summary.js';

const execFileP = promisify(execFile);

/** The package's demo/ folder (dist/cli/commands → package root). */
export const DEMO_DIR = fileURLToPath(new URL('../../../demo/', import.meta.url));

interface DemoFlags {
  requests: number;
  recorded: boolean;
  color?: boolean;
}

export const register: RegisterCommand = (program, ctx) => {
  program
    .command('demo')
    .description(SUMMARY.demo.description)
    .option('--requests <n>', 'requests to send to the leaking handler', intOption('--requests', 1), 40)
    .option('--recorded', 'analyze the recorded dump instead of running Go', false)
    .option('--color', 'force colours')
    .option('--no-color', 'disable colours')
    .action(async (flags: DemoFlags) => {
      ctx.exitCode = await runDemo(flags, ctx);
    });
};

async function runDemo(flags: DemoFlags, ctx: CliContext): Promise<number> {
  const color = flags.color ?? (ctx.stdout.isTTY === true && !ctx.env.NO_COLOR);
  const say = (s: string) => ctx.stderr.write(`demo: ${s}\n`);
  const goVersion = flags.recorded ? undefined : await findGo(ctx.env);
  if (!goVersion) {
    const recorded = join(DEMO_DIR, 'leaky-server.debug2.txt');
    if (!existsSync(recorded)) throw new GuardError('io', recorded, 'recorded demo dump is missing from the package');
    say(
      flags.recorded
        ? 'analyzing the dump recorded from demo/leaky-server (--recorded)'
        : 'Go is not on PATH: analyzing the dump recorded from demo/leaky-server instead of running it',
    );
    const a = await analyzeDump(readFileSync(recorded), { source: 'demo/leaky-server.debug2.txt (recorded)' });
    await readSources(a.suspects, { source: join(DEMO_DIR, 'leaky-server') }, ctx);
    ctx.stdout.write(renderText(a, { color }));
    return EXIT.ok;
  }

  const work = mkdtempSync(join(tmpdir(), 'gguard-demo-'));
  let server: ChildProcess | undefined;
  try {
    say(`building demo/leaky-server with ${goVersion}…`);
    const bin = join(work, 'leaky-server');
    // -trimpath: the dump's paths (and so the order of equally large suspects, ranked by stack fingerprint) do not
    // depend on where this checkout lives; the README's demo transcript is the same from any clone.
    await execFileP('go', ['build', '-trimpath', '-o', bin, '.'], {
      cwd: join(DEMO_DIR, 'leaky-server'),
      env: { ...ctx.env, GOFLAGS: '-mod=mod', GOWORK: 'off' },
      timeout: 300_000,
    });
    server = spawn(bin, ['-port', '0', '-exit-after', '5m'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const base = await waitForListening(server, 20_000);
    say(`server listening on ${base}; sending ${flags.requests} requests to /work…`);
    const results = await Promise.allSettled(
      Array.from({ length: flags.requests }, (_, i) => get(`${base}/work?sku=${i}`)),
    );
    const failed = results.filter((r) => r.status === 'rejected').length;
    if (failed) say(`${failed} requests failed`);
    // The handler times out after 20 ms but its backend call takes 200 ms: wait for the sends to block.
    await new Promise((r) => setTimeout(r, 600));
    const url = `${base}/debug/pprof/goroutine?debug=2`;
    say(`capturing ${url}`);
    const input = await openInput(url, { timeoutMs: 10_000 });
    const a = await analyzeDump(input.chunks, { source: input.source });
    await readSources(a.suspects, { source: join(DEMO_DIR, 'leaky-server') }, ctx);
    ctx.stdout.write(renderText(a, { color }));
    say(
      'next: run `npx goroutine-guard analyze <file|url>` on your own service, or `npx goroutine-guard scan ./...` on its code',
    );
    return EXIT.ok;
  } finally {
    server?.kill('SIGKILL');
    rmSync(work, { recursive: true, force: true });
  }
}

/** One request on its own connection (no keep-alive goroutines left in the server to muddy the demo). */
function get(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpGet(url, { agent: false, timeout: 10_000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

async function findGo(env: NodeJS.ProcessEnv): Promise<string | undefined> {
  try {
    const { stdout } = await execFileP('go', ['env', 'GOVERSION'], { env, timeout: 30_000 });
    return stdout.trim() || 'go';
  } catch {
    return undefined;
  }
}

function waitForListening(p: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(
      () => reject(new GuardError('io', 'demo server', `did not start within ${timeoutMs} ms: ${out.trim()}`)),
      timeoutMs,
    );
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    p.stdout?.on('data', onData);
    p.stderr?.on('data', onData);
    p.on('exit', (code) => {
      clearTimeout(timer);
      reject(new GuardError('io', 'demo server', `exited with code ${code}: ${out.trim()}`));
    });
  });
}
