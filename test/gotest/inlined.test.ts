// A test that calls an inlined constructor starting a goroutine, then another inlined call (select on time.After):
// the runtime's ancestor record prints time.After where the test's frame should be (docs/gotest.md, "Inlined test
// frames"). Each leak of testdata/gotest/inlined must still be blamed on its own test — on this machine's toolchain
// and on the other test toolchains — and the blamer must never fall back to TestMain for such a record.

import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { Blamer } from '../../src/gotest/blame.js';
import { ENV_OUT, embedHarness, type HarnessRecord } from '../../src/gotest/harness.js';
import { parseGoroutineId } from '../../src/model/index.js';
import { parseDump } from '../../src/profile/index.js';
import { GOTEST_DATA, blamed, jsonLines, runCli, type LeakEvent } from './helpers.js';
// @ts-expect-error -- a plain .mjs script without types
import { TEST_TOOLCHAINS } from '../../scripts/prereqs.mjs';

const run = promisify(execFile);
const INLINED = join(GOTEST_DATA, 'inlined');
const PKG = 'example.com/gg/inlined/blame';
const TIMEOUT = 240_000;
const tmpRoot = mkdtempSync(join(tmpdir(), 'gg-gotest-inlined-'));
afterAll(() => rmSync(tmpRoot, { recursive: true, force: true }));

function envFor(toolchain: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, GOTOOLCHAIN: toolchain, TMPDIR: tmpRoot };
  delete env.GOFLAGS;
  return env;
}

/** The toolchain's version, or undefined when it cannot be fetched here (no module proxy). */
async function available(toolchain: string): Promise<boolean> {
  try {
    await run('go', ['env', 'GOVERSION'], { env: envFor(toolchain), timeout: 120_000 });
    return true;
  } catch {
    return false;
  }
}

describe('goroutine-guard test on inlined test frames', () => {
  for (const toolchain of ['local', ...(TEST_TOOLCHAINS as string[])]) {
    it(
      `blames each leak on its own test (GOTOOLCHAIN=${toolchain})`,
      async (ctx) => {
        if (!(await available(toolchain))) ctx.skip();
        const r = await runCli(['test', '--json', './...'], INLINED, envFor(toolchain));
        expect(r.stderr).toBe('');
        expect(r.code).toBe(1);
        const events = jsonLines(r.stdout);
        expect(blamed(events)).toEqual({
          'inlined/blame TestPlain': 1,
          'inlined/blame TestSelect': 1,
          'inlined/blame TestSubtestSelect': 1,
        });
        const via = events.filter((e) => e.Action === 'leak').map((e) => (e as unknown as LeakEvent).BlamedVia);
        expect(new Set(via)).toEqual(new Set(['ancestry']));
      },
      TIMEOUT,
    );
  }

  it(
    "names the mis-printed test in the harness record; without it the blame is an unnamed test's, not TestMain's",
    async () => {
      // The harness as the CLI embeds it, run by hand to keep its record and dump.
      const testFile = join(INLINED, 'blame', 'start_test.go');
      const overlaid = join(tmpRoot, 'start_test.go');
      const out = join(tmpRoot, 'out');
      const overlay = join(tmpRoot, 'overlay.json');
      writeFileSync(
        overlaid,
        embedHarness(readFileSync(testFile, 'utf8'), {
          importPath: PKG,
          wrapsUserTestMain: false,
          settleMs: 100,
          useLeakProfile: false,
          rules: [],
        }),
      );
      writeFileSync(overlay, JSON.stringify({ Replace: { [testFile]: overlaid } }));
      rmSync(out, { recursive: true, force: true });
      mkdirSync(out);
      await run('go', ['test', '-count=1', `-overlay=${overlay}`, './blame'], {
        cwd: INLINED,
        env: { ...envFor('local'), [ENV_OUT]: out, GODEBUG: 'tracebackancestors=10' },
        timeout: TIMEOUT,
      });
      const meta = readdirSync(out).find((n) => n.endsWith('.meta.json'))!;
      const record = JSON.parse(readFileSync(join(out, meta), 'utf8')) as HarnessRecord;
      const dump = await parseDump(readFileSync(join(out, record.dump)), { source: record.dump });
      const resolved = new Map(Object.entries(record.ancestorTests ?? {}).map(([id, f]) => [parseGoroutineId(id)!, f]));
      // Every top-level test that started a goroutine; the subtest's own record is left to its parent's.
      expect(new Set(resolved.values())).toEqual(
        new Set([`${PKG}.TestSelect`, `${PKG}.TestPlain`, `${PKG}.TestSubtestSelect`]),
      );

      // The runtime quirk itself: TestSelect's goroutine's record shows another function under testing.tRunner.
      const selectId = [...resolved].find(([, f]) => f.endsWith('.TestSelect'))![0];
      const records = dump.goroutines.flatMap((g) => g.ancestors).filter((a) => a.id === selectId);
      expect(records.length).toBeGreaterThan(0);
      for (const a of records) {
        const runner = a.frames.findIndex((f) => f.func === 'testing.tRunner');
        expect(runner).toBeGreaterThan(0);
        expect(a.frames[runner - 1]!.func).not.toBe(`${PKG}.TestSelect`);
      }

      const packages = new Set([PKG, `${PKG}_test`]);
      const leaked = dump.goroutines.filter((g) => g.ancestors.some((a) => a.id === selectId));
      expect(leaked).toHaveLength(1);
      expect(new Blamer(packages, dump.goroutines, resolved).blame(leaked[0]!)).toMatchObject({
        test: 'TestSelect',
        via: 'ancestry',
      });
      expect(new Blamer(packages, dump.goroutines).blame(leaked[0]!)).toEqual({
        test: `(unnamed test in goroutine ${String(selectId)})`,
        via: 'unnamed',
      });
    },
    TIMEOUT,
  );
});
