// A real signal in the middle of `goroutine-guard test`: the CLI runs as its own node process (bundled from the
// sources with esbuild), go test is mid-test, and SIGINT or SIGTERM must stop go test and every test binary and
// remove the temp dir, exiting 128+signal.

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXTRA, treeChecksum } from './helpers.js';

const REPO = new URL('../../', import.meta.url).pathname;
// Inside the repo so the bundle's bare imports (commander, …) resolve from node_modules.
const CACHE = join(REPO, 'node_modules', '.cache', 'goroutine-guard-gotest');
const BUNDLE = join(CACHE, 'cli.mjs');

beforeAll(async () => {
  mkdirSync(CACHE, { recursive: true });
  const entry = join(CACHE, 'entry.ts');
  writeFileSync(
    entry,
    `import { main } from ${JSON.stringify(join(REPO, 'src/cli/main.ts'))};\n` +
      'main(process.argv).then((code) => { process.exitCode = code; });\n',
  );
  await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outfile: BUNDLE,
    logLevel: 'error',
  });
}, 60_000);

afterAll(() => rmSync(CACHE, { recursive: true, force: true }));

/** Processes whose command line mentions `needle` (go test, the compilers, the test binary under $TMPDIR). */
function processesMentioning(needle: string): string[] {
  const out: string[] = [];
  for (const pid of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (cmd.includes(needle) && Number(pid) !== process.pid) out.push(`${pid} ${cmd}`);
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

function waitFor(pred: () => boolean, ms: number): Promise<void> {
  const until = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const tick = () => {
      if (pred()) resolve();
      else if (Date.now() > until) reject(new Error('timed out waiting'));
      else setTimeout(tick, 50);
    };
    tick();
  });
}

function exitOf(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
}

describe.each([
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const)('%s during go test', (sig, expected) => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), `gg-gotest-${sig}-`));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('stops go test and its test binary, removes the temp dir, exits 128+signal, leaves the tree alone', async () => {
    const before = treeChecksum(EXTRA);
    const env: NodeJS.ProcessEnv = { ...process.env, TMPDIR: root };
    delete env.GOFLAGS;
    const child = spawn(process.execPath, [BUNDLE, 'test', './blocking', '--', '-v'], {
      cwd: EXTRA,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = exitOf(child);
    await waitFor(() => stdout.includes('blocking: test started'), 120_000);
    const workspaces = readdirSync(root).filter((n) => n.startsWith('goroutine-guard-test-'));
    expect(workspaces).toHaveLength(1);
    expect(existsSync(join(root, workspaces[0]!, 'overlay.json'))).toBe(true);
    expect(processesMentioning(root).some((p) => p.includes('blocking.test'))).toBe(true);

    const sentAt = Date.now();
    child.kill(sig);
    const { code } = await exited;
    expect(Date.now() - sentAt).toBeLessThan(10_000);
    expect({ code, stderr }).toMatchObject({ code: expected });
    expect(readdirSync(root).filter((n) => n.startsWith('goroutine-guard-test-'))).toEqual([]);
    await waitFor(() => processesMentioning(root).length === 0, 5_000);
    expect(treeChecksum(EXTRA)).toBe(before);
  }, 180_000);
});
