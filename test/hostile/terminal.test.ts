// Terminal injection: control sequences in a dump (function names, paths, labels, states) never reach the
// terminal or a text/Markdown report raw; only our own colour sequences do.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  analyzeDump,
  diffAnalyses,
  renderAnalysis,
  renderDiffMarkdown,
  renderDiffText,
  renderMarkdown,
  renderText,
} from '../../src/index.js';
import { safeTerminal } from '../../src/core/terminal.js';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'gg-term-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TITLE = '\x1b]0;pwned\x07';
const CLEAR = '\x1b[2J\x1b[H';
const CSI8 = '\u009b2J';
const goroutine = (id: number) =>
  `goroutine ${id} [chan receive${CLEAR}, 5 minutes]:\n` +
  `main.evil${TITLE}worker()\n\t/src/${CLEAR}app/main.go:12 +0x1d\n` +
  `created by main.st${CSI8}art in goroutine 1\n\t/src/app/main.go:9 +0x25\n\n`;
const dump = Array.from({ length: 30 }, (_, i) => goroutine(i + 10)).join('');
const file = join(dir, `dump${TITLE}.txt`);
writeFileSync(file, dump);

// Any control character but \n and \t (and, with --color, SGR colour sequences).
// eslint-disable-next-line no-control-regex
const RAW = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;
// eslint-disable-next-line no-control-regex
const withoutSgr = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '');

describe('control characters from a dump', () => {
  for (const format of ['text', 'markdown', 'json', 'html']) {
    it(`analyze --format ${format}: none reach stdout`, async () => {
      const r = await runCli(['analyze', file, '--format', format]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('evil');
      expect(r.stdout).not.toMatch(RAW);
      expect(r.stderr).not.toMatch(RAW);
    });
  }

  it('analyze --color: only colour sequences', async () => {
    const r = await runCli(['analyze', file, '--color']);
    expect(r.stdout).toMatch(/\x1b\[/); // eslint-disable-line no-control-regex
    expect(withoutSgr(r.stdout)).not.toMatch(RAW);
    expect(r.stdout).toContain('\\u001b]0;pwned\\u0007'); // shown, not obeyed
  });

  it('analyze -o report.md: the file is clean too', async () => {
    const out = join(dir, 'report.md');
    const r = await runCli(['analyze', file, '--format', 'markdown', '-o', out]);
    expect(r.code).toBe(0);
    expect(readFileSync(out, 'utf8')).not.toMatch(RAW);
  });

  it('diff and errors naming the file: none reach the terminal', async () => {
    const d = await runCli(['diff', file, file]);
    expect(d.stdout).not.toMatch(RAW);
    const bad = join(dir, `bad${CLEAR}.txt`);
    writeFileSync(bad, `hello${TITLE}\n`);
    const e = await runCli(['analyze', bad]);
    expect(e.code).toBe(2);
    expect(e.stderr).not.toMatch(RAW);
  });

  it('keeps JSON valid: the escape is a JSON escape', async () => {
    const r = await runCli(['analyze', file, '--format', 'json']);
    const parsed = JSON.parse(r.stdout) as unknown;
    expect(JSON.stringify(parsed)).toContain('\\u001b]0;pwned\\u0007');
    expect(JSON.parse(`"${safeTerminal('a\u009bb')}"`)).toBe('a\u009bb');
  });
});

// The library's renderers are safe by default too (not only the CLI's stdout): a program that prints
// renderText(analysis) of a hostile target's dump must not hand the target its terminal.
describe('library renderers', () => {
  // A stack whose function name would close a `~~~~` fence and whose path would split a table cell.
  const fenceBreaker = (id: number) =>
    `goroutine ${id} [chan send, 9 minutes]:\n` +
    `~~~~~~~~main.(*T).x|y${TITLE}()\n\t/src/a|b/${CLEAR}x.go:7 +0x1d\n` +
    `created by main.st${CSI8}art in goroutine 1\n\t/src/app/main.go:9 +0x25\n\n`;
  const hostile = dump + Array.from({ length: 30 }, (_, i) => fenceBreaker(i + 100)).join('');

  it('renderText and renderMarkdown escape control characters unless raw', async () => {
    const a = await analyzeDump(hostile, { source: `dump${TITLE}.txt` });
    const text = renderText(a);
    expect(text).toContain('evil');
    expect(text).not.toMatch(RAW);
    expect(text).toContain('\\u001b]0;pwned\\u0007');
    const colour = renderText(a, { color: true });
    expect(colour).toMatch(/\x1b\[[0-9;]*m/); // eslint-disable-line no-control-regex
    expect(withoutSgr(colour)).not.toMatch(RAW);
    const md = renderMarkdown(a);
    expect(md).not.toMatch(RAW);
    expect(renderAnalysis(a, 'markdown')).toBe(md);
    // Raw is there for a caller that escapes for its own medium.
    expect(renderText(a, { raw: true })).toContain(TITLE);
    expect(renderMarkdown(a, { raw: true })).toContain(TITLE);
    expect(renderAnalysis(a, 'text', { raw: true })).toContain(TITLE);
  });

  it('Markdown: a function name of tildes cannot close the stack fence', async () => {
    const a = await analyzeDump(hostile, { source: 'dump.txt' });
    const md = renderMarkdown(a);
    expect(md).toContain('~~~~~~~~main.(*T).x|y');
    // Every fence opened is closed by a line of the same length, and no frame line is a fence of that length.
    const lines = md.split('\n');
    const fences = lines.filter((l) => /^~{4,}$/.test(l));
    expect(fences.length).toBeGreaterThan(0);
    expect(fences.length % 2).toBe(0);
    for (let i = 0; i < fences.length; i += 2) expect(fences[i]).toBe(fences[i + 1]);
    const open = lines.indexOf(fences[0]!);
    const close = lines.indexOf(fences[0]!, open + 1);
    expect(lines.slice(open + 1, close).some((l) => l.startsWith('~~~~~~~~main.'))).toBe(true);
    expect(fences[0]!.length).toBeGreaterThan(8);
  });

  it('diff text and Markdown are escaped as well', async () => {
    const a = await analyzeDump(hostile, { source: `a${CLEAR}.txt` });
    const b = await analyzeDump(dump, { source: 'b.txt' });
    const d = diffAnalyses(a, b);
    expect(renderDiffText(d, { all: true })).not.toMatch(RAW);
    expect(renderDiffMarkdown(d, { all: true })).not.toMatch(RAW);
    expect(renderDiffText(d, { all: true, raw: true })).toMatch(RAW);
  });
});
