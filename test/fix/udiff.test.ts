// Unified diffs and SARIF replacements: `patch`-compatible hunks, and replacements that rebuild the new text.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyEdits, editsInteract } from '../../src/fix/apply.js';
import { replacements, unifiedDiff } from '../../src/fix/udiff.js';

const lines = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => `${f(i)}\n`).join('');

describe('unifiedDiff', () => {
  it('is accepted by patch(1) and rebuilds the new file, with separate hunks for distant changes', () => {
    const before = lines(40, (i) => `line ${i}`);
    const after = before
      .replace('line 3\n', 'line 3\ninserted\n')
      .replace('line 30\n', '')
      .replace('line 35', 'changed');
    const diff = unifiedDiff('f.txt', before, after);
    expect(diff.match(/^@@/gm)).toHaveLength(2);
    const dir = mkdtempSync(join(tmpdir(), 'gg-udiff-'));
    try {
      writeFileSync(join(dir, 'f.txt'), before);
      execFileSync('patch', ['-p1', '-s'], { cwd: dir, input: diff });
      expect(readFileSync(join(dir, 'f.txt'), 'utf8')).toBe(after);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is empty for equal texts', () => {
    expect(unifiedDiff('f', 'a\n', 'a\n')).toBe('');
  });
});

describe('replacements', () => {
  it('applied back to front rebuild the new text', () => {
    const before = lines(20, (i) => `l${i}`);
    const after = before.replace('l2\n', '').replace('l15\n', 'l15\nnew\n');
    let text = before;
    for (const r of [...replacements(before, after)].reverse()) {
      text = text.slice(0, r.offset) + r.text + text.slice(r.offset + r.length);
    }
    expect(text).toBe(after);
  });
});

describe('edits', () => {
  it('apply in offset order and detect edits on the same line', () => {
    const src = 'a\nb\nc\n';
    expect(
      applyEdits(src, [
        { start: 4, end: 5, text: 'C' },
        { start: 0, end: 0, text: '>' },
      ]),
    ).toBe('>a\nb\nC\n');
    expect(editsInteract([{ start: 2, end: 2, text: 'x' }], [{ start: 3, end: 3, text: 'y' }], src)).toBe(true);
    expect(editsInteract([{ start: 0, end: 0, text: 'x' }], [{ start: 4, end: 4, text: 'y' }], src)).toBe(false);
    expect(() =>
      applyEdits(src, [
        { start: 0, end: 3, text: '' },
        { start: 2, end: 2, text: 'x' },
      ]),
    ).toThrow(/overlapping/);
  });
});
