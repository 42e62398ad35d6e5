// Series analysis on inputs made from real dumps (see dumps.ts): what grows is confirmed, what goes up and down is
// not, a single jump is not growth, matching survives new ids and argument values, the rate rule, a format change
// mid-series, goroutineleak profiles, and bad or missing samples.

import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeSeries } from '../../src/analysis/series-run.js';
import type { SeriesAnalysis } from '../../src/analysis/series-types.js';
import { GuardError } from '../../src/core/errors.js';
import { blockOf, dumpPath, dumpText, goroutineBlocks, rng, seriesOf } from './dumps.js';

const blocks = goroutineBlocks('go1.26/all.debug2.txt');
const quote = blockOf(blocks, /patterns\.fetchQuote/); // GG001, chan send
const resize = blockOf(blocks, /patterns\.resizeWorker/); // GG002, chan receive
const writeLoop = blockOf(blocks, /persistConn\)\.writeLoop/); // GG010
const mutex = blockOf(blocks, /configCache\)\.get/); // GG012, sync.Mutex.Lock
const writer = blockOf(blocks, /writeGoroutineStacks/); // the dump writer: benign

/** A series where each named stack has the given counts per sample. */
async function run(counts: Record<string, number[]>, opts: { stepMs?: number; argNoise?: boolean } = {}) {
  const stacks: Record<string, string> = { quote, resize, writeLoop, mutex };
  const n = Object.values(counts)[0]!.length;
  const texts = Array.from({ length: n }, (_, i) =>
    dumpText(
      [[writer, 1], ...Object.entries(counts).map(([k, c]) => [stacks[k]!, c[i]!] as [string, number])],
      1 + i * 1000,
      opts.argNoise ? i + 1 : 0,
    ),
  );
  return analyzeSeries(seriesOf(texts, opts.stepMs));
}

const growing = (s: SeriesAnalysis) =>
  s.buckets.filter((b) => b.growing && !b.ignored).map((b) => b.site?.func ?? b.frames[0]?.func);
const suspectAt = (s: SeriesAnalysis, re: RegExp) => s.suspects.find((f) => re.test(f.location?.func ?? ''));

