// Golden files: every report format, produced by the real CLI (or, for JUnit, the library) from committed real
// dumps and Go sources, compared byte for byte with the files next to this test. A change to a report shows up as
// a diff of a golden file; `UPDATE_GOLDEN=1 npx vitest run test/golden` rewrites them after a deliberate change.
//
// Normalised before comparing, and only these: the temporary directory a series is written to (`<tmp>`), the
// package version (`<version>`), the repository's absolute path (`<root>`: this checkout's, and `/work/main`, where
// the committed dumps were recorded, so the files read the same from any clone) and the scan's wall time in its text
// summary (`(<elapsed>)`). Nothing else varies between runs: sample times come from the capture file names, and
// colour is off (NO_COLOR).

import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeDump } from '../../src/analysis/run.js';
import { openInput } from '../../src/io/input.js';
import { findingsToCases, renderJUnit } from '../../src/report/junit.js';
import { scan } from '../../src/static/scan.js';
import { VERSION } from '../../src/core/version.js';
import { runCli } from '../helpers/cli.js';
import { blockOf, dumpText, goroutineBlocks } from '../series/dumps.js';
import { tempDir } from '../helpers/go.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
/** The checkout the committed dumps were recorded in (their frames carry it). */
const RECORDED_ROOT = '/work/main';
const GOLDEN = import.meta.dirname;
const UPDATE = process.env.UPDATE_GOLDEN === '1';

const dump = (rel: string) => path.join('testdata/dumps', rel);
const LEAK = dump('go1.26/all.leak.debug2.txt');
const BEFORE = dump('go1.26/all.debug2.txt');
const AFTER = dump('go1.26/all.after-leak.debug2.txt');
const STATIC = path.join(ROOT, 'testdata/static');

let tmp: { dir: string; cleanup: () => void };
const series: string[] = [];

function normalise(text: string): string {
  let t = text.split(tmp.dir).join('<tmp>').split(ROOT).join('<root>').split(RECORDED_ROOT).join('<root>');
  t = t.split(`"version": "${VERSION}"`).join('"version": "<version>"');
  t = t.split(`"version":"${VERSION}"`).join('"version":"<version>"');
  t = t.split(`goroutine-guard ${VERSION}`).join('goroutine-guard <version>');
  t = t.replace(/ packages \(\d+\.\ds\)\n/g, ' packages (<elapsed>)\n');
  return t;
}

function golden(name: string, actual: string): void {
  const file = path.join(GOLDEN, name);
  const text = normalise(actual);
  if (UPDATE || !existsSync(file)) {
    if (!UPDATE) throw new Error(`${name}: no golden file; run with UPDATE_GOLDEN=1 to write it`);
    writeFileSync(file, text);
    return;
  }
  expect(text, `${name} differs from the golden file (UPDATE_GOLDEN=1 rewrites it)`).toBe(readFileSync(file, 'utf8'));
}

async function cli(args: string[], code = 0, cwd = ROOT): Promise<string> {
  const r = await runCli(args, { cwd });
  expect(r.code, r.stderr).toBe(code);
  return r.stdout;
}

beforeAll(() => {
  tmp = tempDir();
  // A series of six dumps a minute apart, named the way `capture` names them, made of the goroutine blocks of a
  // real debug=2 dump: one leaking site grows, one stays flat, the rest of the program is there once.
  const dir = path.join(tmp.dir, 'series');
  mkdirSync(dir);
  // check reads a copy of the demo's source, so its paths map the same way (by suffix) from every checkout,
  // including the one the dump was recorded in.
  cpSync(path.join(ROOT, 'demo/leaky-server'), path.join(tmp.dir, 'leaky-server'), { recursive: true });
  const blocks = goroutineBlocks('go1.26/all.debug2.txt');
  const quote = blockOf(blocks, /patterns\.fetchQuote/);
  const resize = blockOf(blocks, /patterns\.resizeWorker/);
  const base = 1_767_225_600; // 2026-01-01T00:00:00Z
  [5, 10, 20, 40, 60, 80].forEach((n, i) => {
    const to = path.join(dir, `goroutine_${base + 60 * i}.txt`);
    writeFileSync(to, dumpText([...blocks.map((b) => [b, 1] as [string, number]), [quote, n], [resize, 3]]));
    series.push(to);
  });
});
afterAll(() => tmp?.cleanup());

