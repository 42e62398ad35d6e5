// scripts/browser.mjs on a "fresh machine" without a new machine: the browser path points into a temp dir where no
// chromium is, and apt-get is absent, refused (not root), a real script standing in for it that installs the file,
// or one that fails as apt-get does on an empty package cache. `npm test` needs a browser and must either obtain it
// or stop with one line saying what to install.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain .mjs script without types
import * as browser from '../../scripts/browser.mjs';

type Ensure = (log: (s: string) => void, chromium: string, opts: { aptGet?: string | null; uid?: number }) => string;
const ensureChromium = (browser as { ensureChromium: Ensure }).ensureChromium;
const SCRIPT = join(import.meta.dirname, '../../scripts/browser.mjs');

let dir: string;
let chromium: string;

/** An executable shell script standing in for apt-get: logs its arguments and DEBIAN_FRONTEND, then runs `body`. */
function fakeAptGet(name: string, body: string): string {
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh\necho "$DEBIAN_FRONTEND $*" >> "${dir}/${name}.log"\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gg-browser-'));
  chromium = join(dir, 'chromium');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('scripts/browser.mjs', () => {
  it('uses the browser that is there and runs nothing', () => {
    const present = join(dir, 'present');
    writeFileSync(present, '');
    const apt = fakeAptGet('apt-unused', 'exit 0');
    expect(ensureChromium(() => {}, present, { aptGet: apt, uid: 0 })).toBe(present);
    expect(existsSync(`${apt}.log`)).toBe(false);
  });

  it('says in one line what to install when there is no apt-get or we are not root', () => {
    expect(() => ensureChromium(() => {}, chromium, { aptGet: null, uid: 0 })).toThrow(
      `${chromium} is missing and cannot be installed here (no apt-get): install Debian's chromium (as root: apt-get install chromium), then run the tests again`,
    );
    const apt = fakeAptGet('apt-not-root', 'exit 0');
    expect(() => ensureChromium(() => {}, chromium, { aptGet: apt, uid: 1000 })).toThrow(/\(not root\): install/);
    expect(existsSync(`${apt}.log`)).toBe(false);
  });

  it('installs chromium with apt-get as root: update, then a non-interactive install', () => {
    const target = join(dir, 'installed-chromium');
    const apt = fakeAptGet('apt-ok', `case "$1" in install) : > "${target}";; esac`);
    const logged: string[] = [];
    expect(ensureChromium((s) => logged.push(s), target, { aptGet: apt, uid: 0 })).toBe(target);
    const calls = readFileSync(`${apt}.log`, 'utf8').trim().split('\n');
    expect(calls).toEqual([
      'noninteractive update -qq -o DPkg::Lock::Timeout=300',
      'noninteractive install -y -qq -o DPkg::Lock::Timeout=300 chromium',
    ]);
    expect(logged).toEqual([
      `browser: ${target} is missing; installing Debian's chromium with apt-get (the browser tests need it)`,
      `browser: installed ${target}`,
    ]);
  });

  it('fails with apt-get’s own last line when the package cannot be had (an empty package cache)', () => {
    const apt = fakeAptGet(
      'apt-empty',
      'case "$1" in install) echo "Reading package lists..." >&2; echo "E: Unable to locate package chromium" >&2; exit 100;; esac',
    );
    expect(() => ensureChromium(() => {}, chromium, { aptGet: apt, uid: 0 })).toThrow(
      `apt-get install failed (E: Unable to locate package chromium), so ${chromium} is still missing`,
    );
    const gone = fakeAptGet('apt-no-file', 'exit 0');
    expect(() => ensureChromium(() => {}, chromium, { aptGet: gone, uid: 0 })).toThrow(
      `apt-get installed chromium but ${chromium} is still missing`,
    );
  });

  it('as a command: exit 1 and one line on stderr, nothing on stdout', () => {
    const r = spawnSync(process.execPath, [SCRIPT], {
      encoding: 'utf8',
      env: { ...process.env, GGUARD_CHROMIUM: chromium, GGUARD_APT_GET: '' },
    });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `browser: ${chromium} is missing and cannot be installed here (no apt-get): install Debian's chromium (as root: apt-get install chromium), then run the tests again\n`,
    );
  });
});

