// Hostile input to the parsers: quadratic-time shapes, decompression bombs, over-long lines. Each case is bounded in
// time (and, through the caps, in memory) and ends in a GuardError or a parse.

import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { analyze, GuardError, parseDump } from '../../src/index.js';
import { fingerprint } from '../../src/analysis/fingerprint.js';
import { PARSE_LIMITS } from '../../src/profile/index.js';
import { rng, zipOf } from '../../bench/fuzz/mutate.mjs';
import { prefixAnchor } from '../../src/profile/traceback-text.js';
import { runCli } from '../helpers/cli.js';

const DUMP = readFileSync('testdata/dumps/go1.26/all.debug2.txt');

async function timed<T>(f: () => Promise<T>): Promise<{ ms: number; value?: T; error?: unknown }> {
  const t0 = performance.now();
  try {
    const value = await f();
    return { ms: performance.now() - t0, value };
  } catch (error) {
    return { ms: performance.now() - t0, error };
  }
}

describe('linear time on hostile text', () => {
  it('fingerprints a function name with 300,000 `[` in linear time', () => {
    const func = 'main.f' + '['.repeat(300_000);
    const t0 = performance.now();
    const fp = fingerprint({ frames: [{ func, package: 'main', file: '/a.go', line: 1 }], createdBy: undefined });
    expect(fp).toMatch(/^[0-9a-f]{16}$/);
    expect(performance.now() - t0).toBeLessThan(1000);
    // Still the same normalisation: `[...]` groups collapse, an unclosed `[` stays.
    const a = fingerprint({ frames: [{ func: 'p.F[int]', package: 'p', file: '/a.go', line: 1 }] });
    const b = fingerprint({ frames: [{ func: 'p.F[go.shape.int]', package: 'p', file: '/a.go', line: 1 }] });
    expect(a).toBe(b);
  });

  it('parses and analyzes a dump whose frame and creator names hold 300,000 `[`', async () => {
    const brackets = '['.repeat(300_000);
    const text =
      `goroutine 7 [chan receive]:\nmain.f${brackets}()\n\t/a.go:2 +0x1\n` +
      `created by main.g${brackets} in goroutine 1\n\t/a.go:9 +0x2\n`;
    const r = await timed(async () => analyze(await parseDump(text, { source: 'brackets' })));
    expect(r.error).toBeUndefined();
    expect(r.ms).toBeLessThan(2000);
  });
  it('keeps distinct lines apart when they differ only in characters the trie does not sample', async () => {
    // The stack trie hashes 16 spread characters and the last 8 of a line: these 40-char names differ only at
    // positions 1, 2, 4 and 5, which it skips. Every goroutine must keep its own stack (and its own frame).
    const letters = 'abcdefghij';
    const names: string[] = [];
    for (const a of letters)
      for (const b of letters) for (const c of letters.slice(0, 4)) names.push(`p${a}${b}q${c}${c}.${'x'.repeat(34)}`);
    const text = names.map((n, i) => `goroutine ${i + 1} [select]:\n${n}()\n\t/src/p/p.go:7 +0x1\n`).join('\n');
    const r = await timed(async () => analyze(await parseDump(text, { source: 'same-samples' })));
    expect(r.error).toBeUndefined();
    const buckets = r.value!.buckets;
    expect(buckets).toHaveLength(names.length);
    expect(new Set(buckets.map((b) => b.frames[0]!.func))).toEqual(new Set(names));
    for (const b of buckets) expect(names[(b.ids[0] as number) - 1]).toBe(b.frames[0]!.func);
    expect(r.ms).toBeLessThan(10_000);
  });
});