/** The argument lists of the analyze, series and diff reports (JSON golden files are the `--pretty` form). */
const reports = () =>
  [
    ['analyze', ['analyze', LEAK, '--all', '--source', 'testdata/go/leaks']],
    ['series', ['analyze', ...series, '--all', '--source', 'testdata/go/leaks']],
    ['diff', ['diff', BEFORE, AFTER, '--all']],
  ] as const;

describe('golden reports', () => {
  for (const [format, ext] of [
    ['text', 'txt'],
    ['json', 'json'],
    ['markdown', 'md'],
    ['html', 'html'],
  ] as const) {
    const extra = format === 'json' ? ['--pretty'] : [];
    // The source is read from the checkout (mapped by suffix), so every machine shows the same lines.
    for (const i of [0, 1, 2]) {
      it(`${['analyze', 'analyze series', 'diff'][i]} ${format}`, async () => {
        const [name, args] = reports()[i]!;
        golden(`${name}.${ext}`, await cli([...args, '-f', format, ...extra]));
      });
    }
  }

  it('-f json without --pretty is the same document on one line', async () => {
    for (const [name, args] of reports()) {
      const compact = await cli([...args, '-f', 'json']);
      expect(compact.indexOf('\n'), name).toBe(compact.length - 1);
      expect(normalise(JSON.stringify(JSON.parse(compact), null, 2) + '\n'), name).toBe(
        readFileSync(path.join(GOLDEN, `${name}.json`), 'utf8'),
      );
    }
  });

  for (const [format, ext] of [
    ['text', 'txt'],
    ['json', 'json'],
    ['sarif', 'sarif'],
  ] as const) {
    it(`scan ${format}`, async () => {
      const extra = format === 'json' ? ['--pretty'] : [];
      golden(
        `scan.${ext}`,
        await cli(['scan', './...', '-f', format, '--engine', 'fast', '--no-cache', ...extra], 1, STATIC),
      );
    });
  }

  for (const [format, ext] of [
    ['text', 'txt'],
    ['json', 'json'],
    ['markdown', 'md'],
    ['sarif', 'sarif'],
  ] as const) {
    it(`check ${format}`, async () => {
      golden(
        `check.${ext}`,
        await cli(
          [
            'check',
            'leaky-server',
            '--dump',
            path.join(ROOT, 'demo/leaky-server.debug2.txt'),
            '-f',
            format,
            ...(format === 'json' ? ['--pretty'] : []),
          ],
          1,
          tmp.dir,
        ),
      );
    });
  }

  it('scan and check -f json without --pretty are the --pretty documents on one line', async () => {
    const dump = path.join(ROOT, 'demo/leaky-server.debug2.txt');
    const runs = [
      ['scan', ['scan', './...', '-f', 'json', '--engine', 'fast', '--no-cache'], STATIC],
      ['check', ['check', 'leaky-server', '--dump', dump, '-f', 'json'], tmp.dir],
    ] as const;
    for (const [name, args, cwd] of runs) {
      const compact = await cli([...args], 1, cwd);
      const pretty = await cli([...args, '--pretty'], 1, cwd);
      expect(compact.indexOf('\n'), name).toBe(compact.length - 1);
      expect(pretty.split('\n').length, name).toBeGreaterThan(20);
      expect(JSON.stringify(JSON.parse(compact), null, 2) + '\n', name).toBe(pretty);
    }
  });

  it('junit of static and dynamic findings', async () => {
    const scanned = await scan(['./...'], { cwd: STATIC });
    const analysis = await analyzeDump((await openInput(path.join(ROOT, LEAK))).chunks, { source: LEAK });
    const xml = renderJUnit([
      { name: 'scan', cases: findingsToCases(scanned.findings, 'static') },
      { name: 'analyze', cases: findingsToCases(analysis.suspects, 'dynamic') },
    ]);
    golden('junit.xml', xml);
  });
});
