// Real tools for the tests, from Debian: when a binary is missing and we run as root with apt-get, install its
// Debian package (apt-get update first). Never a skip: without the tool the tests that need it fail with the
// reason. Used by scripts/browser.mjs (chromium) and scripts/prometheus.mjs (prometheus).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Makes sure `bin` exists; resolves to its path, or throws one line saying why it cannot be had. */
export function ensureDebianBinary(bin, pkg, why, log = (s) => process.stderr.write(`${s}\n`), recommends = true) {
  if (existsSync(bin)) return bin;
  const aptGet = ['/usr/bin/apt-get', '/bin/apt-get'].find((p) => existsSync(p));
  if (!aptGet || process.getuid?.() !== 0) {
    throw new Error(
      `${bin} is missing and cannot be installed here (${aptGet ? 'not root' : 'no apt-get'}): ` +
        `install it (Debian: apt-get install ${pkg})`,
    );
  }
  log(`${pkg}: ${bin} is missing; installing Debian's ${pkg} with apt-get (${why})`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  // Another apt-get on the machine holds the lock for a while: wait for it rather than fail.
  const wait = ['-o', 'DPkg::Lock::Timeout=300'];
  for (const args of [
    ['update', '-qq', ...wait],
    ['install', '-y', '-qq', ...(recommends ? [] : ['--no-install-recommends']), ...wait, pkg],
  ]) {
    const r = spawnSync(aptGet, args, { stdio: ['ignore', 'ignore', 'inherit'], env });
    if (r.status !== 0) throw new Error(`apt-get ${args[0]} failed (exit ${r.status ?? r.error?.message})`);
  }
  if (!existsSync(bin)) throw new Error(`apt-get installed ${pkg} but ${bin} is still missing`);
  log(`${pkg}: installed ${bin}`);
  return bin;
}
