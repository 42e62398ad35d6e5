// Growth over time: is a count series (one stack bucket, or the total) really growing, or just noisy?
// A single delta cannot tell a leak from a busy moment, so a series counts as growing when
//   - it has at least `minSamples` points, its Theil–Sen slope is positive and its rise is at least `minRise`, and
//   - either it never decreases and rises at ≥ minSamples−1 steps (short series), or a one-sided Mann–Kendall test
//     rejects "no trend" at `alpha` (long, noisy series).
// Goroutines that come and go (a busy server) give a series that goes up and down: neither rule holds.

export interface Point {
  /** Milliseconds since the epoch. */
  t: number;
  value: number;
}

export interface TrendOptions {
  minSamples?: number;
  alpha?: number;
  /** Minimum rise from the first to the last sample. Default 2. */
  minRise?: number;
}

export interface Trend {
  samples: number;
  first: number;
  last: number;
  /** Theil–Sen slope, units per second. */
  slopePerSec: number;
  /** Non-decreasing with at least minSamples−1 increases. */
  monotonic: boolean;
  /** Mann–Kendall statistic S and one-sided p-value for an increasing trend. */
  mkS: number;
  pValue: number;
  growing: boolean;
}

export const TREND_DEFAULTS = { minSamples: 3, alpha: 0.05, minRise: 2 } as const;

export function trend(points: readonly Point[], opts: TrendOptions = {}): Trend {
  const minSamples = opts.minSamples ?? TREND_DEFAULTS.minSamples;
  const alpha = opts.alpha ?? TREND_DEFAULTS.alpha;
  const minRise = opts.minRise ?? TREND_DEFAULTS.minRise;
  const ps = [...points].sort((a, b) => a.t - b.t);
  const n = ps.length;
  const first = ps[0]?.value ?? 0;
  const last = ps[n - 1]?.value ?? 0;
  let increases = 0;
  let decreases = 0;
  for (let i = 1; i < n; i++) {
    if (ps[i]!.value > ps[i - 1]!.value) increases++;
    else if (ps[i]!.value < ps[i - 1]!.value) decreases++;
  }
  const monotonic = n >= minSamples && decreases === 0 && increases >= minSamples - 1;
  const slopePerSec = theilSen(ps);
  const { s, p } = mannKendall(ps.map((x) => x.value));
  const growing = n >= minSamples && slopePerSec > 0 && last - first >= minRise && (monotonic || p < alpha);
  return { samples: n, first, last, slopePerSec, monotonic, mkS: s, pValue: p, growing };
}

/** Median of pairwise slopes (per second): robust to a few outliers. */
export function theilSen(ps: readonly Point[]): number {
  const slopes: number[] = [];
  for (let i = 0; i < ps.length; i++) {
    for (let j = i + 1; j < ps.length; j++) {
      const dt = (ps[j]!.t - ps[i]!.t) / 1000;
      if (dt > 0) slopes.push((ps[j]!.value - ps[i]!.value) / dt);
    }
  }
  if (slopes.length === 0) return 0;
  slopes.sort((a, b) => a - b);
  const m = slopes.length >> 1;
  return slopes.length % 2 ? slopes[m]! : (slopes[m - 1]! + slopes[m]!) / 2;
}

/** Mann–Kendall S and the one-sided p-value for S > 0 (normal approximation with tie correction). */
export function mannKendall(xs: readonly number[]): { s: number; p: number } {
  const n = xs.length;
  if (n < 3) return { s: 0, p: 1 };
  let s = 0;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) s += Math.sign(xs[j]! - xs[i]!);
  const ties = new Map<number, number>();
  for (const x of xs) ties.set(x, (ties.get(x) ?? 0) + 1);
  let tieTerm = 0;
  for (const t of ties.values()) tieTerm += t * (t - 1) * (2 * t + 5);
  const variance = (n * (n - 1) * (2 * n + 5) - tieTerm) / 18;
  if (variance <= 0) return { s, p: 1 };
  const z = s > 0 ? (s - 1) / Math.sqrt(variance) : s < 0 ? (s + 1) / Math.sqrt(variance) : 0;
  return { s, p: 1 - normalCdf(z) };
}

function normalCdf(z: number): number {
  // Abramowitz–Stegun 7.1.26 erf approximation (|error| < 1.5e-7).
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? (1 + y) / 2 : (1 - y) / 2;
}

export interface RateRule {
  /** Goroutines per second. Default 50 (docs/watch.md). */
  perSecond?: number;
  /** Consecutive periods above the rate. Default 3. */
  periods?: number;
}

export interface RateBreach {
  /** Index of the first sample of the run (the run covers samples start..end). */
  start: number;
  end: number;
  /** Lowest rate in the run, goroutines per second. */
  minRate: number;
}

/** Growth rate between consecutive samples, per second (length n−1). */
export function rates(ps: readonly Point[]): number[] {
  const out: number[] = [];
  for (let i = 1; i < ps.length; i++) {
    const dt = (ps[i]!.t - ps[i - 1]!.t) / 1000;
    out.push(dt > 0 ? (ps[i]!.value - ps[i - 1]!.value) / dt : 0);
  }
  return out;
}

/** The docs/watch.md rule: growth above `perSecond` for `periods` consecutive periods. Returns the first such run. */
export function sustainedGrowth(ps: readonly Point[], rule: RateRule = {}): RateBreach | undefined {
  const limit = rule.perSecond ?? 50;
  const need = rule.periods ?? 3;
  const r = rates(ps);
  let run = 0;
  let minRate = Infinity;
  for (let i = 0; i < r.length; i++) {
    if (r[i]! > limit) {
      run++;
      minRate = Math.min(minRate, r[i]!);
      if (run >= need) return { start: i + 1 - run, end: i + 1, minRate };
    } else {
      run = 0;
      minRate = Infinity;
    }
  }
  return undefined;
}
