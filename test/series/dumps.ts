// Series inputs made from real dumps: the goroutine blocks of a real debug=2 dump (testdata/dumps, written by a
// real Go runtime), repeated as many times as a test wants per sample, with fresh goroutine ids each time, so a
// test controls the counts while the parser still reads real runtime output.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { SeriesInput } from '../../src/analysis/series-run.js';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const dumpPath = (rel: string) => path.join(ROOT, 'testdata/dumps', rel);

/** One goroutine block per element, without its `goroutine N [` id. */
export function goroutineBlocks(rel: string): string[] {
  const text = readFileSync(dumpPath(rel), 'utf8').replace(/\r\n/g, '\n').trim();
  return text.split(/\n\n(?=goroutine \d+ )/).map((b) => b.replace(/^goroutine \d+ /, ''));
}

/** The first block whose text matches. */
export function blockOf(blocks: readonly string[], re: RegExp): string {
  const b = blocks.find((x) => re.test(x));
  if (!b) throw new Error(`no goroutine block matches ${re}`);
  return b;
}

/** A debug=2 dump with `n` copies of each block; `argNoise` changes pointer arguments (they must not matter). */
export function dumpText(parts: readonly [block: string, n: number][], firstId = 1, argNoise = 0): string {
  let id = firstId;
  const out: string[] = [];
  for (const [block, n] of parts) {
    for (let i = 0; i < n; i++) {
      const b = argNoise
        ? block.replace(/0x[0-9a-f]{6,}/g, () => `0x${(0xc000000000 + argNoise * 4096 + id * 64).toString(16)}`)
        : block;
      out.push(`goroutine ${id++} ${b}`);
    }
  }
  return out.join('\n\n') + '\n';
}

/** Series inputs one second apart (or `stepMs`), from dump texts. */
export function seriesOf(texts: readonly string[], stepMs = 1000, t0 = Date.UTC(2026, 0, 1)): SeriesInput[] {
  return texts.map((t, i) => ({ source: `sample-${i + 1}.txt`, time: t0 + i * stepMs, open: () => t }));
}

/** A small deterministic PRNG (mulberry32) for reproducible noise: the fuzzer's. */
export { rng } from '../../bench/fuzz/mutate.mjs';
