#!/usr/bin/env node
// The browser for the dashboard tests: Debian's chromium. `npm test` calls ensureChromium() before vitest, so a fresh
// machine needs nothing but `npm install && npm test`: when /usr/bin/chromium is missing and we run as root with
// apt-get, it installs Debian's `chromium` package (apt-get update first). Never a skip: without a browser the
// dashboard tests fail with the reason. `node scripts/browser.mjs` does the same on its own (before a bare
// `npx vitest run test/watch/dashboard.test.ts`).
import { pathToFileURL } from 'node:url';
import { ensureDebianBinary } from './debian.mjs';

/** Where test/watch/dashboard*.test.ts launch it from. */
export const CHROMIUM = '/usr/bin/chromium';

/** Makes sure CHROMIUM exists; resolves to its path, or throws one line saying why it cannot be had. */
export function ensureChromium(log, chromium = CHROMIUM) {
  return ensureDebianBinary(chromium, 'chromium', 'the dashboard tests need it', log);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    console.log(ensureChromium());
  } catch (e) {
    console.error(`browser: ${e.message}`);
    process.exitCode = 1;
  }
}
