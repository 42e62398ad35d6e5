// Is a stack's count series growing beyond chance? A busy server's goroutines come and go, so a rise between two
// samples means little; the question is whether the whole series rises more than its noise explains.
//   - order test: a count that never falls. Without a trend every order of the counts is equally likely, and the
//     chance of a non-decreasing one is exactly ∏(tie group sizes)! / n! (1 in 40,320 for 8 distinct counts);
//   - Mann–Kendall (one-sided, from trend.ts) for long, noisy series that mostly rise;
// the smaller p-value counts, and only with a rise of at least `minRise` and a positive Theil–Sen slope. Then
// Benjamini–Hochberg across all stacks tested (testing 40 stacks at 5 % would flag two by chance). Consequence:
// confirming growth takes about 8 samples; three rising samples are 1 chance in 6.

import { trend, type Point, type Trend } from './trend.js';

export interface GrowthTest {
  t: Trend;
  /** The smaller of the order test's and Mann–Kendall's p-values; 1 when the series does not rise at all. */
  p: number;
  /** Never falls, and rose by at least minRise. */
  rising: boolean;
  /** Significant after the correction (set by markGrowing). */
  growing: boolean;
}

export function points(times: readonly number[], values: readonly number[]): Point[] {
  return times.map((t, i) => ({ t, value: values[i] ?? 0 }));
}

export function neverFalls(cs: readonly number[]): boolean {
  for (let i = 1; i < cs.length; i++) if (cs[i]! < cs[i - 1]!) return false;
  return true;
}

/** The chance that a random order of these counts never falls: ∏ tᵢ! / n! over groups of equal counts. */
export function orderChance(cs: readonly number[]): number {
  const logFact = (k: number) => {
    let s = 0;
    for (let i = 2; i <= k; i++) s += Math.log(i);
    return s;
  };
  const ties = new Map<number, number>();
  for (const c of cs) ties.set(c, (ties.get(c) ?? 0) + 1);
  let log = -logFact(cs.length);
  for (const t of ties.values()) log += logFact(t);
  return Math.exp(log);
}

/** One series' test, not yet corrected for the number of stacks. */
export function growthTest(counts: readonly number[], times: readonly number[], minRise: number): GrowthTest {
  const t = trend(points(times, counts), { minRise, alpha: 0 });
  const eligible = t.samples >= 3 && t.slopePerSec > 0 && t.last - t.first >= minRise;
  const rising = eligible && neverFalls(counts);
  const p = eligible ? Math.min(t.pValue, rising ? orderChance(counts) : 1) : 1;
  return { t, p, rising, growing: false };
}

/** Benjamini–Hochberg at `alpha`: marks the tests whose p-values survive as growing. */
export function markGrowing(tests: readonly GrowthTest[], alpha: number): void {
  const ranked = [...tests].sort((a, b) => a.p - b.p);
  let cut = -1;
  ranked.forEach((x, i) => {
    if (x.p <= ((i + 1) / ranked.length) * alpha) cut = i;
  });
  for (let i = 0; i <= cut; i++) ranked[i]!.growing = true;
}
