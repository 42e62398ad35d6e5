// Ticker and timer waits in real dumps of real programs (testdata/dumps, made by testdata/go/leaks): a goroutine
// in `for range t.C` is a plain `chan receive` in the dump, so watch reads the blocking line from the source the
// dump names — mapped to this checkout with a target's `sourceMap`, as for a dump from another machine.

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeDump } from '../../src/analysis/index.js';
import { buildSample } from '../../src/watch/sample.js';
import { TimerSites } from '../../src/watch/timer-sites.js';
import { TESTDATA } from '../helpers/go.js';

/** The dumps were recorded in a checkout at /work/main; this one may be anywhere. */
const MAP = { '/work/main/': `${dirname(TESTDATA)}/` };

async function timerGoroutines(dumpName: string, sourceMap: Record<string, string>) {
  const analysis = await analyzeDump(readFileSync(join(TESTDATA, 'dumps', 'go1.26', dumpName)), { source: dumpName });
  const sites = new TimerSites();
  return buildSample({
    target: 't',
    t: 0,
    durationMs: 0,
    bytes: 0,
    analysis,
    maxBuckets: 200,
    timerWait: (b) => sites.isTimerWait(b.site, b.waitClass, sourceMap),
  }).timerGoroutines;
}

describe('timer waits told from the source line', () => {
  it('counts ticker loops (for range t.C) and selects with a time.After case', async () => {
    // gg004: three heartbeats in `for range t.C`; gg005: a consumer in a select with `case <-time.After(…)`.
    expect(await timerGoroutines('gg004.debug2.txt', MAP)).toBe(3);
    expect(await timerGoroutines('gg005.debug2.txt', MAP)).toBe(1);
  });

  it('does not count receives from ordinary channels, nor waits whose source does not resolve', async () => {
    expect(await timerGoroutines('gg002.debug2.txt', MAP)).toBe(0);
    expect(await timerGoroutines('gg004.debug2.txt', { '/work/main/': '/nonexistent/' })).toBe(0);
  });
});
