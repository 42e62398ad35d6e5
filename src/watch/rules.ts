// The monitoring rules of docs/watch.md as pure functions of a target's recent history: which conditions hold now,
// and for an alert that is already open, whether what it names is still there (`stillThere`). The alert book
// (alerts.ts) turns both into a pending → firing → resolved lifecycle.

import { sustainedGrowth, trend } from '../analysis/index.js';
import type { Alert, Condition, OkSample, RuleId, RuleSettings, StackInfo } from './types.js';
import type { GoroutineId } from '../model/index.js';

/** One successful sample as the rules need it: totals and per-stack counts. */
export interface HistoryPoint {
  t: number;
  goroutines: number;
  counts: ReadonlyMap<string, number>;
  /** Goroutine ids per stack (debug=2 only): the same ids in every sample are the same goroutines, still stuck. */
  ids?: ReadonlyMap<string, readonly GoroutineId[]>;
}

/** Samples kept per target beyond what the rules need: the baseline of a growing stack is its low point in them. */
const BASELINE_SAMPLES = 20;

/** The last `capacity` successful samples of one target, oldest first. */
export class TargetHistory {
  private readonly ring: HistoryPoint[] = [];
  /** Leak-prone flag per fingerprint: only leak-prone stacks feed the bucket-growth rule. */
  readonly leakProne = new Map<string, boolean>();
  /** When each goroutine id was first seen at each stack, for ids still there in the latest sample. */
  readonly firstSeen = new Map<string, Map<GoroutineId, number>>();
  /** Time of the first sample with ids this process saw: ids seen then may be much older. */
  private trackingSince: number | undefined;
  constructor(readonly capacity: number) {}

  push(p: HistoryPoint): void {
    this.ring.push(p);
    if (this.ring.length > this.capacity) this.ring.splice(0, this.ring.length - this.capacity);
    if (!p.ids) {
      // No ids in this sample: no goroutine is known to have stayed.
      this.firstSeen.clear();
      return;
    }
    this.trackingSince ??= p.t;
    for (const fp of this.firstSeen.keys()) if (!p.ids.has(fp)) this.firstSeen.delete(fp);
    for (const [fp, ids] of p.ids) {
      const was = this.firstSeen.get(fp);
      const now = new Map<GoroutineId, number>();
      for (const id of ids) now.set(id, was?.get(id) ?? p.t);
      this.firstSeen.set(fp, now);
    }
  }

  /** Lowest count of a stack over the kept history (0 if it was absent from any sample). */
  low(fp: string): number {
    let low = Infinity;
    for (const p of this.ring) low = Math.min(low, p.counts.get(fp) ?? 0);
    return low === Infinity ? 0 : low;
  }

  /** Goroutines of a stack there since this process started tracking ids (e.g. since a restart). */
  sinceTracking(fp: string): number {
    let n = 0;
    for (const t of this.firstSeen.get(fp)?.values() ?? []) if (t === this.trackingSince) n++;
    return n;
  }

  /** Goroutines of a stack whose ids have been there for at least `ms` before `now`. */
  sameIdsFor(fp: string, now: number, ms: number): number {
    let n = 0;
    for (const t of this.firstSeen.get(fp)?.values() ?? []) if (now - t >= ms) n++;
    return n;
  }

  points(): readonly HistoryPoint[] {
    return this.ring;
  }
}

export function historyCapacity(r: RuleSettings): number {
  return Math.max(r.bucketSamples, r.growthPeriods + 1, BASELINE_SAMPLES);
}

export function toPoint(s: OkSample): HistoryPoint {
  const p: HistoryPoint = {
    t: s.t,
    goroutines: s.goroutines,
    counts: new Map(s.buckets.map((b) => [b.fingerprint, b.count])),
  };
  const withIds = s.buckets.filter((b) => b.ids?.length);
  if (withIds.length) p.ids = new Map(withIds.map((b) => [b.fingerprint, b.ids!]));
  return p;
}

