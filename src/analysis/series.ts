// A series of dumps of one process → which stacks leak. One dump shows what is blocked; only change over time shows
// what grows. Per stack (matched by fingerprint) the counts over time go through a robust trend test, and a stack
// that grows is `confirmed` evidence. Goroutines that come and go (a busy server) give counts that rise and fall;
// a stack grows only when its rise (≥ `minRise`, positive Theil–Sen slope) is unlikely to be chance. Two tests, the
// smaller p-value counts:
//   - order: a count that never falls. If the counts had no trend every order of them would be equally likely, and
//     the chance of a non-decreasing one is exactly ∏(tie group sizes)! / n! (1/40320 for 8 distinct counts);
//   - Mann–Kendall, one-sided, for long noisy series that mostly rise;
// then Benjamini–Hochberg over every stack tested at `alpha` (0.01): testing 40 stacks at 5 % would otherwise flag
// two of them by chance. Hence 8 samples or more: three rising samples are 1 chance in 6. Stacks that never fall
// but are not significant yet are `rising` (take more samples). Also: LeakProf-style concentration by blocking
// site, the total's growth in goroutines/s and the docs/watch.md rate rule (> 50/s for 3 consecutive periods).
// Pure: the caller brings analyses.

import { compareText, GuardError } from '../core/index.js';
import type { Finding, GoroutineId } from '../model/index.js';
import type { Analysis, AnalyzedBucket } from './analyze.js';
import { allHeld, heldGoroutines, renewed, sumHeld } from './series-held.js';
import {
  SERIES_DEFAULTS,
  type SeriesAnalysis,
  type SeriesBucket,
  type SeriesOptions,
  type SeriesSample,
  type SkippedSample,
} from './series-types.js';
import { matchPattern } from './classify.js';
import { orderKey } from './fingerprint.js';
import { crossFormatKey, formatFamily } from './diff.js';
import { concentration } from './concentration.js';
import { compareFindings, GREW_SENTENCE, groupFinding, siteKey, SUSPECT_DEFAULTS } from './suspects.js';
import { growthTest, markGrowing, neverFalls, points, type GrowthTest } from './growth.js';
import { rates, sustainedGrowth, trend } from './trend.js';

interface StoredBucket {
  fingerprint: string;
  loose: string;
  count: number;
  ignored?: string;
  /** Goroutine ids (traceback formats only). */
  ids?: readonly GoroutineId[];
}

interface Stored {
  meta: SeriesSample;
  buckets: StoredBucket[];
  analysis?: Analysis;
}

/** Collects analyzed samples in any order; `finish` computes the series. */
export class SeriesBuilder {
  private readonly samples: Stored[] = [];
  private readonly leaks: Stored[] = [];
  private readonly skipped: SkippedSample[] = [];
  /** Latest representative bucket per fingerprint, without ids (for stacks gone by the end). */
  private readonly reps = new Map<string, { bucket: AnalyzedBucket; time: number }>();
  private latest: Stored | undefined;

  constructor(private readonly opts: SeriesOptions = {}) {}

  add(analysis: Analysis, time: number): void {
    const meta: SeriesSample = {
      source: analysis.info.source,
      time,
      format: analysis.info.format,
      goroutines: analysis.totals.goroutines,
      warnings: analysis.info.warnings,
    };
    const buckets = analysis.buckets.map((b) => {
      const s: StoredBucket = { fingerprint: b.fingerprint, loose: crossFormatKey(b), count: b.count };
      if (b.ignored) s.ignored = b.ignored;
      if (b.ids.length) s.ids = b.ids;
      return s;
    });
    const stored: Stored = { meta, buckets };
    if (analysis.info.leakProfile) {
      this.leaks.push(stored);
      return;
    }
    this.samples.push(stored);
    for (const b of analysis.buckets) {
      const prev = this.reps.get(b.fingerprint);
      if (!prev || prev.time <= time) this.reps.set(b.fingerprint, { bucket: { ...b, ids: [] }, time });
    }
    if (!this.latest || this.latest.meta.time <= time) {
      if (this.latest) delete this.latest.analysis;
      stored.analysis = analysis;
      this.latest = stored;
    }
  }

  skip(source: string, reason: string, time?: number): void {
    this.skipped.push(time === undefined ? { source, reason } : { source, time, reason });
  }

