#!/usr/bin/env node
// `npm test`: build, lint, vitest, and the Go agent's own tests, then one closing line `N passed, N failed`.
// Each stage's own output streams through; the counts come from vitest's JSON report and `go test -json`.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ensureChromium } from './browser.mjs';
import { ensureCommands, ensureToolchains, optionalMissing } from './prereqs.mjs';
import { ensurePrometheus } from './prometheus.mjs';

const root = new URL('..', import.meta.url).pathname;
let passed = 0;
let failed = 0;
/** What the machine lacks (browser, go, git…), repeated above the closing line: what to fix on a fresh machine. */
const missing = [];

function run(label, cmd, args, opts = {}) {
  process.stderr.write(`\n== ${label}: ${cmd} ${args.join(' ')}\n`);
  const r = spawnSync(cmd, args, {
    cwd: root,
    stdio: opts.capture ? ['ignore', 'pipe', 'inherit'] : 'inherit',
    ...opts,
  });
  if (r.error) process.stderr.write(`${label}: ${r.error.message}\n`);
  return r;
}

function step(label, cmd, args) {
  const r = run(label, cmd, args);
  if (r.status === 0) passed++;
  else failed++;
  return r.status === 0;
}

const built = step('build', 'npx', ['tsc', '-p', 'tsconfig.json']);
step('typecheck tests', 'npx', ['tsc', '-p', 'tsconfig.test.json']);
step('eslint', 'npx', ['eslint', '.']);
step('prettier', 'npx', ['prettier', '--check', '.']);

if (built) {
  // The dashboard tests drive a real Chromium: obtain it first (apt-get on a fresh Debian machine), never skip them.
  try {
    ensureChromium((s) => process.stderr.write(`${s}\n`));
  } catch (e) {
    missing.push(`browser: ${e.message}; the browser tests (dashboard, HTML reports) fail without it`);
  }
  // The fleet tests run a real Prometheus: the same way (Debian's package).
  try {
    ensurePrometheus((s) => process.stderr.write(`${s}\n`));
  } catch (e) {
    missing.push(`prometheus: ${e.message}; the fleet tests fail without it`);
  }
  const commands = ensureCommands();
  for (const p of commands) missing.push(`prereqs: ${p}; the tests that run it fail`);
  if (!commands.some((p) => p.startsWith('go '))) for (const p of ensureToolchains()) missing.push(`prereqs: ${p}`);
  for (const p of optionalMissing()) missing.push(`prereqs: ${p}`);
  if (!commands.some((p) => p.startsWith('go '))) {
    // The deep-scan and trace helper (analyzer/) is built on first use, about a minute of CPU: build it once here,
    // into the cache every CLI run of the tests shares, so no single test pays for it inside its own time limit.
    const t0 = Date.now();
    try {
      const { ensureAnalyzer } = await import('../dist/static/deep/build.js');
      const a = await ensureAnalyzer();
      process.stderr.write(
        `\n== gg-analyzer: ${a.built ? `built in ${((Date.now() - t0) / 1000).toFixed(1)} s` : 'cached'}: ${a.bin}\n`,
      );
    } catch (e) {
      missing.push(`gg-analyzer: ${e.message}; the deep-scan and trace tests fail`);
    }
  }
  for (const m of missing) process.stderr.write(`\n== ${m}\n`);
  mkdirSync(join(root, 'coverage'), { recursive: true });
  const report = join(root, 'coverage', 'vitest.json');
  const extra = process.argv.slice(2);
  run('vitest', 'npx', [
    'vitest',
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report}`,
    ...extra,
  ]);
  if (existsSync(report)) {
    const j = JSON.parse(readFileSync(report, 'utf8'));
    passed += j.numPassedTests ?? 0;
    failed += j.numFailedTests ?? 0;
    // A file that fails to load has no failed test of its own: count it once.
    for (const f of j.testResults ?? []) {
      if (f.status === 'failed' && !(f.assertionResults ?? []).some((a) => a.status === 'failed')) failed++;
    }
  } else {
    failed++;
  }
}

if (existsSync(join(root, 'agent', 'go.mod'))) {
  const r = run('go test (agent)', 'go', ['test', '-count=1', '-json', './...'], {
    cwd: join(root, 'agent'),
    capture: true,
  });
  for (const line of (r.stdout?.toString() ?? '').split('\n')) {
    if (!line.startsWith('{')) continue;
    const ev = JSON.parse(line);
    if (!ev.Test) continue;
    if (ev.Action === 'pass') passed++;
    else if (ev.Action === 'fail') {
      failed++;
      process.stderr.write(`go test FAIL: ${ev.Package} ${ev.Test}\n`);
    }
  }
  if (r.status !== 0 && failed === 0) failed++;
}

if (missing.length) process.stderr.write(`\n${missing.join('\n')}\n`);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
