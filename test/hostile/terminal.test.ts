// Terminal injection: control sequences in a dump (function names, paths, labels, states) never reach the
// terminal or a text/Markdown report raw; only our own colour sequences do.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
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