describe('growth per stack', () => {
  it('confirms the stack that grows and only that one', async () => {
    const s = await run({ quote: [2, 4, 6, 8, 10, 12], resize: [5, 7, 4, 6, 5, 7], writeLoop: [3, 3, 3, 3, 3, 3] });
    expect(growing(s)).toEqual(['example.com/leaks/patterns.fetchQuote']);
    const f = suspectAt(s, /fetchQuote/)!;
    expect(f.evidence).toBe('confirmed');
    expect(f.ruleId).toMatch(/GG001|GG015/);
    expect(f.data?.counts).toEqual([2, 4, 6, 8, 10, 12]);
    expect(f.explanation).toContain(
      'Grew from 2 to 12 goroutines over 6 samples (+2.00/s Theil–Sen slope, never falling, p=0.0014).',
    );
    expect(suspectAt(s, /resizeWorker/)!.evidence).not.toBe('confirmed');
    expect(suspectAt(s, /resizeWorker/)!.data?.counts).toEqual([5, 7, 4, 6, 5, 7]);
    const b = s.buckets.find((x) => x.growing)!;
    expect(b.trend.slopePerSec).toBeCloseTo(2, 5);
    expect(s.total.counts).toEqual([11, 15, 14, 18, 19, 23]);
  });

  it('does not call a single jump, or a saw-tooth, growth', async () => {
    const s = await run({ quote: [3, 3, 3, 3, 3, 9], resize: [3, 9, 3, 9, 3, 9], mutex: [9, 3, 9, 3, 9, 3] });
    expect(growing(s)).toEqual([]);
    expect(s.suspects.filter((f) => f.evidence === 'confirmed')).toEqual([]);
  });

  it('sees a slow, stepwise leak over a longer series (Mann–Kendall)', async () => {
    const s = await run({
      quote: [0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 4, 4],
      resize: [4, 5, 4, 6, 4, 5, 4, 5, 6, 4, 5, 4],
      mutex: [2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2],
    });
    expect(growing(s)).toEqual(['example.com/leaks/patterns.fetchQuote']);
    expect(suspectAt(s, /fetchQuote/)!.explanation).toMatch(/Grew from 0 to 4/);
  });

  it('needs enough samples: three rising ones are only "rising"', async () => {
    const two = await run({ quote: [1, 50] });
    expect(growing(two)).toEqual([]);
    expect(two.warnings).toContain('2 valid samples: growth needs at least 3 (8 or more is better)');
    const three = await run({ quote: [1, 50, 100], resize: [2, 2, 2] });
    expect(growing(three)).toEqual([]);
    const b = three.buckets.find((x) => x.site?.func?.endsWith('fetchQuote'))!;
    expect(b.rising).toBe(true);
    expect(b.p).toBeGreaterThan(0.1); // 1 in 6 by order; Mann–Kendall says 0.15
  });

  it('rarely flags stacks whose counts only fluctuate (busy, not leaking)', async () => {
    const random = rng(20261126);
    const draw = () => Array.from({ length: 8 }, () => Math.floor(random() * 13));
    let flagged = 0;
    const trials = 150;
    for (let i = 0; i < trials; i++) {
      const s = await run({ quote: draw(), resize: draw(), writeLoop: draw(), mutex: draw() });
      if (growing(s).length) flagged++;
    }
    // Four independent stationary stacks per series: at alpha 0.01 with the correction, about 1 % of series.
    expect(flagged / trials).toBeLessThan(0.02);
  });

  it('matches stacks across samples whatever the goroutine ids and argument values (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 6 }),
        fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 6, maxLength: 9 }),
        async (start, steps) => {
          const counts = steps.reduce<number[]>((acc, d) => [...acc, acc[acc.length - 1]! + d], [start]);
          const s = await run({ quote: counts, writeLoop: counts.map(() => 2) }, { argNoise: true });
          expect(growing(s)).toEqual(['example.com/leaks/patterns.fetchQuote']);
          expect(s.buckets.find((b) => b.growing)!.counts).toEqual(counts);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('never calls a stack growing when it ends no higher than it started (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 3, maxLength: 9 }), async (xs) => {
        const counts = [...xs, xs[0]!];
        const s = await run({ quote: counts, resize: counts.slice().reverse() });
        expect(growing(s)).toEqual([]);
      }),
      { numRuns: 25 },
    );
  });
});

describe('total growth and the rate rule (> 50/s for 3 consecutive periods)', () => {
  it('breaks at 60 goroutines/s sustained, not at 30/s', async () => {
    const fast = await run({ quote: [0, 60, 120, 180, 240] });
    expect(fast.total.breach).toEqual({ start: 0, end: 3, minRate: 60 });
    expect(fast.total.rates).toEqual([60, 60, 60, 60]);
    const slow = await run({ quote: [0, 30, 60, 90, 120] });
    expect(slow.total.breach).toBeUndefined();
    expect(slow.total.trend.growing).toBe(true);
    // Two fast periods, a pause, two fast periods: never three in a row.
    const bursty = await run({ quote: [0, 60, 120, 120, 180, 240] });
    expect(bursty.total.breach).toBeUndefined();
  });

  it('uses the real time between samples', async () => {
    const s = await run({ quote: [0, 60, 120, 180, 240] }, { stepMs: 2000 });
    expect(s.total.breach).toBeUndefined();
    expect(s.total.rates).toEqual([30, 30, 30, 30]);
  });
});

describe('concentration by blocking site', () => {
  it('ranks sites by goroutines in the latest sample and flags concentrated and growing ones', async () => {
    const s = await run({
      quote: [4, 5, 6, 7, 8, 9, 10, 12],
      mutex: [5, 5, 5, 5, 5, 5, 5, 5],
      resize: [1, 2, 1, 1, 2, 1, 1, 1],
    });
    const top = s.sites[0]!;
    expect(top.site?.func).toBe('example.com/leaks/patterns.fetchQuote');
    expect(top.count).toBe(12);
    expect(top.concentrated).toBe(true);
    expect(top.growing).toBe(true);
    expect(top.counts).toEqual([4, 5, 6, 7, 8, 9, 10, 12]);
    const m = s.sites.find((x) => x.site?.func?.includes('configCache'))!;
    expect(m.concentrated).toBe(false);
    expect(m.share).toBeCloseTo(5 / 18, 5);
  });
});