export interface Evaluation {
  conditions: Condition[];
  /** Rules that were evaluated (only these may resolve an alert). */
  evaluated: Set<RuleId>;
  /** Fingerprints the trend test says are growing. */
  growing: Set<string>;
  /** What an open alert's condition measures, now (for alerts whose condition did not fire this time). */
  level: (rule: RuleId, key: string) => number;
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
    'stuck-long',
  ]);
  const n = sample.goroutines;
  const pts = history.points();

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

  if (r.growthPerSecond > 0 && pts.length >= r.growthPeriods + 1) {
    const window = pts.slice(-(r.growthPeriods + 1)).map((p) => ({ t: p.t, value: p.goroutines }));
    const breach = sustainedGrowth(window, { perSecond: r.growthPerSecond, periods: r.growthPeriods });
    if (breach) {
      conditions.push({
        rule: 'growth-rate',
        key: 'rate',
        severity: 'critical',
        summary: `goroutines grew faster than ${r.growthPerSecond}/s for ${r.growthPeriods} periods in a row (at least ${breach.minRate.toFixed(1)}/s, now ${n})`,
        value: n,
        baseline: Math.min(...pts.map((p) => p.goroutines)),
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
      let tr = trend(series, { minSamples: r.bucketSamples, minRise: r.bucketMinRise, alpha: r.bucketAlpha });
      // A leak slower than `bucketMinRise` per window (a few goroutines a minute at a short interval) shows over the
      // whole kept history; many points of noise pass a test now and then, so that test is ten times stricter.
      if (!tr.growing && pts.length >= 2 * r.bucketSamples) {
        const all = pts.map((p) => ({ t: p.t, value: p.counts.get(b.fingerprint) ?? 0 }));
        tr = trend(all, { minSamples: pts.length, minRise: r.bucketMinRise, alpha: r.bucketAlpha / 10 });
      }
      if (!tr.growing) continue;
      growing.add(b.fingerprint);
      conditions.push({
        rule: 'bucket-growing',
        key: b.fingerprint,
        severity: 'critical',
        summary: `${stackName(sample.stacks.get(b.fingerprint), b.fingerprint)} grew from ${tr.first} to ${tr.last} over ${tr.samples} samples (${tr.slopePerSec.toFixed(2)}/s)`,
        value: tr.last,
        baseline: history.low(b.fingerprint),
        subject: stackName(sample.stacks.get(b.fingerprint), b.fingerprint),
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

  const stuck = new Map<string, number>();
  if (r.stuckAfter > 0) {
    for (const b of sample.buckets) {
      const st = sample.stacks.get(b.fingerprint);
      if (!st || !stuckProne(st)) continue;
      const n = stuckCount(b, history, sample.t, r.stuckAfter);
      if (n === 0) continue;
      stuck.set(b.fingerprint, n);
      if (n < r.stuckMinGoroutines) continue;
      const after = r.stuckAfter >= 60_000 ? `${Math.round(r.stuckAfter / 60_000)} min` : `${r.stuckAfter / 1000} s`;
      conditions.push({
        rule: 'stuck-long',
        key: b.fingerprint,
        severity: 'critical',
        summary: `${n} goroutine${n === 1 ? '' : 's'} stuck for over ${after} in ${stackName(st, b.fingerprint)}`,
        value: n,
        subject: stackName(st, b.fingerprint),
        fingerprints: [b.fingerprint],
      });
    }
  }

  const counts = new Map(sample.buckets.map((b) => [b.fingerprint, b.count]));
  const level = (rule: RuleId, key: string): number => {
    switch (rule) {
      case 'goroutines-high':
      case 'growth-rate':
        return n;
      case 'parked-high':
        return n >= r.parkedMinGoroutines && n > 0 ? sample.parked / n : 0;
      case 'bucket-growing':
        return counts.get(key) ?? 0;
      case 'proven-leak':
        return sample.leaked;
      case 'stuck-long':
        // An alert restored after a restart: the goroutines there since then are the ones it named until their
        // ids have been watched for `stuckAfter` again.
        return Math.max(stuck.get(key) ?? 0, history.sinceTracking(key));
      case 'target-down':
        return 0;
    }
  };
  return { conditions, evaluated, growing, level };
}

/** Wait classes where minutes in one place mean stuck: a send nobody takes, a lock nobody releases, a nil channel.
 * Idle receivers (worker pools, `main` on a signal channel) and `sync.Cond.Wait` queues wait for hours when healthy. */
function stuckProne(st: StackInfo): boolean {
  if (st.ignored) return false;
  if (/nil chan|no cases/.test(st.state)) return true;
  if (st.waitClass === 'chan-send') return true;
  return st.waitClass === 'sync' && !/Cond\.Wait|sync\.Cond/.test(st.state);
}

function stuckCount(
  b: { fingerprint: string; count: number; waitMinutes?: { min: number; max: number } },
  history: TargetHistory,
  now: number,
  after: number,
): number {
  const byIds = history.sameIdsFor(b.fingerprint, now, after);
  const w = b.waitMinutes;
  const byWait = !w ? 0 : w.min * 60_000 >= after ? b.count : w.max * 60_000 >= after ? 1 : 0;
  return Math.min(b.count, Math.max(byIds, byWait));
}

/**
 * Whether the subject of an open alert is still there, though its trigger did not hold this time. A growing stack
 * that stopped growing, or a total that stopped rising, has not healed until it is back near its baseline; a
 * threshold rule clears a margin under its limit (hysteresis); a target is down again on any failed scrape.
 */
export function stillThere(a: Alert, ev: Evaluation, r: RuleSettings): boolean {
  const v = ev.level(a.rule, a.key);
  switch (a.rule) {
    case 'goroutines-high':
      return v > r.maxGoroutines * (1 - r.resolveMargin);
    case 'parked-high':
      return v > r.parkedRatio * (1 - r.resolveMargin);
    case 'growth-rate':
    case 'bucket-growing': {
      const base = a.baseline ?? 0;
      const peak = Math.max(a.peak ?? a.value, v);
      return v > base + Math.max(1, r.resolveMargin * (peak - base));
    }
    case 'proven-leak':
    case 'target-down':
      return v > 0;
    case 'stuck-long':
      return v >= r.stuckMinGoroutines;
  }
}

/** What an alert says once its subject is back near its baseline (and in its resolved notification). */
export function clearedSummary(a: Alert, v: number): string | undefined {
  if (a.rule === 'stuck-long') return `${a.subject ?? 'the stack'}: no goroutine stuck any more (${v} now)`;
  if (a.rule !== 'bucket-growing' && a.rule !== 'growth-rate') return undefined;
  const what = a.rule === 'growth-rate' ? 'goroutines' : (a.subject ?? 'the stack');
  return `${what} back near the baseline: ${v} now, ${a.baseline ?? 0} before, peak ${Math.max(a.peak ?? 0, v)}`;
}

/** What a standing alert says once its trigger has stopped holding but its subject is still there. */
export function standingSummary(a: Alert, v: number, r: RuleSettings): string | undefined {
  const under = 1 - r.resolveMargin;
  if (a.rule === 'goroutines-high')
    return `${v} goroutines: back under the limit of ${r.maxGoroutines}, not yet under ${Math.floor(r.maxGoroutines * under)}`;
  if (a.rule === 'parked-high')
    return `${(v * 100).toFixed(1)} % parked: back under ${(r.parkedRatio * 100).toFixed(0)} %, not yet under ${(r.parkedRatio * under * 100).toFixed(1)} %`;
  if (a.rule !== 'bucket-growing' && a.rule !== 'growth-rate') return undefined;
  const what = a.rule === 'growth-rate' ? 'goroutines' : (a.subject ?? 'the stack');
  return `${what} no longer growing but not healed: ${v} now, ${a.baseline ?? 0} before, peak ${Math.max(a.peak ?? 0, v)}`;
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
  return {
    conditions,
    evaluated: new Set<RuleId>(['target-down']),
    growing: new Set(),
    level: (rule) => (rule === 'target-down' ? failures : 0),
  };
}

function topFingerprints(s: OkSample): string[] {
  return s.suspects
    .slice(0, 3)
    .map((f) => f.fingerprint)
    .filter((x): x is string => x !== undefined);
}

/** A stack as a person names it: its function and site (`main.leakySend (chan send at main.go:52)`). */
export function stackName(st: StackInfo | undefined, fp: string): string {
  if (!st) return `stack ${fp}`;
  const fn = st.siteFunc ?? st.frames[0]?.func;
  if (!fn) return `goroutines without frames (${st.state})`;
  return `${fn} (${st.state}${st.site ? ` at ${shortSite(st.site)}` : ''})`;
}

function shortSite(site: string): string {
  const slash = site.lastIndexOf('/');
  return slash === -1 ? site : site.slice(slash + 1);
}
