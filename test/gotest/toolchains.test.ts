// The same blame on other Go toolchains (through GOTOOLCHAIN and the module proxy): Go 1.21 (oldest supported;
// its go vet ignores overlay-only files, which the embedded harness must survive), Go 1.27 (goroutineleak profile
// standard: leaks proven by the GC) and Go 1.26 with `--leak-profile on` (GOEXPERIMENT=goroutineleakprofile).

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LEAKS, blamed, jsonLines, runCli, type LeakEvent } from './helpers.js';
// @ts-expect-error -- a plain .mjs script without types
import { TEST_TOOLCHAINS } from '../../scripts/prereqs.mjs';

const TIMEOUT = 300_000;
const tmpRoot = mkdtempSync(join(tmpdir(), 'gg-gotest-toolchains-'));
afterAll(() => rmSync(tmpRoot, { recursive: true, force: true }));

/** The toolchain's version, or undefined when it cannot be fetched here (no module proxy). */
function toolchain(name: string): string | undefined {
  const r = spawnSync('go', ['env', 'GOVERSION'], {
    env: { ...process.env, GOTOOLCHAIN: name },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

function envFor(name: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, GOTOOLCHAIN: name, TMPDIR: tmpRoot };
  delete env.GOFLAGS;
  return env;
}

// `npm test` fetches these first (scripts/prereqs.mjs) and names any it cannot get above its closing count.
const [V121, V127] = TEST_TOOLCHAINS as [string, string];
const GO121 = toolchain(V121);
const GO127 = toolchain(V127);
const LOCAL126 = toolchain('local')?.startsWith('go1.26') === true;

describe('Go 1.21', () => {
  it.skipIf(!GO121)(
    'blames the same tests as the machine toolchain',
    async () => {
      const run = await runCli(
        ['test', '--json', './leaky', './parallel', './withmain', './xtest', './settle'],
        LEAKS,
        envFor(V121),
      );
      expect(run.stderr).toBe('');
      const events = jsonLines(run.stdout);
      expect(blamed(events)).toEqual({
        'leaks/leaky TestAfterFuncLeaks': 1,
        'leaks/leaky TestFirstResultLeaks': 2,
        'leaks/leaky TestSubtestLeaks': 1,
        'leaks/leaky TestTreeLeaksGrandchildren': 3,
        'leaks/parallel TestParallelC': 1,
        'leaks/withmain TestMain': 1,
        'leaks/withmain TestMutexLeak': 1,
        'leaks/xtest TestExternalLeak': 1,
      });
      const versions = events.filter((e) => e.Action === 'leakcheck').map((e) => e.GoVersion);
      expect(new Set(versions)).toEqual(new Set([V121]));
      expect(run.code).toBe(1);
    },
    TIMEOUT,
  );
});

describe('Go 1.27 (goroutineleak profile standard)', () => {
  it.skipIf(!GO127)(
    'marks channel and mutex leaks proven by the GC',
    async () => {
      const run = await runCli(['test', '--json', './leaky', './parallel', './withmain'], LEAKS, envFor(V127));
      const events = jsonLines(run.stdout);
      const leaks = events.filter((e) => e.Action === 'leak') as unknown as LeakEvent[];
      expect(leaks.map((l) => `${l.Test} ${l.Proven}/${l.Goroutines}`).sort()).toEqual([
        'TestAfterFuncLeaks 1/1',
        'TestFirstResultLeaks 2/2',
        'TestMain 1/1',
        'TestMutexLeak 1/1',
        'TestParallelC 1/1',
        'TestSubtestLeaks 1/1',
        'TestTreeLeaksGrandchildren 3/3',
      ]);
      expect(leaks.flatMap((l) => l.Findings.map((f) => f.evidence))).toEqual(
        leaks.flatMap((l) => l.Findings.map(() => 'proven')),
      );
      expect(events.filter((e) => e.Action === 'leakcheck').every((e) => e.LeakProfile === true)).toBe(true);
      expect(run.code).toBe(1);
    },
    TIMEOUT,
  );
});

describe.skipIf(!LOCAL126)('Go 1.26 with --leak-profile on', () => {
  it(
    'builds with GOEXPERIMENT=goroutineleakprofile and proves the leak',
    async () => {
      const run = await runCli(['test', '--json', '--leak-profile', 'on', './parallel'], LEAKS, envFor('local'));
      const events = jsonLines(run.stdout);
      const leak = events.find((e) => e.Action === 'leak') as unknown as LeakEvent;
      expect(leak).toMatchObject({ Test: 'TestParallelC', Goroutines: 1, Proven: 1 });
      expect(events.find((e) => e.Action === 'leakcheck')).toMatchObject({ LeakProfile: true });
    },
    TIMEOUT,
  );

  it(
    'without it, the default on Go 1.26 does not rebuild and proves nothing',
    async () => {
      const run = await runCli(['test', '--json', './parallel'], LEAKS, envFor('local'));
      const events = jsonLines(run.stdout);
      expect(events.find((e) => e.Action === 'leak')).toMatchObject({
        Test: 'TestParallelC',
        Goroutines: 1,
        Proven: 0,
      });
      expect(events.find((e) => e.Action === 'leakcheck')).toMatchObject({ LeakProfile: false });
    },
    TIMEOUT,
  );
});
