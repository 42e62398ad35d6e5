// Reports from a real dump whose file paths carry HTML: the Go module is built from a directory named
// `<img src=x onerror=alert(1)>`, so every frame's file path holds markup that must come out as text.

import { cpSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { goBuild, runBinary, tempDir, TESTDATA } from '../helpers/go.js';

const EVIL = '<img src=x onerror=alert(1)>';

describe('reports', () => {
  let tmp: { dir: string; cleanup: () => void };
  let dump = '';

  beforeAll(async () => {
    tmp = tempDir();
    const mod = join(tmp.dir, EVIL, 'leaks');
    mkdirSync(join(tmp.dir, EVIL));
    cpSync(join(TESTDATA, 'go', 'leaks'), mod, { recursive: true });
    const bin = await goBuild(mod, './cmd/leakdemo', join(tmp.dir, 'leakdemo'));
    const out = join(tmp.dir, 'out');
    const r = await runBinary(bin, ['-pattern', 'gg001,gg013,gg014', '-out', out, '-name', 'evil']);
    expect(r.code).toBe(0);
    dump = join(out, 'evil.debug2.txt');
    expect(readFileSync(dump, 'utf8')).toContain(EVIL);
  }, 240_000);
  afterAll(() => tmp?.cleanup());

  it('html: one self-contained file, no network, every dump string escaped', async () => {
    const r = await runCli(['analyze', dump, '-f', 'html']);
    expect(r.code).toBe(0);
    const html = r.stdout;
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('Content-Security-Policy" content="default-src \'none\'');
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=["']?(https?:)?\/\//i);
    expect(html).not.toContain(EVIL);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    // The suspects and the expandable stacks are there.
    expect(html).toMatch(/<details class="suspect ev-confirmed"/);
    expect(html).toContain('GG013');
    expect(html).toMatch(/<pre class="stack">/);
  });

  it('json: the documented shape, parseable, with stable fingerprints', async () => {
    const a = JSON.parse((await runCli(['analyze', dump, '-f', 'json'])).stdout);
    const b = JSON.parse((await runCli(['analyze', dump, '-f', 'json'])).stdout);
    expect(a.tool).toBe('goroutine-guard');
    expect(a.info.format).toBe('traceback');
    expect(a.totals.goroutines).toBe(a.buckets.reduce((n: number, x: { count: number }) => n + x.count, 0));
    expect(a.suspects.map((s: { fingerprint: string }) => s.fingerprint)).toEqual(
      b.suspects.map((s: { fingerprint: string }) => s.fingerprint),
    );
    const nil = a.suspects.find((s: { ruleId: string }) => s.ruleId === 'GG013');
    expect(nil).toMatchObject({ origin: 'dynamic', evidence: 'confirmed', severity: 'error' });
    expect(nil.location.file).toContain(EVIL); // JSON carries the raw string; escaping is the renderer's job
  });

  it('markdown: escaped table cells and fenced stacks', async () => {
    const md = (await runCli(['analyze', dump, '-f', 'markdown'])).stdout;
    expect(md).toMatch(/^# Goroutine analysis: /);
    expect(md).toContain('| # | evidence | pattern |');
    expect(md).toMatch(/~~~~\n[^~]*gg013\.go/);
    expect(md).not.toMatch(/\| [^|\n]*<img/);
  });

  it('--fail-on sets the exit code', async () => {
    expect((await runCli(['analyze', dump, '--fail-on', 'confirmed'])).code).toBe(1);
    expect((await runCli(['analyze', dump, '--fail-on', 'proven'])).code).toBe(0);
    expect((await runCli(['analyze', dump, '--fail-on', 'none'])).code).toBe(0);
    const bad = await runCli(['analyze', dump, '--fail-on', 'sometimes']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--fail-on must be one of');
  });

  it('--ignore removes a suspect; a bad spec is a usage error', async () => {
    const before = JSON.parse((await runCli(['analyze', dump, '-f', 'json'])).stdout);
    const nilFunc = before.suspects.find((s: { ruleId: string }) => s.ruleId === 'GG013').location.func;
    const after = JSON.parse((await runCli(['analyze', dump, '-f', 'json', '--ignore', `func:${nilFunc}`])).stdout);
    expect(after.suspects.some((s: { location: { func: string } }) => s.location.func === nilFunc)).toBe(false);
    expect(after.totals.ignored).toBeGreaterThan(before.totals.ignored);
    const bad = await runCli(['analyze', dump, '--ignore', 'regex:(']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^goroutine-guard: --ignore: bad regex/);
  });
});

describe('stdin', () => {
  it('reads a gzip protobuf from -', async () => {
    const bytes = readFileSync(join(TESTDATA, 'dumps', 'go1.26', 'all.debug0.pb.gz'));
    const r = await runCli(['analyze', '-', '-f', 'json'], { stdin: bytes });
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.info).toMatchObject({ source: '<stdin>', format: 'proto' });
    expect(j.totals.goroutines).toBe(155);
  });
});
