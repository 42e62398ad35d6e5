// The JSON report's size stays bounded by the number of stacks, not goroutines: each bucket lists the first
// JSON_MAX_IDS goroutine ids (dump order) and says when there are more; `count` is always the full count.

import { describe, expect, it } from 'vitest';
import { analyzeDump, analyzeSeries } from '../../src/analysis/index.js';
import { JSON_MAX_IDS, renderJSON, renderSeriesJSON } from '../../src/report/index.js';
import { blockOf, dumpText, goroutineBlocks, seriesOf } from '../series/dumps.js';

describe('JSON report', () => {
  const blocks = goroutineBlocks('go1.26/all.debug2.txt');
  const quote = blockOf(blocks, /patterns\.fetchQuote/);
  const resize = blockOf(blocks, /patterns\.resizeWorker/);
  const many = JSON_MAX_IDS * 2 + 7;
  const text = dumpText([
    [quote, many],
    [resize, 3],
  ]);

  it('caps the ids per bucket and marks the cut; count keeps every goroutine', async () => {
    const a = await analyzeDump([Buffer.from(text)], { source: 'many.txt' });
    const doc = JSON.parse(renderJSON(a)) as {
      buckets: { count: number; ids: number[]; idsTruncated?: boolean; frames: { func: string }[] }[];
    };
    const big = doc.buckets.find((b) => b.frames.some((f) => f.func.endsWith('fetchQuote')))!;
    expect(big.count).toBe(many);
    expect(big.ids).toEqual(Array.from({ length: JSON_MAX_IDS }, (_, i) => i + 1));
    expect(big.idsTruncated).toBe(true);
    const small = doc.buckets.find((b) => b.frames.some((f) => f.func.endsWith('resizeWorker')))!;
    expect(small).toMatchObject({ count: 3, ids: [many + 1, many + 2, many + 3] });
    expect(small.idsTruncated).toBeUndefined();
  });

  it('is one line unless pretty', async () => {
    const a = await analyzeDump([Buffer.from(text)], { source: 'many.txt' });
    const compact = renderJSON(a);
    const pretty = renderJSON(a, { pretty: true });
    expect(compact.split('\n')).toHaveLength(2);
    expect(pretty.split('\n').length).toBeGreaterThan(100);
    expect(JSON.parse(compact)).toEqual(JSON.parse(pretty));
  });

  it('keeps a series report bounded too: no id list longer than the cap, the latest sample included', async () => {
    // Three samples of a growing stack well past JSON_MAX_IDS goroutines each.
    const texts = [many, many + 50, many + 100].map((n) =>
      dumpText([
        [quote, n],
        [resize, 3],
      ]),
    );
    const s = await analyzeSeries(seriesOf(texts));
    const compact = renderSeriesJSON(s);
    expect(compact.split('\n')).toHaveLength(2);
    const idLists: unknown[][] = [];
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') {
        for (const [k, x] of Object.entries(v)) {
          if (k === 'ids' && Array.isArray(x)) idLists.push(x);
          walk(x);
        }
      }
    };
    const doc = JSON.parse(compact) as { buckets: { counts: number[] }[] };
    walk(doc);
    expect(doc.buckets.some((b) => b.counts.at(-1) === many + 100)).toBe(true);
    expect(idLists.length).toBeGreaterThan(0);
    for (const ids of idLists) expect(ids.length).toBeLessThanOrEqual(JSON_MAX_IDS);
  });
});
