#!/usr/bin/env node
// The browser for the browser tests (test/watch/dashboard*.test.ts, test/series/html.test.ts): Debian's chromium at
// /usr/bin/chromium, driven by playwright-core (never a downloaded browser: nothing but the npm registry, Debian
// packages and the Go module proxy can be reached). `npm test` calls ensureChromium() before vitest, so a fresh
// machine needs nothing but `npm install && npm test`: when /usr/bin/chromium is missing and we run as root with
// apt-get, it installs Debian's `chromium` package (scripts/debian.mjs). Never a skip: without a browser it says
// why in one line, and `npm test` repeats that line above its closing count. `node scripts/browser.mjs` does the same
// on its own (before a bare `npx vitest run test/watch/dashboard.test.ts`).
//
// For testing this script without a fresh machine: GGUARD_CHROMIUM is where to look for the browser, GGUARD_APT_GET
// the apt-get to use ('' = there is none).
import { pathToFileURL } from 'node:url';
import { aptGetFromEnv, ensureDebianBinary } from './debian.mjs';

/** Where the browser tests launch it from. */
export const CHROMIUM = '/usr/bin/chromium';

/**
 * Makes sure `chromium` exists; resolves to its path, or throws one line saying why it cannot be had.
 * `aptGet` (null: there is none) and `uid` are the machine's unless given.
 */
export function ensureChromium(log = (s) => process.stderr.write(`${s}\n`), chromium = CHROMIUM, machine = {}) {
  return ensureDebianBinary(chromium, 'chromium', {
    label: 'browser',
    why: 'the browser tests need it',
    log,
    ...machine,
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    console.log(ensureChromium(undefined, process.env.GGUARD_CHROMIUM || CHROMIUM, { aptGet: aptGetFromEnv() }));
  } catch (e) {
    console.error(`browser: ${e.message}`);
    process.exitCode = 1;
  }
}