  finish(): SeriesAnalysis {
    const samples = [...this.samples].sort((a, b) => a.meta.time - b.meta.time);
    const latest = this.latest;
    if (!latest?.analysis || samples.length === 0) {
      const why = this.skipped.length
        ? `; skipped: ${this.skipped.map((s) => `${s.source}: ${s.reason}`).join('; ')}`
        : '';
      throw new GuardError('empty-input', '<series>', `no valid goroutine profile in the series${why}`);
    }
    const warnings: string[] = [];
    const n = samples.length;
    if (n < 3) warnings.push(`${n} valid sample${n === 1 ? '' : 's'}: growth needs at least 3 (8 or more is better)`);
    const families = new Set(samples.map((s) => formatFamily(s.meta.format)));
    const byStack = families.size > 1;
    if (byStack) {
      warnings.push(
        `the samples mix formats (${[...new Set(samples.map((s) => s.meta.format))].join(', ')}): stacks are matched ` +
          'by their frames only, since debug=0/1 profiles do not record the `created by` frame',
      );
    }
    for (let i = 1; i < n; i++) {
      if (samples[i]!.meta.time === samples[i - 1]!.meta.time) {
        warnings.push(`${samples[i - 1]!.meta.source} and ${samples[i]!.meta.source} have the same time`);
      }
    }
    const keyOf = (b: StoredBucket) => (byStack ? b.loose : b.fingerprint);

    // Counts per stack per sample, and the fingerprint/ignore verdict of the latest sample that has the stack.
    const counts = new Map<string, number[]>();
    const idSets = new Map<string, (Set<GoroutineId> | undefined)[]>();
    const lastSeen = new Map<string, StoredBucket>();
    const lastIndex = new Map<string, number>();
    samples.forEach((s, i) => {
      for (const b of s.buckets) {
        const k = keyOf(b);
        let arr = counts.get(k);
        if (!arr) counts.set(k, (arr = new Array<number>(n).fill(0)));
        arr[i]! += b.count;
        if (b.ids) {
          let sets = idSets.get(k);
          if (!sets) idSets.set(k, (sets = new Array<Set<GoroutineId> | undefined>(n).fill(undefined)));
          const set = (sets[i] ??= new Set<GoroutineId>());
          for (const id of b.ids) set.add(id);
        }
        // The latest sample decides; within one sample, the stack's largest bucket (states may differ).
        const prev = lastSeen.get(k);
        if (!prev || lastIndex.get(k)! < i || b.count > prev.count) {
          lastSeen.set(k, b);
          lastIndex.set(k, i);
        }
      }
    });
    const times = samples.map((s) => s.meta.time);
    const held = heldGoroutines(idSets, counts, n);
    const tests = this.growthTests(counts, lastSeen, times, held);
    const growingKeys = new Set([...tests].filter(([, x]) => x.growing).map(([k]) => k));
    // Goroutines held at one stack for `longWaitMinutes` of samples: as long a wait as a header's minutes.
    const longWaitMs = (this.opts.longWaitMinutes ?? SUSPECT_DEFAULTS.longWaitMinutes) * 60_000;
    const persistentKeys = new Set(
      times[n - 1]! - times[0]! >= longWaitMs ? [...held].filter(([, h]) => h > 0).map(([k]) => k) : [],
    );

    const transientKeys = new Set([...idSets].filter(([, sets]) => renewed(sets)).map(([k]) => k));

    const buckets: SeriesBucket[] = [];
    for (const [k, cs] of counts) {
      const seen = lastSeen.get(k)!;
      const rep = this.reps.get(seen.fingerprint)!.bucket;
      const test = tests.get(k) ?? growthTest(cs, times, this.minRise);
      const sb: SeriesBucket = {
        fingerprint: rep.fingerprint,
        state: rep.state,
        waitClass: rep.waitClass,
        ruleId: matchPattern(rep)?.id ?? 'GG000',
        frames: rep.frames,
        counts: cs,
        trend: { ...test.t, growing: test.growing },
        p: test.p,
        growing: test.growing,
        rising: !test.growing && test.rising,
      };
      if (held.get(k)) sb.held = held.get(k)!;
      if (rep.site) sb.site = rep.site;
      if (rep.createdAt) sb.createdAt = rep.createdAt;
      if (rep.createdBy) sb.createdBy = rep.createdBy;
      if (seen.ignored) sb.ignored = seen.ignored;
      buckets.push(sb);
    }
    const keys = new Map(buckets.map((b) => [b, orderKey(b)]));
    buckets.sort(
      (a, b) =>
        Number(b.growing) - Number(a.growing) ||
        (b.growing ? b.trend.slopePerSec - a.trend.slopePerSec : 0) ||
        b.counts[n - 1]! - a.counts[n - 1]! ||
        compareText(keys.get(a)!, keys.get(b)!),
    );

    const la = latest.analysis;
    const keyOfBucket = (b: AnalyzedBucket) => (byStack ? crossFormatKey(b) : b.fingerprint);
    const proven = this.provenStacks(warnings);
    const latestBuckets = la.buckets.map((b) => {
      const p = proven.get(crossFormatKey(b));
      return p && b.leaked === 0 ? { ...b, leaked: Math.min(b.count, p) } : b;
    });
    const growingFps = new Set(latestBuckets.filter((b) => growingKeys.has(keyOfBucket(b))).map((b) => b.fingerprint));
    const persistentFps = new Set(
      latestBuckets.filter((b) => persistentKeys.has(keyOfBucket(b))).map((b) => b.fingerprint),
    );
    const heldOf = (fps: readonly string[]) => sumHeld(fps, latestBuckets, keyOfBucket, held);
    const seriesOf = (fps: readonly string[]) => sumCounts(fps, latestBuckets, keyOfBucket, counts, n);
    const transientFps = new Set(
      latestBuckets.filter((b) => transientKeys.has(keyOfBucket(b))).map((b) => b.fingerprint),
    );
    const suspects = this.suspects(
      latestBuckets,
      { growing: growingFps, persistent: persistentFps, transient: transientFps },
      seriesOf,
      heldOf,
      times,
    );
    const sites = concentration(latestBuckets, growingFps, seriesOf, this.opts.concentration);

    const totalCounts = samples.map((s) => s.meta.goroutines);
    const totalPoints = points(times, totalCounts);
    const rule = {
      perSecond: this.opts.rate?.perSecond ?? SERIES_DEFAULTS.perSecond,
      periods: this.opts.rate?.periods ?? SERIES_DEFAULTS.periods,
    };
    const total: SeriesAnalysis['total'] = {
      counts: totalCounts,
      trend: trend(totalPoints, { minRise: this.minRise, alpha: this.alpha }),
      rates: rates(totalPoints),
      rule,
    };
    const breach = sustainedGrowth(totalPoints, rule);
    if (breach) total.breach = breach;
    return {
      samples: samples.map((s) => s.meta),
      leakProfiles: this.leaks.map((s) => s.meta).sort((a, b) => a.time - b.time),
      skipped: [...this.skipped],
      warnings,
      matchedBy: byStack ? 'stack' : 'fingerprint',
      total,
      buckets,
      sites,
      suspects,
      latest: { ...la, buckets: latestBuckets, suspects },
    };
  }

