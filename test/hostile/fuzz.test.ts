// The CI fuzzer: hostile mutations (bench/fuzz/mutate.mjs: bracket and digit runs, control characters, long lines,
// byte damage, gzip/zip wrappers) of real committed dumps must parse or throw a GuardError, analyze and render,
// each within 2 s. `node bench/fuzz/run.mjs --minutes 10` runs the same mutations for longer.

import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyze, GuardError, parseDump, renderMarkdown, renderText } from '../../src/index.js';
import { mutate, rng } from '../../bench/fuzz/mutate.mjs';

const FILES = [
  'go1.26/all.debug2.txt',
  'go1.26/all.debug1.txt',
  'go1.26/labels.debug2.txt',
  'go1.22/panic.txt',
  'derived/all.in-service-log.txt',
  'go1.26/all.debug0.pb.gz',
];
const corpus = FILES.map((f) => readFileSync(`testdata/dumps/${f}`));
corpus.push(gunzipSync(corpus[corpus.length - 1]!)); // raw protobuf: mutations reach the decoder

async function runCase(data: Buffer): Promise<void> {
  const t0 = performance.now();
  try {
    const d = await parseDump(data, { source: 'fuzz' });
    const a = analyze(d);
    renderText(a);
    renderMarkdown(a);
  } catch (e) {
    if (!(e instanceof GuardError)) throw e;
    expect(e.message).toMatch(/^fuzz/);
    expect(e.message).not.toContain('\n');
  }
  expect(performance.now() - t0).toBeLessThan(2000);
}

describe('hostile mutations of real dumps', () => {
  it('parse or GuardError, analyze and render, each within 2 s', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(corpus.length - 1), fc.integer(), async (i, seed) => {
        await runCase(mutate(corpus[i]!, rng(seed)));
      }),
      { numRuns: 300 },
    );
  }, 120_000);
});
