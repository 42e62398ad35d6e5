// Small leaks are shown, on real dumps of real bugs: testdata/dumps/realbugs holds one runtime.Stack dump per
// kernel of testdata/realbugs (written by its runner, `runner/dumps.sh`, in a process that ran that kernel alone),
// 1–5 goroutines stuck each. Every `// BLOCKS:` marker of a kernel's bad.go — a place the runner proved holds a
// parked goroutine — must be named by file:line in the default text report, not hidden behind "… and N more".

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeDump } from '../../src/analysis/index.js';
import { renderText } from '../../src/report/text.js';
import { runCli } from '../helpers/cli.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const DUMPS = path.join(ROOT, 'testdata/dumps/realbugs');
const KERNELS = path.join(ROOT, 'testdata/realbugs');
const dumps = readdirSync(DUMPS)
  .filter((f) => f.endsWith('.stack.txt'))
  .sort();

function markers(id: string): number[] {
  return readFileSync(path.join(KERNELS, id, 'bad/bad.go'), 'utf8')
    .split('\n')
    .flatMap((l, i) => (/\/\/\s*BLOCKS:/.test(l) ? [i + 1] : []));
}

describe('small leaks of real bugs in the default text report', () => {
  it('one dump per kernel of the realbugs corpus', () => {
    const kernels = readdirSync(KERNELS).filter((d) => /^[a-z0-9-]+-\d+$/.test(d));
    expect(dumps.map((f) => f.replace(/\.stack\.txt$/, ''))).toEqual(kernels.sort());
  });

  it('every marked blocking site is named by file:line', async () => {
    let sites = 0;
    const missing: string[] = [];
    for (const f of dumps) {
      const id = f.replace(/\.stack\.txt$/, '');
      const a = await analyzeDump([readFileSync(path.join(DUMPS, f))], { source: f });
      // The fixed scenario ran in the same process and left nothing behind.
      expect(a.suspects.filter((s) => s.location?.file.includes('/fixed/')).length, id).toBe(0);
      const text = renderText(a);
      expect(text, id).not.toContain('more suspect');
      for (const line of markers(id)) {
        sites++;
        if (!text.includes(` at bad.go:${line} `)) missing.push(`${id}: bad.go:${line}`);
      }
    }
    expect(sites).toBeGreaterThanOrEqual(100);
    expect(missing).toEqual([]);
  });

  it('the CLI shows a one-goroutine leak with its site, and its whole stack with --stacks', async () => {
    const dump = path.join(DUMPS, 'backoff-30.stack.txt');
    const short = await runCli(['analyze', '--no-source', dump]);
    expect(short.code).toBe(0);
    expect(short.stdout).toMatch(/GG001 1 goroutine in chan send at bad\.go:35 bad\.\(\*controller\)\.run\n/);
    const long = await runCli(['analyze', '--no-source', '--stacks', dump]);
    expect(long.stdout).toMatch(
      /bad\.go:35 bad\.\(\*controller\)\.run\n\s+stack:\n\s+> bad\.\(\*controller\)\.run\s+bad\.go:35\n\s+created by bad\.newController at bad\.go:21/,
    );
  });
});
