// Real tools for the tests, from Debian: when a binary is missing and we run as root with apt-get, install its
// Debian package (apt-get update first). Never a skip: without the tool the tests that need it fail with the
// reason, and `npm test` repeats that line above its closing count. Used by scripts/browser.mjs (chromium),
// scripts/prometheus.mjs (prometheus) and scripts/prereqs.mjs (git, curl, …).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** apt-get on PATH's usual places, or undefined. */
export function findAptGet() {
  return ['/usr/bin/apt-get', '/bin/apt-get'].find((p) => existsSync(p));
}

/**
 * Makes sure `bin` exists; resolves to its path, or throws one line saying why it cannot be had. `label` starts
 * the log lines, `why` says which tests need it; `aptGet` (null: there is none) and `uid` are the machine's unless
 * given; `recommends: false` leaves out the package's recommended packages.
 */
export function ensureDebianBinary(
  bin,
  pkg,
  {
    label = pkg,
    why,
    log = (s) => process.stderr.write(`${s}\n`),
    recommends = true,
    aptGet = findAptGet(),
    uid = process.getuid?.(),
  },
) {
  if (existsSync(bin)) return bin;
  if (!aptGet || uid !== 0) {
    throw new Error(
      `${bin} is missing and cannot be installed here (${aptGet ? 'not root' : 'no apt-get'}): ` +
        `install Debian's ${pkg} (as root: apt-get install ${pkg}), then run the tests again`,
    );
  }
  log(`${label}: ${bin} is missing; installing Debian's ${pkg} with apt-get (${why})`);
  try {
    aptInstall(aptGet, [pkg], recommends);
  } catch (e) {
    throw new Error(`${e.message}, so ${bin} is still missing`);
  }
  if (!existsSync(bin)) throw new Error(`apt-get installed ${pkg} but ${bin} is still missing`);
  log(`${label}: installed ${bin}`);
  return bin;
}

/** `apt-get update` then a non-interactive `apt-get install` of `packages`; throws `apt-get <step> failed (why)`. */
export function aptInstall(aptGet, packages, recommends = true) {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  // Another apt-get on the machine holds the lock for a while: wait for it rather than fail.
  const wait = ['-o', 'DPkg::Lock::Timeout=300'];
  for (const args of [
    ['update', '-qq', ...wait],
    ['install', '-y', '-qq', ...(recommends ? [] : ['--no-install-recommends']), ...wait, ...packages],
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

/** The aptGet option a script's command-line entry takes from GGUARD_APT_GET ('' = there is none). */
export function aptGetFromEnv(env = process.env) {
  return env.GGUARD_APT_GET !== undefined ? env.GGUARD_APT_GET || null : findAptGet();
}
