// Goroutine ids beyond 2^53. Go's ids are uint64, so the model keeps them exactly: a number when a double holds it,
// a bigint above 2^53 − 1 (docs/library.md). The runtime cannot produce such ids in practice (it would have to
// start 2^53 goroutines), so the dump here is a real one, testdata/dumps/go1.26/gg001.debug2.txt (ten goroutines
// of one GG001 leak started by goroutine 1), with its goroutine ids edited by hand in the test: every id, in
// headers and in `created by … in goroutine N`, shifted up by 2^60.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeDump, diffAnalyses, parseDump, renderDiffJSON, renderJSON, renderText } from '../../src/index.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const REAL = readFileSync(path.join(ROOT, 'testdata/dumps/go1.26/gg001.debug2.txt'), 'utf8');
const SHIFT = 2n ** 60n;

/** The real dump with every goroutine id at or above `from` shifted by 2^60. */
function shifted(from = 0n): string {
  const up = (id: string) => (BigInt(id) >= from ? (BigInt(id) + SHIFT).toString() : id);
  return REAL.replace(/^goroutine (\d+) /gm, (_, id: string) => `goroutine ${up(id)} `).replace(
    /in goroutine (\d+)$/gm,
    (_, id: string) => `in goroutine ${up(id)}`,
  );
}

describe('goroutine ids beyond 2^53', () => {
  it('are parsed exactly, as bigints, in headers and creator lines', async () => {
    const real = await parseDump(REAL);
    const big = await parseDump(shifted());
    expect(big.goroutines.length).toBe(real.goroutines.length);
    big.goroutines.forEach((g, i) => {
      const r = real.goroutines[i]!;
      expect(typeof g.id).toBe('bigint');
      expect(g.id).toBe(BigInt(r.id) + SHIFT);
      if (r.creatorId !== undefined) expect(g.creatorId).toBe(BigInt(r.creatorId) + SHIFT);
    });
    // 2^60 + 5 is not a double: a rounded id would have lost the 5.
    expect(big.goroutines.map((g) => g.id)).toContain(SHIFT + 5n);
  });

  it('analysis is the same as with the real ids: buckets, consecutive-id runs, ids sorted exactly', async () => {
    const real = await analyzeDump(REAL);
    const big = await analyzeDump(shifted());
    expect(big.buckets.map((b) => [b.fingerprint, b.count, b.perCreatorRun])).toEqual(
      real.buckets.map((b) => [b.fingerprint, b.count, b.perCreatorRun]),
    );
    expect(big.buckets.map((b) => b.ids)).toEqual(real.buckets.map((b) => b.ids.map((id) => BigInt(id) + SHIFT)));
    expect(big.suspects.map((s) => [s.ruleId, s.count, s.evidence])).toEqual(
      real.suspects.map((s) => [s.ruleId, s.count, s.evidence]),
    );
  });

  it('numbers and bigints in one bucket sort by value', async () => {
    // Ids ≥ 20 shifted: the leak's bucket holds 5, 6, 7, 9, 11, 13 and 2^60 + 21 … 2^60 + 29.
    const a = await analyzeDump(shifted(20n));
    const leak = a.buckets.find((b) => b.count === 10)!;
    const want = [...leak.ids].map((id) => BigInt(id)).sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
    expect(leak.ids.map((id) => BigInt(id))).toEqual(want);
    expect(leak.ids.filter((id) => typeof id === 'number').length).toBeGreaterThan(0);
    expect(leak.ids.filter((id) => typeof id === 'bigint').length).toBeGreaterThan(0);
  });

  it('reports write them: JSON as strings of digits, text without throwing; diffs find the same goroutines', async () => {
    const big = await analyzeDump(shifted());
    const json = JSON.parse(renderJSON(big)) as { buckets: { ids: (number | string)[] }[]; suspects: unknown[] };
    expect(json.buckets.flatMap((b) => b.ids)).toContain((SHIFT + 5n).toString());
    expect(JSON.stringify(json.suspects)).toContain(`"${(SHIFT + 5n).toString()}"`);
    // The text report shows no ids: the same as for the real dump.
    expect(renderText(big)).toBe(renderText(await analyzeDump(REAL)));
    const d = diffAnalyses(big, await analyzeDump(shifted()));
    const stuck = d.entries.flatMap((e) => e.stuckIds);
    expect(stuck).toContain(SHIFT + 5n);
    expect(renderDiffJSON(d)).toContain(`"${(SHIFT + 5n).toString()}"`);
  });
});
