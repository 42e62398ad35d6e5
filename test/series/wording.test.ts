// The series report's words agree with each other and with the numbers, on samples made from real goroutine
// blocks (see dumps.ts): a total that rises while no one stack grows says so (not "growing" beside "No stack
// grows"), and a site holding 1 % of the goroutines is listed by size but never called "concentrated".

import { describe, expect, it } from 'vitest';
import { analyzeSeries } from '../../src/analysis/series-run.js';
import { renderSeriesMarkdown } from '../../src/report/series-markdown.js';
import { renderSeriesText } from '../../src/report/series-text.js';
import { blockOf, dumpText, goroutineBlocks, seriesOf } from './dumps.js';

const blocks = goroutineBlocks('go1.26/all.debug2.txt');
const quote = blockOf(blocks, /patterns\.fetchQuote/); // GG001, chan send
const resize = blockOf(blocks, /patterns\.resizeWorker/); // GG002, chan receive
const mutex = blockOf(blocks, /configCache\)\.get/); // GG012, sync.Mutex.Lock
const writeLoop = blockOf(blocks, /persistConn\)\.writeLoop/); // GG010

/** Each row: per-sample counts of one block; ids are fresh in every sample (nothing stays by id). */
async function report(rows: [string, number[]][], markdown = false): Promise<string> {
  const n = rows[0]![1].length;
  const texts = Array.from({ length: n }, (_, i) =>
    dumpText(
      rows.map(([b, c]) => [b, c[i]!] as [string, number]),
      1 + i * 100_000,
    ),
  );
  const s = await analyzeSeries(seriesOf(texts));
  return markdown ? renderSeriesMarkdown(s) : renderSeriesText(s);
}

describe('series wording', () => {
  it('a total that rises with load while no one stack grows is "rising", never "growing" beside "No stack grows"', async () => {
    // Every stack wanders; together they rise sample after sample.
    const text = await report([
      [quote, [2, 5, 3, 7, 4, 8, 6, 9]],
      [resize, [3, 1, 6, 3, 8, 5, 9, 7]],
      [mutex, [4, 6, 5, 3, 7, 6, 8, 10]],
      [writeLoop, [1, 2, 3, 5, 4, 6, 5, 7]],
    ]);
    expect(text).toMatch(/^Goroutines: 10 → 33 .*\(.*; rising, but no one stack grows significantly\)$/m);
    expect(text).toContain('No stack grows across the series.');
    expect(text).not.toMatch(/; growing\)/);
  });

  it('a stack that rises without significance says its p is corrected for the stacks tested', async () => {
    // Four strictly rising samples: 1 chance in 24 by order alone.
    const text = await report([
      [quote, [2, 3, 4, 5]],
      [resize, [5, 7, 4, 6]],
      [mutex, [3, 3, 3, 3]],
    ]);
    expect(text).toMatch(
      /^Rising but not significant yet \(1; each p is corrected for the 3 stacks tested: more samples would tell\):\n.*gg001\.go:33 .*\(p=0\.\d+\)$/m,
    );
  });

  it('a stack that grows inside a total that does not is not called "not growing" in the total\'s line', async () => {
    const text = await report([
      [quote, [2, 3, 3, 4, 5, 6]],
      [resize, [5, 7, 4, 6, 5, 7]],
      [mutex, [3, 3, 3, 3, 3, 3]],
    ]);
    expect(text).toMatch(/^Growing stacks \(1\):$/m);
    expect(text).toMatch(/^Goroutines: 10 → 16 .*\(.*; not significant in all, but 1 stack grows\)$/m);
    const md = await report(
      [
        [quote, [2, 3, 3, 4, 5, 6]],
        [resize, [5, 7, 4, 6, 5, 7]],
        [mutex, [3, 3, 3, 3, 3, 3]],
      ],
      true,
    );
    expect(md).toMatch(/^Goroutines 10 → 16 .*, not significant in all, but 1 stack grows\)\. /m);
  });

  it('a site with 1 % of the goroutines is not "concentrated", however many goroutines it holds', async () => {
    // 12 senders at one site among 1,200 goroutines of a busy connection pool that stays the same size.
    const text = await report([
      [quote, [12, 12, 12, 12]],
      [writeLoop, [1188, 1188, 1188, 1188]],
    ]);
    expect(text).not.toMatch(/fetchQuote.*concentrated/);
    // The same 12 alone in a small process are.
    const small = await report([
      [quote, [12, 12, 12, 12]],
      [writeLoop, [8, 8, 8, 8]],
    ]);
    expect(small).toMatch(
      /^\s+12\s+60%\s+chan-send\s+gg001\.go:33 example\.com\/leaks\/patterns\.fetchQuote .*concentrated/m,
    );
  });
});
