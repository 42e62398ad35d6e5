#!/usr/bin/env node
// The commands the tests run besides node and the browser (scripts/browser.mjs): Go (the tests build and run real Go
// programs), git (fix, the walkthrough's patch), curl and bash (testdata/go/check/walkthrough.sh) and patch (unified
// diffs applied as `patch -p1`), and the older/newer Go toolchains fetched through GOTOOLCHAIN. `npm test` calls
// ensureCommands() and ensureToolchains() before vitest: on a fresh Debian machine as root
// it installs the missing Debian packages with apt-get; Go it cannot install (Debian's golang is older than the
// tests need), so a missing `go` is one line saying where to get it. Tests never skip for a missing command.
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { aptInstall, findAptGet } from './debian.mjs';

/** Go toolchains test/gotest/toolchains.test.ts runs through GOTOOLCHAIN (fetched from the Go module proxy). */
export const TEST_TOOLCHAINS = ['go1.21.13', 'go1.27.3'];

/** Command → the Debian package that ships it. */
export const TEST_COMMANDS = { git: 'git', curl: 'curl', bash: 'bash', patch: 'patch' };
/** Commands some tests use when they are there (not installed here: large, and not needed for the product). */
export const OPTIONAL_COMMANDS = { promtool: 'prometheus' };

/** One line per optional command not on PATH, naming its package: the tests that need it are skipped. */
export function optionalMissing(commands = OPTIONAL_COMMANDS, env = process.env) {
  return Object.entries(commands)
    .filter(([c]) => !onPath(c, env))
    .map(([c, pkg]) => `${c} is not on PATH (Debian: apt-get install ${pkg}); the tests that use it are skipped`);
}

/** Whether `cmd` runs from PATH (as the tests will run it). */
function onPath(cmd, env) {
  return !spawnSync('/bin/sh', ['-c', 'command -v "$1" >/dev/null', 'sh', cmd], { env }).status;
}

/**
 * Makes sure every test command is on PATH; returns one line per thing still missing ([] when all is there).
 * `aptGet` (null: there is none), `uid` and `env` (for PATH) are the machine's unless given.
 */
export function ensureCommands(
  log = (s) => process.stderr.write(`${s}\n`),
  { commands = TEST_COMMANDS, aptGet = findAptGet(), uid = process.getuid?.(), env = process.env } = {},
) {
  const problems = [];
  if (!onPath('go', env)) {
    problems.push('go is not on PATH: the tests build real Go programs; install Go ≥ 1.22 from https://go.dev/dl');
  }
  const missing = Object.keys(commands).filter((c) => !onPath(c, env));
  if (missing.length === 0) return problems;
  const packages = [...new Set(missing.map((c) => commands[c]))];
  const what = `${missing.join(', ')} (Debian: apt-get install ${packages.join(' ')})`;
  if (!aptGet || uid !== 0) {
    problems.push(`missing on PATH: ${what}; cannot install them here (${aptGet ? 'not root' : 'no apt-get'})`);
    return problems;
  }
  log(`prereqs: installing ${packages.join(' ')} with apt-get (the tests run ${missing.join(', ')})`);
  try {
    aptInstall(aptGet, packages);
  } catch (e) {
    problems.push(`missing on PATH: ${what}; ${e.message}`);
    return problems;
  }
  const still = missing.filter((c) => !onPath(c, env));
  if (still.length) problems.push(`apt-get installed ${packages.join(' ')} but ${still.join(', ')} still not on PATH`);
  return problems;
}

/**
 * Fetches the test toolchains before vitest (a first fetch can take minutes, longer than the test file waits), and
 * returns one line per toolchain that cannot be had: the tests for it are skipped then, which must not go unsaid.
 */
export function ensureToolchains(toolchains = TEST_TOOLCHAINS, env = process.env) {
  const problems = [];
  for (const name of toolchains) {
    const r = spawnSync('go', ['env', 'GOVERSION'], {
      env: { ...env, GOTOOLCHAIN: name },
      encoding: 'utf8',
      timeout: 600_000,
    });
    if (r.status === 0 && r.stdout.trim() === name) continue;
    const why = r.error?.message ?? ((r.stderr ?? '').trim().split('\n').pop()?.trim() || `exit ${r.status}`);
    problems.push(`${name} cannot be fetched through the Go module proxy (${why}); its tests are skipped`);
  }
  return problems;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const problems = ensureCommands();
  if (problems.length === 0) problems.push(...ensureToolchains());
  for (const p of problems) console.error(`prereqs: ${p}`);
  process.exitCode = problems.length ? 1 : 0;
}