  private get alpha(): number {
    return this.opts.alpha ?? SERIES_DEFAULTS.alpha;
  }

  private get minRise(): number {
    return this.opts.minRise ?? SERIES_DEFAULTS.minRise;
  }

  /**
   * Growth tests of every non-benign stack, corrected for their number. A stack whose goroutines all stayed (by
   * id) in every sample while it rose is growing without the order test: goroutines that never leave while more
   * join them are a leak whatever the number of samples.
   */
  private growthTests(
    counts: ReadonlyMap<string, number[]>,
    lastSeen: ReadonlyMap<string, StoredBucket>,
    times: readonly number[],
    held: ReadonlyMap<string, number>,
  ): Map<string, GrowthTest> {
    const out = new Map<string, GrowthTest>();
    for (const [k, cs] of counts) {
      if (!lastSeen.get(k)?.ignored) out.set(k, growthTest(cs, times, this.minRise));
    }
    markGrowing([...out.values()], this.alpha);
    for (const [k, test] of out) {
      if (!test.growing && test.rising && (held.get(k) ?? 0) > 0 && allHeld(k, held, counts)) test.growing = true;
    }
    return out;
  }

  /** Stacks the latest goroutineleak profile proves leaked, by frames-only key → goroutines. */
  private provenStacks(warnings: string[]): Map<string, number> {
    const out = new Map<string, number>();
    const last = [...this.leaks].sort((a, b) => a.meta.time - b.meta.time).at(-1);
    if (!last) return out;
    for (const b of last.buckets) out.set(b.loose, (out.get(b.loose) ?? 0) + b.count);
    if (out.size) warnings.push(`${last.meta.source}: goroutineleak profile proves ${out.size} stack(s) leaked`);
    return out;
  }

