// Goroutine identity in a series, on real dumps: testdata/dumps/diag/growth holds 4 debug=2 samples that
// diagdemo (testdata/go/diag, `-scenario growth`) wrote while its leak grew from about 90 to 610 goroutines, the
// leaked goroutines staying (same ids) from one sample to the next. Four strictly rising samples are 1 chance in
// 24 by order alone (not significant); the same goroutines staying while others join is a leak.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { analyzeSeries } from '../../src/analysis/index.js';
import { blockOf, goroutineBlocks, dumpText, seriesOf } from '../series/dumps.js';

const GROWTH = path.resolve(import.meta.dirname, '../../testdata/dumps/diag/growth');
const files = readdirSync(GROWTH)
  .filter((f) => f.endsWith('.txt'))
  .sort()
  .map((f) => path.join(GROWTH, f));

describe('the same goroutines stuck while the stack grows', () => {
  it('4 samples, 90 → 610: confirmed, and --fail-on confirmed fails', async () => {
    expect(files).toHaveLength(4);
    const r = await runCli(['analyze', ...files, '--fail-on', 'confirmed', '--no-source']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/Goroutines: 8\d → 60\d .*growing\)/);
    expect(r.stdout).not.toContain('Rising but not significant');
    expect(r.stdout).toMatch(/Growing stacks \(1\):\n.*growth\.go:25 main\.lookup\.func1 GG001 \(\d+ stayed by id\)/);
    expect(r.stdout).toMatch(/1\. CONFIRMED GG001 59\d goroutines in chan send/);
    expect(r.stdout).toMatch(/the 8\d goroutines of the first sample stayed, by id, in every later one/);
  });

  it('the same counts with fresh ids in every sample are only rising (the order test alone)', async () => {
    // Rebuild the samples from the real goroutine blocks, renumbered so no id survives from one to the next.
    const texts = files.map((f, i) => {
      const blocks = goroutineBlocks(path.relative(path.join(GROWTH, '../..'), f));
      return dumpText(
        blocks.map((b) => [b, 1] as [string, number]),
        1_000_000 * (i + 1),
      );
    });
    const s = await analyzeSeries(seriesOf(texts));
    const leak = s.buckets.find((b) => b.site?.func === 'main.lookup.func1')!;
    expect(leak.counts[3]! - leak.counts[0]!).toBeGreaterThan(500);
    expect(leak.growing).toBe(false);
    expect(leak.rising).toBe(true);
    expect(leak.held).toBeUndefined();
  });

  it('the healthy worker pool (same ids, not growing) stays possible', async () => {
    const r = await runCli(['analyze', ...files, '-f', 'json', '--no-source']);
    const report = JSON.parse(r.stdout) as { suspects: { location?: { func?: string }; evidence: string }[] };
    const pool = report.suspects.find((f) => f.location?.func === 'main.worker');
    expect(pool?.evidence).toBe('possible');
    expect(readFileSync(files[0]!, 'utf8')).toContain('main.worker');
  });

  it('the same goroutines held for --long-wait minutes of samples are suspected, as header minutes would make them', async () => {
    // The real samples, read as if taken 5 minutes apart: the pool's 8 workers keep their ids for 15 minutes.
    const texts = files.map((f) => readFileSync(f, 'utf8'));
    const spaced = await analyzeSeries(seriesOf(texts, 5 * 60_000));
    const pool = spaced.suspects.find((f) => f.location?.func === 'main.worker');
    expect(pool?.evidence).toBe('suspected');
    expect(pool?.data?.held).toBe(8);
    expect(pool?.explanation).toContain(
      'The same 8 goroutines (by id) stayed blocked here in all 4 samples, over 15 min.',
    );
    // With a longer threshold they are not.
    const patient = await analyzeSeries(seriesOf(texts, 5 * 60_000), { longWaitMinutes: 20 });
    expect(patient.suspects.find((f) => f.location?.func === 'main.worker')?.evidence).toBe('possible');
  });

  it('a site whose goroutines come and go (new ids in every sample) is not a concentration; one that holds them is', async () => {
    // Real goroutine blocks (leakdemo's fetchQuote sender from go1.26/all.debug2.txt), 12 in every sample.
    const quote = blockOf(goroutineBlocks('go1.26/all.debug2.txt'), /patterns\.fetchQuote/);
    const churn = await analyzeSeries(seriesOf([0, 1, 2, 3].map((i) => dumpText([[quote, 12]], 1000 * (i + 1)))));
    const moving = churn.suspects[0]!;
    expect(moving.count).toBe(12);
    expect(moving.evidence).toBe('possible');
    expect(moving.explanation).toContain('Its goroutines come and go');
    const stuck = await analyzeSeries(seriesOf([0, 1, 2, 3].map(() => dumpText([[quote, 12]], 1000))));
    expect(stuck.suspects[0]!.evidence).toBe('suspected');
    expect(stuck.suspects[0]!.explanation).toContain('12 goroutines wait at this one site.');
  });
});