describe('format change mid-series', () => {
  it('matches debug=2, debug=0 and debug=1 samples of one process by frames and invents no growth', async () => {
    const t0 = Date.UTC(2026, 0, 1);
    const files = ['all.debug2.txt', 'all.debug0.pb.gz', 'all.debug1.txt'];
    const s = await analyzeSeries(
      files.map((f, i) => ({ source: f, time: t0 + i * 1000, open: () => readFileSync(dumpPath(`go1.26/${f}`)) })),
    );
    expect(s.samples.map((x) => x.format)).toEqual(['traceback', 'proto', 'debug1']);
    expect(s.matchedBy).toBe('stack');
    expect(s.warnings.join('\n')).toMatch(
      /the samples mix formats \(traceback, proto, debug1\): stacks are matched by their frames only/,
    );
    expect(growing(s)).toEqual([]);
    const q = s.buckets.find((b) => b.site?.func === 'example.com/leaks/patterns.fetchQuote')!;
    expect(q.counts).toEqual([10, 10, 10]);
  });
});

describe('goroutineleak profiles in a series', () => {
  it('turn the stacks they list into proven suspects', async () => {
    const t0 = Date.UTC(2026, 0, 1);
    const text = readFileSync(dumpPath('go1.26/gg001.debug2.txt'));
    const s = await analyzeSeries([
      { source: 'g1', time: t0, open: () => text },
      { source: 'g2', time: t0 + 1000, open: () => text },
      { source: 'leak', time: t0 + 1500, open: () => readFileSync(dumpPath('go1.26/gg001.leak.debug1.txt')) },
      { source: 'g3', time: t0 + 2000, open: () => text },
    ]);
    expect(s.samples.map((x) => x.source)).toEqual(['g1', 'g2', 'g3']);
    expect(s.leakProfiles.map((x) => x.source)).toEqual(['leak']);
    expect(suspectAt(s, /fetchQuote/)!.evidence).toBe('proven');
  });
});

describe('bad and missing samples', () => {
  const good = (i: number) =>
    dumpText(
      [
        [writer, 1],
        [quote, 2 + i],
      ],
      1 + i * 100,
    );
  it('skips them with the reason and analyzes the rest', async () => {
    const t0 = Date.UTC(2026, 0, 1);
    const s = await analyzeSeries([
      { source: 'a.txt', time: t0, open: () => good(0) },
      { source: 'login.html', time: t0 + 1000, open: () => '<!doctype html><html><body>Sign in</body></html>\n' },
      { source: 'b.txt', time: t0 + 2000, open: () => good(1) },
      { source: 'c.txt', time: t0 + 3000, missing: 'HTTP 502 Bad Gateway' },
      { source: 'd.txt', time: t0 + 4000, open: () => good(2).slice(0, -60) },
      { source: 'e.txt', time: t0 + 5000, open: () => good(3) },
    ]);
    expect(s.samples.map((x) => x.source)).toEqual(['a.txt', 'b.txt', 'e.txt']);
    expect(s.skipped.map((x) => x.source)).toEqual(['login.html', 'c.txt', 'd.txt']);
    expect(s.skipped[0]!.reason).toMatch(/^login\.html/);
    expect(s.skipped[1]!.reason).toBe('HTTP 502 Bad Gateway');
    expect(s.skipped[2]!.reason).toMatch(/truncated dump/);
  });

  it('fails with one GuardError listing the reasons when no sample is valid', async () => {
    const err = await analyzeSeries([
      { source: 'x', missing: 'connection refused' },
      { source: 'y', open: () => 'hello\n' },
    ]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GuardError);
    expect((err as GuardError).message).toMatch(
      /^<series>: no valid goroutine profile in the series; skipped: x: connection refused; y: /,
    );
  });
});
