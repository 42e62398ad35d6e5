#!/usr/bin/env node
// The browser for the dashboard tests: Debian's chromium. `npm test` calls ensureChromium() before vitest, so a fresh
// machine needs nothing but `npm install && npm test`: when /usr/bin/chromium is missing and we run as root with
// apt-get, it installs Debian's `chromium` package (apt-get update first). Never a skip: without a browser the
// dashboard tests fail with the reason. `node scripts/browser.mjs` does the same on its own (before a bare
// `npx vitest run test/watch/dashboard.test.ts`).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/** Where test/watch/dashboard*.test.ts launch it from. */
export const CHROMIUM = '/usr/bin/chromium';

/** Makes sure CHROMIUM exists; resolves to its path, or throws one line saying why it cannot be had. */
export function ensureChromium(log = (s) => process.stderr.write(`${s}\n`), chromium = CHROMIUM) {
  if (existsSync(chromium)) return chromium;
  const aptGet = ['/usr/bin/apt-get', '/bin/apt-get'].find((p) => existsSync(p));
  if (!aptGet || process.getuid?.() !== 0) {
    throw new Error(
      `${chromium} is missing and cannot be installed here (${aptGet ? 'not root' : 'no apt-get'}): ` +
        'install it (Debian: apt-get install chromium)',
    );
  }
  log(`browser: ${chromium} is missing; installing Debian's chromium with apt-get (the dashboard tests need it)`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  // Another apt-get on the machine holds the lock for a while: wait for it rather than fail.
  const wait = ['-o', 'DPkg::Lock::Timeout=300'];
  for (const args of [
    ['update', '-qq', ...wait],
    ['install', '-y', '-qq', ...wait, 'chromium'],
  ]) {
    const r = spawnSync(aptGet, args, { stdio: ['ignore', 'ignore', 'inherit'], env });
    if (r.status !== 0) throw new Error(`apt-get ${args[0]} failed (exit ${r.status ?? r.error?.message})`);
  }
  if (!existsSync(chromium)) throw new Error(`apt-get installed chromium but ${chromium} is still missing`);
  log(`browser: installed ${chromium}`);
  return chromium;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    console.log(ensureChromium());
  } catch (e) {
    console.error(`browser: ${e.message}`);
    process.exitCode = 1;
  }
}
