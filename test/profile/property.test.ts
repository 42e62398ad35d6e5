// Property tests on real dumps: any mutation parses or throws our typed error, within a time bound; and the result
// does not depend on how the bytes are chunked.

import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze, GuardError, parseDump } from '../../src/index.js';
import { liveDumps, type LiveDumps } from '../helpers/leakdemo.js';

const TRICKY_LINES = [
  'goroutine 1 [',
  'goroutine 99999999999999999999 [running]:',
  'goroutine 5 gp=0xc000 m=nil [select, 3 minutes, locked to thread labels:{"a": "b\\"c"}]:',
  'created by',
  'created by main.f in goroutine ',
  '\t',
  '\t:',
  '...',
  '...99 frames elided...',
  '[originating from goroutine x]:',
  'main.f(',
  'main.f())',
  '(((((((((',
  '# labels: {"unterminated',
  '7 @ 0x1 0xzz',
  '#\t0x1',
  'goroutine profile: total 3',
  'é∂ƒ©˙∆˚¬…æ',
  'x'.repeat(70_000),
];

type Mutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'flip'; at: number; byte: number }
  | { kind: 'insert'; at: number; line: string }
  | { kind: 'delete'; at: number; len: number }
  | { kind: 'crlf' };

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.double({ min: 0, max: 1, noNaN: true }).map((x) => x) }),
  fc.record({
    kind: fc.constant('flip' as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    byte: fc.integer({ min: 0, max: 255 }),
  }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    line: fc.constantFrom(...TRICKY_LINES),
  }),
  fc.record({
    kind: fc.constant('delete' as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    len: fc.integer({ min: 1, max: 400 }),
  }),
  fc.constant({ kind: 'crlf' as const }),
);

function apply(buf: Buffer, ms: Mutation[]): Buffer {
  let b = buf;
  for (const m of ms) {
    const at = 'at' in m ? Math.floor((m.at as number) * b.length) : 0;
    switch (m.kind) {
      case 'truncate':
        b = b.subarray(0, at);
        break;
      case 'flip': {
        b = Buffer.from(b);
        if (b.length) b[Math.min(at, b.length - 1)] = m.byte;
        break;
      }
      case 'insert': {
        const nl = b.indexOf(10, at);
        const pos = nl === -1 ? b.length : nl + 1;
        b = Buffer.concat([b.subarray(0, pos), Buffer.from(m.line + '\n'), b.subarray(pos)]);
        break;
      }
      case 'delete':
        b = Buffer.concat([b.subarray(0, at), b.subarray(at + m.len)]);
        break;
      case 'crlf':
        b = Buffer.from(b.toString('latin1').replace(/\n/g, '\r\n'), 'latin1');
        break;
    }
  }
  return b;
}

async function parsesOrThrowsTyped(data: Buffer): Promise<void> {
  const t0 = performance.now();
  try {
    const d = await parseDump(data, { source: 'mutated' });
    expect(d.info.parsed).toBe(d.goroutines.reduce((a, g) => a + g.count, 0));
    analyze(d); // analysis must cope with whatever parsed
  } catch (e) {
    if (!(e instanceof GuardError)) throw e;
    expect(e.message).toMatch(/^mutated/);
  }
  expect(performance.now() - t0).toBeLessThan(2000);
}

describe('mutated real dumps', () => {
  let live: LiveDumps;
  beforeAll(async () => {
    live = await liveDumps('all', 'prop');
  }, 240_000);
  afterAll(() => live?.cleanup());

  for (const f of ['prop.debug2.txt', 'prop.debug1.txt', 'prop.debug0.pb.gz', 'raw protobuf']) {
    it(`${f}: parses or throws GuardError, within 2 s`, async () => {
      // The raw (gunzipped) protobuf: mutations reach the protobuf decoder instead of failing the gzip CRC.
      const original = f === 'raw protobuf' ? gunzipSync(live.read('prop.debug0.pb.gz')) : live.read(f);
      await fc.assert(
        fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 4 }), async (ms) => {
          await parsesOrThrowsTyped(apply(original, ms));
        }),
        { numRuns: 150 },
      );
    }, 120_000);
  }

  it('gives the same result however the input is chunked', async () => {
    const original = live.read('prop.debug2.txt');
    const whole = await parseDump(original);
    const summary = (gs: typeof whole.goroutines) =>
      gs.map((g) => `${g.id} ${g.state} ${g.frames.length} ${g.createdBy?.line}`).join('\n');
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1, max: 5000 }), { minLength: 1, maxLength: 50 }), async (sizes) => {
        const chunks: Buffer[] = [];
        let pos = 0;
        for (let i = 0; pos < original.length; i++) {
          const n = sizes[i % sizes.length]!;
          chunks.push(original.subarray(pos, pos + n));
          pos += n;
        }
        const d = await parseDump(chunks);
        expect(summary(d.goroutines)).toBe(summary(whole.goroutines));
      }),
      { numRuns: 40 },
    );
  }, 120_000);
});
