// Numbers from hostile dumps: integers within range or a GuardError naming the line, never NaN, Infinity or a
// silently rounded id; and a protobuf cut at a field boundary is reported, not parsed as complete.

import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { GuardError, parseDump } from '../../src/index.js';

async function fails(text: string | Buffer): Promise<GuardError> {
  const e = await parseDump(text, { source: 'x' }).then(
    (d) => d,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(GuardError);
  return e as GuardError;
}

describe('integers in text dumps', () => {
  it('debug=1: a line number that is not a number names the line', async () => {
    const e = await fails('goroutine profile: total 1\n1 @ 0x1\n#\t0x1\tmain.f+0x1\t/a.go:2x\n\n');
    expect(e.position.line).toBe(3);
    expect(e.message).toMatch(/^x:3 /);
  });

  it('debug=1: counts and totals beyond 2^53 are errors, not 1e20', async () => {
    const e = await fails('goroutine profile: total 1\n100000000000000000000 @ 0x1\n#\t0x1\tmain.f+0x1\t/a.go:2\n\n');
    expect(e.position.line).toBe(2);
    const total = await fails('goroutine profile: total 99999999999999999999\n');
    expect(total.position.line).toBe(1);
    const sum = '9007199254740000 @ 0x1\n#\t0x1\tmain.f+0x1\t/a.go:2\n\n';
    const e2 = await fails(`goroutine profile: total 2\n${sum}${sum}`);
    expect(e2.message).toMatch(/below 2\^53/);
  });

  it('traceback: a goroutine id beyond 2^64 − 1 names the line (Go ids are uint64); up to it they are exact', async () => {
    const e = await fails(
      'goroutine 1 [running]:\nmain.f()\n\t/a.go:2 +0x1\n\ngoroutine 18446744073709551616 [chan receive]:\nmain.g()\n\t/a.go:3 +0x1\n',
    );
    expect(e.position.line).toBe(5);
    expect(e.message).toMatch(/goroutine id beyond 2\^64 − 1/);
    const d = await parseDump('goroutine 18446744073709551615 [chan receive]:\nmain.g()\n\t/a.go:3 +0x1\n');
    expect(d.goroutines[0]!.id).toBe(18446744073709551615n);
  });

  it('traceback: a huge creator id is kept exactly, never rounded; a bad line number is no NaN', async () => {
    const d = await parseDump(
      'goroutine 5 [chan receive]:\nmain.g()\n\t/a.go:3x +0x1\ncreated by main.h in goroutine 99999999999999999\n\t/a.go:9 +0x1\n',
    );
    const g = d.goroutines[0]!;
    expect(g.creatorId).toBe(99999999999999999n);
    for (const f of [...g.frames, ...(g.createdBy ? [g.createdBy] : [])])
      expect(Number.isSafeInteger(f.line)).toBe(true);
  });
});

/** Offsets where each top-level protobuf field of `b` starts. */
function fieldStarts(b: Buffer): number[] {
  const out: number[] = [];
  let i = 0;
  const varint = () => {
    let v = 0;
    let m = 1;
    for (;;) {
      const x = b[i++]!;
      v += (x & 0x7f) * m;
      if (x < 0x80) return v;
      m *= 128;
    }
  };
  while (i < b.length) {
    out.push(i);
    const tag = varint();
    if ((tag & 7) === 0) varint();
    else {
      const len = varint();
      i += len;
    }
  }
  return out;
}

describe('protobuf cut at a field boundary', () => {
  const raw = gunzipSync(readFileSync('testdata/dumps/go1.26/all.debug0.pb.gz'));

  it('the whole profile parses', async () => {
    const d = await parseDump(raw);
    expect(d.info.parsed).toBeGreaterThan(0);
  });

  it('every cut at a field boundary is reported (truncated), never parsed as complete', async () => {
    const starts = fieldStarts(raw).filter((s) => s > 0);
    expect(starts.length).toBeGreaterThan(20);
    // The last third: string table entries, where a cut used to give stacks with empty names.
    for (const cut of starts.slice(-Math.ceil(starts.length / 3))) {
      const e = await fails(raw.subarray(0, cut));
      expect(e.kind, `cut at ${cut}: ${e.message}`).toBe('truncated');
      expect(e.message).toMatch(/^x: truncated or inconsistent profile: /);
    }
  });
});

describe('cut text dumps', () => {
  it('debug=1 cut inside a frame line is truncated, not a syntax error', async () => {
    const text = readFileSync('testdata/dumps/go1.26/all.debug1.txt', 'latin1');
    const at = text.indexOf('.go:', text.indexOf('\n#\t0x', 200)) + 4; // right after `file.go:`
    const d = await parseDump(Buffer.from(text.slice(0, at), 'latin1'), { source: 'x' });
    expect(d.info.truncated).toBe(true);
  });

  it('a traceback cut inside a goroutine header is truncated', async () => {
    const text = readFileSync('testdata/dumps/go1.26/gg001.debug2.txt', 'latin1');
    const at = text.indexOf('\n\ngoroutine ', 500) + 2;
    const d = await parseDump(Buffer.from(text.slice(0, at + 'goroutine 11 ['.length), 'latin1'), { source: 'x' });
    expect(d.info.truncated).toBe(true);
  });
});