describe('scripts/prereqs.mjs', () => {
  type EnsureCommands = (
    log: (s: string) => void,
    opts: { aptGet?: string | null; uid?: number; env?: NodeJS.ProcessEnv },
  ) => string[];
  let ensureCommands: EnsureCommands;
  let bin: string;

  beforeAll(async () => {
    // @ts-expect-error -- a plain .mjs script without types
    ensureCommands = ((await import('../../scripts/prereqs.mjs')) as { ensureCommands: EnsureCommands }).ensureCommands;
    bin = mkdtempSync(join(dir, 'bin-'));
    writeFileSync(join(bin, 'go'), '#!/bin/sh\n');
    chmodSync(join(bin, 'go'), 0o755);
  });

  it('names what is missing and the Debian packages to install, in one line', () => {
    const env = { PATH: bin };
    expect(ensureCommands(() => {}, { aptGet: null, uid: 0, env })).toEqual([
      'missing on PATH: git, curl, bash, patch (Debian: apt-get install git curl bash patch); cannot install them here (no apt-get)',
    ]);
    expect(ensureCommands(() => {}, { aptGet: null, uid: 0, env: { PATH: join(dir, 'nowhere') } })[0]).toBe(
      'go is not on PATH: the tests build real Go programs; install Go ≥ 1.22 from https://go.dev/dl',
    );
  });

  it('names an optional command that is missing (its tests skip)', async () => {
    // @ts-expect-error -- a plain .mjs script without types
    const { optionalMissing } = (await import('../../scripts/prereqs.mjs')) as {
      optionalMissing: (c: Record<string, string>, env: NodeJS.ProcessEnv) => string[];
    };
    expect(optionalMissing({ promtool: 'prometheus', go: 'golang' }, { PATH: bin })).toEqual([
      'promtool is not on PATH (Debian: apt-get install prometheus); the tests that use it are skipped',
    ]);
  });

  it('installs the missing packages with apt-get as root', () => {
    const made = ['git', 'curl', 'bash', 'patch'].map((c) => `: > "${bin}/${c}"; chmod +x "${bin}/${c}"`).join('; ');
    const apt = fakeAptGet('apt-tools', `case "$1" in install) ${made};; esac`);
    const logged: string[] = [];
    expect(ensureCommands((s) => logged.push(s), { aptGet: apt, uid: 0, env: { PATH: bin } })).toEqual([]);
    expect(readFileSync(`${apt}.log`, 'utf8')).toContain(
      'install -y -qq -o DPkg::Lock::Timeout=300 git curl bash patch',
    );
    expect(logged).toEqual([
      'prereqs: installing git curl bash patch with apt-get (the tests run git, curl, bash, patch)',
    ]);
    expect(ensureCommands(() => {}, { aptGet: null, uid: 1000, env: { PATH: bin } })).toEqual([]);
  });

  it('fetches the Go toolchains the tests use, and names one it cannot have', async () => {
    // @ts-expect-error -- a plain .mjs script without types
    const { ensureToolchains } = (await import('../../scripts/prereqs.mjs')) as {
      ensureToolchains: (names: string[]) => string[];
    };
    const local = spawnSync('go', ['env', 'GOVERSION'], {
      encoding: 'utf8',
      env: { ...process.env, GOTOOLCHAIN: 'local' },
    });
    expect(ensureToolchains([local.stdout.trim()])).toEqual([]);
    const [line, ...rest] = ensureToolchains(['go1.99.1']);
    expect(rest).toEqual([]);
    expect(line).toMatch(/^go1\.99\.1 cannot be fetched through the Go module proxy \(.+\); its tests are skipped$/);
  }, 120_000);
});
