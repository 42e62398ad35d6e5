#!/usr/bin/env node
// The browser for the browser tests (test/watch/dashboard*.test.ts, test/series/html.test.ts): Debian's chromium at
// /usr/bin/chromium, driven by playwright-core (never a downloaded browser: nothing but the npm registry, Debian
// packages and the Go module proxy can be reached). `npm test` calls ensureChromium() before vitest, so a fresh
// machine needs nothing but `npm install && npm test`: when /usr/bin/chromium is missing and we run as root with
// apt-get, it installs Debian's `chromium` package (apt-get update first). Never a skip: without a browser it says
// why in one line, and `npm test` repeats that line above its closing count. `node scripts/browser.mjs` does the same
// on its own (before a bare `npx vitest run test/watch/dashboard.test.ts`).
//
// For testing this script without a fresh machine: GGUARD_CHROMIUM is where to look for the browser, GGUARD_APT_GET
// the apt-get to use ('' = there is none).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/** Where the browser tests launch it from. */
export const CHROMIUM = '/usr/bin/chromium';

/** apt-get on PATH's usual places, or undefined. */
export function findAptGet() {
  return ['/usr/bin/apt-get', '/bin/apt-get'].find((p) => existsSync(p));
}

/**
 * Makes sure `chromium` exists; resolves to its path, or throws one line saying why it cannot be had.
 * `aptGet` (null: there is none) and `uid` are the machine's unless given.
 */
export function ensureChromium(
  log = (s) => process.stderr.write(`${s}\n`),
  chromium = CHROMIUM,
  { aptGet = findAptGet(), uid = process.getuid?.() } = {},
) {
  if (existsSync(chromium)) return chromium;
  if (!aptGet || uid !== 0) {
    throw new Error(
      `${chromium} is missing and cannot be installed here (${aptGet ? 'not root' : 'no apt-get'}): ` +
        "install Debian's chromium (as root: apt-get install chromium), then run the tests again",
    );
  }
  log(`browser: ${chromium} is missing; installing Debian's chromium with apt-get (the browser tests need it)`);
  try {
    aptInstall(aptGet, ['chromium']);
  } catch (e) {
    throw new Error(`${e.message}, so ${chromium} is still missing`);
  }
  if (!existsSync(chromium)) throw new Error(`apt-get installed chromium but ${chromium} is still missing`);
  log(`browser: installed ${chromium}`);
  return chromium;
}

/** `apt-get update` then a non-interactive `apt-get install` of `packages`; throws `apt-get <step> failed (why)`. */
export function aptInstall(aptGet, packages) {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  // Another apt-get on the machine holds the lock for a while: wait for it rather than fail.
  const wait = ['-o', 'DPkg::Lock::Timeout=300'];
  for (const args of [
    ['update', '-qq', ...wait],
    ['install', '-y', '-qq', ...wait, ...packages],
  ]) {
    const r = spawnSync(aptGet, args, { stdio: ['ignore', 'ignore', 'pipe'], env, encoding: 'utf8' });
    if (r.status !== 0) {
      const why = r.error?.message ?? lastLine(r.stderr) ?? `exit ${r.status}`;
      throw new Error(`apt-get ${args[0]} failed (${why})`);
    }
  }
}

function lastLine(text) {
  return (text ?? '').trim().split('\n').filter(Boolean).pop();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const env = process.env;
  const aptGet = env.GGUARD_APT_GET !== undefined ? env.GGUARD_APT_GET || null : findAptGet();
  try {
    console.log(ensureChromium(undefined, env.GGUARD_CHROMIUM || CHROMIUM, { aptGet }));
  } catch (e) {
    console.error(`browser: ${e.message}`);
    process.exitCode = 1;
  }
}
