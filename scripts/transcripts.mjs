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
// transcripts.test.ts does the same). The comparison normalises what differs from run to run and nothing else:
// 127.0.0.1 ports, ISO timestamps, elapsed seconds (also go test's per package), the Go version, scan's note of what came
// from its result cache, and in the demo the few non-leaking goroutines
// whose state (running, runnable, IO wait, sleep) depends on scheduling. Needs `npm run build` (dist/) and Go.
import { spawn } from 'node:child_process';
import { setTimeout, clearTimeout } from 'node:timers';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'goroutine-guard.js');

/** name → where it lives and the command whose output it shows (`args` after `goroutine-guard`). */
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
};

/** Runs `goroutine-guard …args` from the checkout root with stdout and stderr interleaved as a terminal shows them. */
export function runTranscript(name) {
  const t = TRANSCRIPTS[name];
  if (!t) throw new Error(`no transcript ${name}`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...t.args], {
      cwd: join(ROOT, t.cwd ?? '.'),
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 180_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === null || code > 1) return reject(new Error(`${t.args.join(' ')}: exit ${code}\n${out}`));
      const cd = t.cwd ? `cd ${t.cwd} && ` : '';
      const head = t.prompt ? `$ ${cd}npx goroutine-guard ${t.args.join(' ')}\n` : '';
      resolve(`${head}${out.replace(/\s+$/, '')}\n`);
    });
  });
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