describe('decompression bombs and long lines', () => {
  it('stops a gzip-in-gzip holding one huge line at the line cap, with the byte offset', async () => {
    const inner = gzipSync(Buffer.concat([DUMP, Buffer.alloc(64 << 20, 0x41)]));
    const bomb = gzipSync(inner);
    expect(bomb.length).toBeLessThan(200_000);
    const r = await timed(() => parseDump(bomb, { source: 'bomb.gz' }));
    expect(r.error).toBeInstanceOf(GuardError);
    expect((r.error as GuardError).message).toMatch(/^bomb\.gz \(byte \d+\): line longer than 1048576 bytes/);
    expect((r.error as GuardError).position.offset).toBeGreaterThanOrEqual(DUMP.length - 1);
    expect(r.ms).toBeLessThan(2000);
  });

  it('stops a gzip bomb of many short lines at the decompressed-size cap while streaming', async () => {
    const lines = Buffer.from('\tmain.f()\n'.repeat(1 << 20)); // 10 MiB
    const bomb = gzipSync(gzipSync(Buffer.concat([DUMP, lines, lines, lines])));
    const r = await timed(() => parseDump(bomb, { source: 'lines.gz', maxBytes: 8 << 20 }));
    expect(r.error).toBeInstanceOf(GuardError);
    expect((r.error as GuardError).kind).toBe('too-large');
    expect((r.error as GuardError).message).toMatch(/larger than the 8388608-byte cap \(raise it with --max-bytes\)/);
    // The same input parses when the cap is raised.
    const ok = await parseDump(bomb, { source: 'lines.gz', maxBytes: 64 << 20 });
    expect(ok.info.parsed).toBeGreaterThan(0);
  });

  it('says a gzip of zeros decompresses to binary data, not that it is no gzip', async () => {
    const zeros = gzipSync(Buffer.alloc(256 << 20));
    const r = await timed(() => parseDump(zeros, { source: 'zeros.gz' }));
    expect((r.error as GuardError).kind).toBe('unknown-format');
    expect((r.error as GuardError).message).toMatch(/^zeros\.gz \(byte 0\): gzip data that decompresses to binary/);
  });

  it('inflates a zip entry only up to the cap', async () => {
    const zip = zipOf('goroutines.txt', Buffer.concat([DUMP, Buffer.alloc(64 << 20, 0x0a)]));
    expect(zip.length).toBeLessThan(1 << 20);
    const r = await timed(() => parseDump(zip, { source: 'bomb.zip', maxBytes: 16 << 20 }));
    expect(r.error).toBeInstanceOf(GuardError);
    expect((r.error as GuardError).kind).toBe('too-large');
    expect((r.error as GuardError).message).toMatch(
      /^bomb\.zip .*zip entries inflate to more than the 16777216-byte cap/,
    );
    expect(r.ms).toBeLessThan(2000);
  });

  it('stops a protobuf bomb at the cap while streaming', async () => {
    // A real profile's first bytes, then a long field that keeps the protobuf sniffing happy.
    const head = Buffer.from([0x0a, 0x04, 0x08, 0x01, 0x10, 0x02]);
    const body = Buffer.alloc(64 << 20, 0);
    const bomb = gzipSync(Buffer.concat([head, Buffer.from([0x32, 0xff, 0xff, 0xff, 0xff, 0x0f]), body]));
    const rssBefore = process.memoryUsage().rss;
    const r = await timed(() => parseDump(bomb, { source: 'bomb.pb.gz', maxBufferedBytes: 16 << 20 }));
    expect(r.error).toBeInstanceOf(GuardError);
    expect((r.error as GuardError).message).toMatch(/protobuf profile larger than the 16777216-byte cap/);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(256 << 20);
    expect(PARSE_LIMITS.maxBufferedBytes).toBe(256 << 20); // the default a protobuf stops at, not 1 GiB
  });
});

describe('log-prefix anchor', () => {
  it('matches the old regex on random prefixes, in linear time on a long one', () => {
    const old = (p: string) => {
      const m = /\s((?:[^\s\d]+\s+)+)$/.exec(p);
      return m ? p.slice(m.index) : '';
    };
    const r = rng(7);
    const alphabet = ['a', 'b', ' ', ' ', '\t', '1', '9', 'Z', ':', '\u00a0', '.'];
    for (let n = 0; n < 5000; n++) {
      let p = '';
      const len = Math.floor(r() * 14);
      for (let i = 0; i < len; i++) p += alphabet[Math.floor(r() * alphabet.length)];
      expect(prefixAnchor(p), JSON.stringify(p)).toBe(old(p));
    }
    const long = '# labels: {' + '"a":"b", '.repeat(20_000);
    const t0 = performance.now();
    prefixAnchor(long + '1');
    expect(performance.now() - t0).toBeLessThan(100);
  });

  it('parses a dump line that holds a header after a 180 KB prefix within 2 s', async () => {
    const text = `goroutine 1 [running]:\nmain.f()\n\t/a.go:1 +0x1\n\n# labels: {${'"a":"b", '.repeat(20_000)}goroutine 2 [select]:\n`;
    const t0 = performance.now();
    await parseDump(text, { source: 'prefix' }).catch(() => undefined);
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});

describe('series', () => {
  it('applies --max-bytes to every sample of a series of files', async () => {
    const files = ['testdata/dumps/go1.26/all.debug2.txt', 'testdata/dumps/go1.26/all.after-leak.debug2.txt'];
    const capped = await runCli(['analyze', ...files, '--max-bytes', '1KiB']);
    expect(capped.code, capped.stderr).toBe(2);
    expect(capped.stderr).toMatch(/all\.debug2\.txt \(byte 1024\): input larger than the 1024-byte cap/);
    expect(capped.stderr).toMatch(/all\.after-leak\.debug2\.txt \(byte 1024\): input larger than the 1024-byte cap/);
    const roomy = await runCli(['analyze', ...files, '--max-bytes', '100MiB']);
    expect(roomy.code, roomy.stderr).toBe(0);
  });
});
