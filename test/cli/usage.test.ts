// Usage mistakes a newcomer makes in the first hour, through the real CLI: one line saying what is wrong (plus a
// one-line hint where to read more), exit 2 — never the whole usage text, never "0 findings" for an empty input.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/go.js';

const tmp = tempDir('gguard-usage-');
afterAll(() => tmp.cleanup());
const DUMP = 'testdata/dumps/derived/all.debug2.crlf.txt';

describe('usage errors', () => {
  it.each([
    [
      ['analyze', DUMP, '--format', 'bogus'],
      /^goroutine-guard: option '-f, --format <format>' argument 'bogus' is invalid\. --format must be one of text, json, markdown, html$/,
      'analyze',
    ],
    [['bogus'], /^goroutine-guard: unknown command 'bogus'$/, ''],
    [['analyz', DUMP], /^goroutine-guard: unknown command 'analyz' \(Did you mean analyze\?\)$/, ''],
    [['scan', '--nope', '.'], /^goroutine-guard: unknown option '--nope'$/, 'scan'],
    [['analyze'], /^goroutine-guard: missing required argument 'inputs'$/, 'analyze'],
  ])('%j: one line and a hint, exit 2', async (args, line, cmd) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(line);
    expect(lines[1]).toBe(`(run 'goroutine-guard ${cmd ? `${cmd} ` : ''}--help' for usage)`);
    expect(r.stderr).not.toMatch(/Usage:|Options:/);
  });

  it('--help still prints the whole usage, exit 0', async () => {
    const r = await runCli(['analyze', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: goroutine-guard analyze/);
  });
});

describe('empty inputs are errors', () => {
  const empty = join(tmp.dir, 'empty');
  mkdirSync(empty, { recursive: true });
  const onlyText = join(tmp.dir, 'notes');
  mkdirSync(onlyText, { recursive: true });
  writeFileSync(join(onlyText, 'README.md'), '# not Go\n');

  it.each([[[empty]], [[`${onlyText}/...`]], [['--format', 'sarif', empty]]])(
    'scan %j: no Go files, exit 2 in one line',
    async (args) => {
      const r = await runCli(['scan', ...args]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(
        /^goroutine-guard: .*: no Go files to scan; expected a directory or pattern with \.go files/,
      );
    },
  );

  it('check on a directory without Go files: exit 2, no --trim-prefix advice', async () => {
    const r = await runCli(['check', empty, '--dump', DUMP]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `goroutine-guard: ${empty}: no Go files in the source tree; expected the source tree of the program\n`,
    );
    expect(r.stderr).not.toContain('--trim-prefix');
  });
});
