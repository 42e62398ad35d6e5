// The monitoring rules of spec §5 as pure functions of a target's recent history: which conditions hold now.
// The alert book (alerts.ts) turns conditions into a firing → resolved lifecycle.

import { sustainedGrowth, trend } from '../analysis/index.js';
import type { RuleSettings } from './config.js';
import type { Condition, OkSample, RuleId } from './types.js';

/** One successful sample as the rules need it: totals and per-stack counts. */
export interface HistoryPoint {
  t: number;
  goroutines: number;
  counts: ReadonlyMap<string, number>;
}

/** The last `capacity` successful samples of one target, oldest first. */
export class TargetHistory {
  private readonly ring: HistoryPoint[] = [];
  /** Leak-prone flag per fingerprint: only leak-prone stacks feed the bucket-growth rule. */
  readonly leakProne = new Map<string, boolean>();
  constructor(readonly capacity: number) {}

  push(p: HistoryPoint): void {
    this.ring.push(p);
    if (this.ring.length > this.capacity) this.ring.splice(0, this.ring.length - this.capacity);
  }

  points(): readonly HistoryPoint[] {
    return this.ring;
  }
}

export function historyCapacity(r: RuleSettings): number {
  return Math.max(r.bucketSamples, r.growthPeriods + 1, 2);
}

export function toPoint(s: OkSample): HistoryPoint {
  return { t: s.t, goroutines: s.goroutines, counts: new Map(s.buckets.map((b) => [b.fingerprint, b.count])) };
}

export interface Evaluation {
  conditions: Condition[];
  /** Rules that were evaluated (only these may resolve an alert). */
  evaluated: Set<RuleId>;
  /** Fingerprints the trend test says are growing. */
  growing: Set<string>;
}

/** Rules over a successful sample; `history` ends with that sample's point. */
export function evaluate(sample: OkSample, history: TargetHistory, r: RuleSettings): Evaluation {
  const conditions: Condition[] = [];
  const evaluated = new Set<RuleId>([
    'goroutines-high',
    'parked-high',
    'growth-rate',
    'bucket-growing',
    'proven-leak',
    'target-down',
  ]);
  const n = sample.goroutines;

  if (r.maxGoroutines > 0 && n > r.maxGoroutines) {
    conditions.push({
      rule: 'goroutines-high',
      key: 'total',
      severity: 'critical',
      summary: `${n} goroutines, above the limit of ${r.maxGoroutines}`,
      value: n,
      fingerprints: topFingerprints(sample),
    });
  }

  if (r.parkedRatio > 0 && n >= r.parkedMinGoroutines && n > 0) {
    const ratio = sample.parked / n;
    if (ratio > r.parkedRatio) {
      conditions.push({
        rule: 'parked-high',
        key: 'ratio',
        severity: 'warning',
        summary: `high blocking risk: ${(ratio * 100).toFixed(1)} % of ${n} goroutines are parked (limit ${(r.parkedRatio * 100).toFixed(0)} %)`,
        value: ratio,
        fingerprints: topFingerprints(sample),
      });
    }
  }

  const pts = history.points();
  if (r.growthPerSecond > 0 && pts.length >= r.growthPeriods + 1) {
    const window = pts.slice(-(r.growthPeriods + 1)).map((p) => ({ t: p.t, value: p.goroutines }));
    const breach = sustainedGrowth(window, { perSecond: r.growthPerSecond, periods: r.growthPeriods });
    if (breach) {
      conditions.push({
        rule: 'growth-rate',
        key: 'rate',
        severity: 'critical',
        summary: `goroutines grew faster than ${r.growthPerSecond}/s for ${r.growthPeriods} periods in a row (at least ${breach.minRate.toFixed(1)}/s, now ${n})`,
        value: breach.minRate,
        fingerprints: topFingerprints(sample),
      });
    }
  }

  const growing = new Set<string>();
  if (r.bucketSamples > 0 && pts.length >= r.bucketSamples) {
    const window = pts.slice(-r.bucketSamples);
    for (const b of sample.buckets) {
      if (!history.leakProne.get(b.fingerprint)) continue;
      const series = window.map((p) => ({ t: p.t, value: p.counts.get(b.fingerprint) ?? 0 }));
      const tr = trend(series, { minSamples: r.bucketSamples, minRise: r.bucketMinRise, alpha: r.bucketAlpha });
      if (!tr.growing) continue;
      growing.add(b.fingerprint);
      const st = sample.stacks.get(b.fingerprint);
      const where = st?.site ? ` at ${shortSite(st.site)}` : '';
      conditions.push({
        rule: 'bucket-growing',
        key: b.fingerprint,
        severity: 'critical',
        summary: `stack ${b.fingerprint} (${st?.state ?? '?'}${where}) grew from ${tr.first} to ${tr.last} over ${tr.samples} samples (${tr.slopePerSec.toFixed(2)}/s)`,
        value: tr.last,
        fingerprints: [b.fingerprint],
      });
    }
  }

  if (r.provenLeak && sample.leaked > 0) {
    const fps = sample.buckets.filter((b) => b.leaked > 0).sort((a, b) => b.leaked - a.leaked);
    conditions.push({
      rule: 'proven-leak',
      key: 'proven',
      severity: 'critical',
      summary: `${sample.leaked} goroutine${sample.leaked === 1 ? '' : 's'} proven leaked by the GC (goroutineleak profile) in ${fps.length} stack${fps.length === 1 ? '' : 's'}`,
      value: sample.leaked,
      fingerprints: fps.slice(0, 10).map((b) => b.fingerprint),
    });
  }
  return { conditions, evaluated, growing };
}

/** The target-down rule, evaluated on a failed scrape. Other rules keep their state (no data is not "fine"). */
export function evaluateDown(failures: number, lastError: string, r: RuleSettings): Evaluation {
  const conditions: Condition[] = [];
  if (r.downAfter > 0 && failures >= r.downAfter) {
    conditions.push({
      rule: 'target-down',
      key: 'down',
      severity: 'critical',
      summary: `${failures} scrapes in a row failed: ${lastError}`,
      value: failures,
      fingerprints: [],
    });
  }
  return { conditions, evaluated: new Set<RuleId>(['target-down']), growing: new Set() };
}

function topFingerprints(s: OkSample): string[] {
  return s.suspects
    .slice(0, 3)
    .map((f) => f.fingerprint)
    .filter((x): x is string => x !== undefined);
}

function shortSite(site: string): string {
  const slash = site.lastIndexOf('/');
  return slash === -1 ? site : site.slice(slash + 1);
}
