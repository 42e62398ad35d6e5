// Diffs of real dumps (testdata/dumps, and blocks of them with chosen ids): matching by fingerprint despite new
// ids, new/vanished/grown/shrunk stacks, stuck goroutines (same id, same stack), formats that disagree on the
// `created by` frame, elapsed time and rate, and the CLI's reports and errors.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { diffDumps } from '../../src/analysis/diff.js';
import { cli } from '../capture/servers.js';
import { blockOf, dumpPath, goroutineBlocks } from '../series/dumps.js';

const blocks = goroutineBlocks('go1.26/all.debug2.txt');
const quote = blockOf(blocks, /patterns\.fetchQuote/);
const resize = blockOf(blocks, /patterns\.resizeWorker/);
const mutex = blockOf(blocks, /configCache\)\.get/);
const withIds = (parts: [string, number[]][]) =>
  parts.flatMap(([b, ids]) => ids.map((id) => `goroutine ${id} ${b}`)).join('\n\n') + '\n';

const work = mkdtempSync(path.join(tmpdir(), 'gg-diff-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('diffDumps', () => {
  it('finds nothing changed between a dump and itself, and every goroutine stuck', async () => {
    const text = readFileSync(dumpPath('go1.26/all.debug2.txt'));
    const d = await diffDumps(text, text);
    expect(d.matchedBy).toBe('fingerprint');
    expect(d.totals).toMatchObject({ delta: 0, newStacks: 0, vanishedStacks: 0, grownStacks: 0, shrunkStacks: 0 });
    expect(d.entries.every((e) => e.status === 'same' && e.stuck === e.before)).toBe(true);
    expect(d.totals.stuck).toBe(d.totals.before);
  });

  it('matches stacks by fingerprint across new ids: grown, new, vanished, and who is stuck', async () => {
    const before = withIds([
      [quote, [10, 11]],
      [resize, [20, 21, 22]],
    ]);
    const after = withIds([
      [quote, [10, 11, 50, 51, 52]],
      [mutex, [60, 61, 62, 63]],
    ]);
    const d = await diffDumps(
      { input: before, source: 'before.txt', time: new Date(0) },
      { input: after, source: 'after.txt', time: new Date(10_000) },
    );
    expect(d.entries.map((e) => [e.site?.func?.split('.').pop(), e.status, e.before, e.after, e.delta])).toEqual([
      ['get', 'new', 0, 4, 4],
      ['fetchQuote', 'grown', 2, 5, 3],
      ['resizeWorker', 'vanished', 3, 0, -3],
    ]);
    const q = d.entries[1]!;
    expect(q.stuck).toBe(2);
    expect(q.stuckIds).toEqual([10, 11]);
    expect(q.ruleId).toMatch(/GG001|GG015/);
    expect(d.totals).toMatchObject({ before: 5, after: 9, delta: 4, newStacks: 1, vanishedStacks: 1, grownStacks: 1 });
    expect(d.elapsedMs).toBe(10_000);
    expect(d.totals.ratePerSec).toBeCloseTo(0.4, 10);
  });

  it('matches a debug=2 dump and a debug=0 profile of one process by frames, and says why', async () => {
    const d = await diffDumps(
      readFileSync(dumpPath('go1.26/all.debug2.txt')),
      readFileSync(dumpPath('go1.26/all.debug0.pb.gz')),
    );
    expect(d.matchedBy).toBe('stack');
    expect(d.notes.join('\n')).toMatch(/different formats \(traceback and proto\)/);
    expect(d.notes.join('\n')).toMatch(/stuck goroutines need goroutine ids/);
    const q = d.entries.find((e) => e.site?.func === 'example.com/leaks/patterns.fetchQuote')!;
    expect([q.status, q.before, q.after, q.stuck]).toEqual(['same', 10, 10, 0]);
  });
});

describe('goroutine-guard diff', () => {
  const before = path.join(work, 'goroutine_1767225600.txt');
  const after = path.join(work, 'goroutine_1767225630.txt');
  writeFileSync(before, withIds([[quote, [10, 11]]]));
  writeFileSync(after, withIds([[quote, [10, 11, 12, 13, 14, 15, 16, 17]]]));

  it('prints growth, the rate from the capture file names, and stuck goroutines', async () => {
    const r = await cli('diff', before, after);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Goroutines: 2 → 8 \(\+6\) in 30 s, \+0\.2 goroutines\/s/);
    expect(r.stdout).toMatch(/Stacks: 0 new, 0 vanished, 1 grown, 0 shrunk; 2 goroutines stuck/);
    expect(r.stdout).toMatch(
      / +2 +8 +\+6 +grown +\[chan send\] gg001\.go:\d+ example\.com\/leaks\/patterns\.fetchQuote GG0(01|15) · 2 stuck/,
    );
    expect((await cli('diff', before, after, '--fail-on-growth', '6')).code).toBe(1);
    expect((await cli('diff', before, after, '--fail-on-growth', '7')).code).toBe(0);
  });

  it('writes json, markdown and html', async () => {
    const j = JSON.parse((await cli('diff', before, after, '-f', 'json')).stdout);
    expect(j).toMatchObject({ kind: 'diff', matchedBy: 'fingerprint', elapsedMs: 30_000 });
    expect(j.before.time).toBe('2026-01-01T00:00:00.000Z');
    expect(j.entries[0]).toMatchObject({ status: 'grown', before: 2, after: 8, stuck: 2, stuckIds: [10, 11] });
    const md = (await cli('diff', before, after, '-f', 'markdown')).stdout;
    expect(md).toMatch(/^# Goroutine diff: /);
    expect(md).toMatch(/\| 2 \| 8 \| \+6 \| grown \| chan send \| gg001\.go:\d+ /);
    const out = path.join(work, 'diff.html');
    expect((await cli('diff', before, after, '-f', 'html', '-o', out)).code).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).toMatch(/<td class="num up">\+6<\/td>/);
    expect(html).toContain('stuck ids: 10, 11');
  });

  it('escapes dump text in HTML', async () => {
    const evil = quote
      .replace('patterns.fetchQuote', 'patterns.fetch<b>"&Quote')
      .replaceAll('/work/main/', '/work/<img src=x onerror=alert(1)>/');
    const a = path.join(work, 'evil-a.txt');
    const b = path.join(work, 'evil-b.txt');
    writeFileSync(a, withIds([[evil, [1]]]));
    writeFileSync(b, withIds([[evil, [1, 2, 3]]]));
    const html = (await cli('diff', a, b, '-f', 'html')).stdout;
    expect(html).toContain('patterns.fetch&lt;b&gt;&quot;&amp;Quote');
    expect(html).toContain('/work/&lt;img src=x onerror=alert(1)&gt;/testdata/');
    expect(html).not.toMatch(/<img|<b>/);
  });

  it('fails with one line on a missing file or an HTML page', async () => {
    const missing = await cli('diff', before, path.join(work, 'nope.txt'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^goroutine-guard: .*nope\.txt: no such file\n$/);
    const page = path.join(work, 'page.html');
    writeFileSync(page, '<!doctype html>\n<html><body>pprof</body></html>\n');
    const html = await cli('diff', page, before);
    expect(html.code).toBe(2);
    expect(html.stderr.trim().split('\n')).toHaveLength(1);
    expect(html.stderr).toMatch(/page\.html/);
  });
});