  private suspects(
    buckets: readonly AnalyzedBucket[],
    sets: { growing: ReadonlySet<string>; persistent: ReadonlySet<string>; transient: ReadonlySet<string> },
    seriesOf: (fps: readonly string[]) => number[],
    heldOf: (fps: readonly string[]) => number,
    times: readonly number[],
  ): Finding[] {
    const siteTotals = new Map<string, number>();
    const groups = new Map<string, AnalyzedBucket[]>();
    for (const b of buckets) {
      if (b.ignored) continue;
      siteTotals.set(siteKey(b), (siteTotals.get(siteKey(b)) ?? 0) + b.count);
      const k = `${siteKey(b)}|${b.createdAt?.file ?? ''}:${b.createdAt?.line ?? 0}`;
      const g = groups.get(k);
      if (g) g.push(b);
      else groups.set(k, [b]);
    }
    const out: Finding[] = [];
    for (const members of groups.values()) {
      const { growing, persistent, transient } = sets;
      const f = groupFinding(members, siteTotals.get(siteKey(members[0]!)) ?? 0, { ...this.opts, ...sets });
      if (!f || (f.count ?? 0) < (this.opts.minCount ?? 1)) continue;
      const fps = members.map((m) => m.fingerprint);
      const cs = seriesOf(fps);
      const grew = fps.some((fp) => growing.has(fp));
      const { t, p } = growthTest(cs, times, this.minRise);
      const kept = heldOf(fps);
      f.data = { ...f.data, counts: cs, slopePerSec: round(t.slopePerSec), pValue: p, growing: grew };
      if (kept) f.data.held = kept;
      if (grew) {
        const how =
          kept && p > this.alpha
            ? `never falling; the ${kept} goroutines of the first sample stayed, by id, in every later one`
            : `${neverFalls(cs) ? 'never falling' : 'mostly rising'}, p=${p.toPrecision(2)}`;
        const sentence =
          `Grew from ${cs[0]} to ${cs[cs.length - 1]} goroutines over ${cs.length} samples ` +
          `(${signed(t.slopePerSec)}/s Theil–Sen slope, ${how}).`;
        f.explanation = (f.explanation ?? '').replace(GREW_SENTENCE, sentence);
        if (!f.explanation.includes(sentence)) f.explanation = `${f.explanation} ${sentence}`.trim();
      } else if (f.evidence === 'suspected' && persistent.has(f.fingerprint ?? '')) {
        f.explanation =
          `${f.explanation ?? ''} The same ${kept} goroutine${kept === 1 ? '' : 's'} (by id) stayed blocked here ` +
          `in all ${times.length} samples, over ${Math.round((times[times.length - 1]! - times[0]!) / 60_000)} min.`;
      } else if (fps.every((fp) => transient.has(fp))) {
        f.explanation =
          `${f.explanation ?? ''} Its goroutines come and go: none in the latest sample was there, by id, in the ` +
          'one before.';
      } else if (f.explanation && times.length >= 3) {
        f.explanation = f.explanation.replace(
          'A leak-prone wait with few instances and no growth data: capture again later to confirm.',
          `A leak-prone wait with few instances that did not grow over ${times.length} samples.`,
        );
      }
      out.push(f);
    }
    return out.sort(compareFindings);
  }
}

function sumCounts(
  fps: readonly string[],
  buckets: readonly AnalyzedBucket[],
  keyOf: (b: AnalyzedBucket) => string,
  counts: ReadonlyMap<string, number[]>,
  n: number,
): number[] {
  const keys = new Set(buckets.filter((b) => fps.includes(b.fingerprint)).map(keyOf));
  const out = new Array<number>(n).fill(0);
  for (const k of keys) counts.get(k)?.forEach((c, i) => (out[i]! += c));
  return out;
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}

function signed(x: number): string {
  const v = Math.abs(x) >= 10 ? x.toFixed(0) : x.toFixed(2);
  return x > 0 ? `+${v}` : v;
}
