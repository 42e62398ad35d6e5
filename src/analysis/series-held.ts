// Goroutine identity across the samples of a series (traceback formats carry ids): which stacks hold the same
// goroutines from the first sample to the last (they are stuck, not replaced), and which churn.

import type { GoroutineId } from '../model/index.js';
import type { AnalyzedBucket } from './analyze.js';

/**
 * Per stack key: how many goroutines of the first sample are still there (same ids) in every sample, when every
 * sample has ids and no goroutine seen at the stack ever left it (each sample's ids include the previous one's).
 * 0 otherwise.
 */
export function heldGoroutines(
  idSets: ReadonlyMap<string, (Set<GoroutineId> | undefined)[]>,
  counts: ReadonlyMap<string, number[]>,
  n: number,
): Map<string, number> {
  const out = new Map<string, number>();
  if (n < 2) return out;
  for (const [k, sets] of idSets) {
    const cs = counts.get(k)!;
    // Every sample with goroutines at the stack must list their ids.
    if (cs.some((c, i) => c > 0 && !sets[i])) continue;
    const first = sets[0];
    if (!first || first.size === 0) continue;
    let kept = true;
    for (let i = 1; i < n && kept; i++) {
      const prev = sets[i - 1]!;
      const cur = sets[i];
      if (!cur) kept = false;
      else for (const id of prev) if (!cur.has(id)) kept = false;
    }
    out.set(k, kept ? first.size : 0);
  }
  return out;
}

/**
 * The stack churns: goroutines seen at it earlier have left it, and none of the latest sample's was seen there
 * before (by id). A burst of goroutines new at a stack that never had any is not churn.
 */
export function renewed(sets: readonly (Set<GoroutineId> | undefined)[]): boolean {
  const last = sets[sets.length - 1];
  if (!last || last.size === 0) return false;
  let earlier = 0;
  for (const set of sets.slice(0, -1)) {
    if (!set) continue;
    for (const id of set) {
      if (last.has(id)) return false;
      earlier++;
    }
  }
  return earlier > 0;
}

export function allHeld(k: string, held: ReadonlyMap<string, number>, counts: ReadonlyMap<string, number[]>): boolean {
  const cs = counts.get(k);
  return !!cs && (held.get(k) ?? 0) === cs[0];
}

export function sumHeld(
  fps: readonly string[],
  buckets: readonly AnalyzedBucket[],
  keyOf: (b: AnalyzedBucket) => string,
  held: ReadonlyMap<string, number>,
): number {
  const keys = new Set(buckets.filter((b) => fps.includes(b.fingerprint)).map(keyOf));
  let n = 0;
  for (const k of keys) n += held.get(k) ?? 0;
  return n;
}
