// Per-site series on /metrics with bounded cardinality, on a real dump (testdata/dumps/go1.26/all.debug2.txt:
// every leak pattern of testdata/go/leaks in one program, so many blocking sites).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeDump } from '../../src/analysis/index.js';
import { WatchMetrics } from '../../src/watch/metrics.js';
import { buildSample } from '../../src/watch/sample.js';
import { topSites } from '../../src/watch/sites.js';
import { TESTDATA } from '../helpers/go.js';

async function realSample(target: string) {
  const name = 'all.debug2.txt';
  const analysis = await analyzeDump(readFileSync(join(TESTDATA, 'dumps', 'go1.26', name)), { source: name });
  return buildSample({ target, t: 0, durationMs: 1, bytes: 1, analysis, maxBuckets: 200 });
}

describe('top-k sites', () => {
  it('keeps the k largest sites and folds every other goroutine into one `other` series', async () => {
    const s = await realSample('svc');
    const all = topSites(s, 1000);
    expect(all.length).toBeGreaterThan(6);
    expect(all.reduce((n, x) => n + x.goroutines, 0)).toBe(s.goroutines);
    const top = topSites(s, 3);
    expect(top).toHaveLength(4);
    expect(top.slice(0, 3)).toEqual(all.slice(0, 3));
    expect(top[3]).toEqual({ function: 'other', site: 'other', goroutines: s.goroutines - sum(all.slice(0, 3)) });
    // Sorted by goroutines: nothing folded is larger than what was kept.
    for (const x of all.slice(3)) expect(x.goroutines).toBeLessThanOrEqual(top[2]!.goroutines);
  });

  it('/metrics carries at most k + 1 site series per target, and none once the target is forgotten', async () => {
    const m = new WatchMetrics({ processMetrics: false, siteTopK: 2 });
    for (const t of ['a', 'b']) m.observe(await realSample(t));
    const lines = (await m.text()).split('\n').filter((l) => l.startsWith('goroutine_guard_target_site_goroutines{'));
    expect(lines.filter((l) => l.includes('target="a"'))).toHaveLength(3);
    expect(lines.filter((l) => l.includes('target="b"'))).toHaveLength(3);
    expect(lines.some((l) => l.includes('site="other"'))).toBe(true);
    await m.forget('a');
    const after = await m.text();
    expect(after).not.toContain('target="a"');
    expect(after).toContain('target="b"');
  });
});

function sum(xs: { goroutines: number }[]): number {
  return xs.reduce((n, x) => n + x.goroutines, 0);
}
