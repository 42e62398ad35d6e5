// The alert lifecycle as a user lives it (a leak is a lasting condition): sample sequences of whole
// incidents (a slow ramp, a plateau, a recovery, a flapping target) through the real rules and the real alert book,
// on an injected clock — every transition is a webhook, so the counts below are what a pager would receive.

import { describe, expect, it } from 'vitest';
import { AlertBook } from '../../src/watch/alerts.js';
import { RULE_DEFAULTS, type RuleSettings } from '../../src/watch/config-model.js';
import { evaluate, evaluateDown, historyCapacity, TargetHistory, toPoint } from '../../src/watch/rules.js';
import type { Alert, OkSample } from '../../src/watch/types.js';
import { LEAK, MUTEX, NOISE, sample } from './samples.js';

const INTERVAL = 30_000;
/** The synthetic samples are all parked: the parked-share warning is not what these incidents are about. */
const RULES: RuleSettings = { ...RULE_DEFAULTS, parkedRatio: 0 };
const MIN = 60_000;

/** One target watched on an injected clock: each step is a scrape `INTERVAL` after the last. */
class Watch {
  t = 0;
  private failures = 0;
  private ids = 0;
  readonly fired: Alert[] = [];
  readonly resolved: Alert[] = [];
  /** Firing alerts of the rule after each step (what the dashboard's dot shows). */
  readonly dots: boolean[] = [];
  private readonly history: TargetHistory;
  private readonly book: AlertBook;

  /** `restored`: firing alerts loaded from the store, as after a restart. */
  constructor(
    readonly rules: RuleSettings = RULES,
    restored: Alert[] = [],
  ) {
    this.history = new TargetHistory(historyCapacity(rules));
    this.book = new AlertBook(restored, () => ++this.ids);
  }

  ok(counts: Record<string, number>, extra: Partial<OkSample> = {}, noise = 10): void {
    const total = noise + Object.values(counts).reduce((a, b) => a + b, 0);
    const s = sample(this.t, total, { [NOISE]: noise, ...counts }, extra);
    for (const [fp, st] of s.stacks) this.history.leakProne.set(fp, st.leakProne);
    this.history.push(toPoint(s));
    this.failures = 0;
    this.apply(evaluate(s, this.history, this.rules));
  }

  down(): void {
    this.failures++;
    this.apply(evaluateDown(this.failures, 'connection refused', this.rules));
  }

  private apply(ev: Parameters<AlertBook['update']>[1]): void {
    const tr = this.book.update('svc', ev, this.t, this.rules, () => []);
    this.fired.push(...tr.fired);
    this.resolved.push(...tr.resolved);
    this.dots.push(this.book.firing('svc').length > 0);
    this.t += INTERVAL;
  }

  firing(rule: string): Alert | undefined {
    return this.book.firing('svc').find((a) => a.rule === rule);
  }
}

/** 12 → 150 goroutines over 15 min, a clean ramp as a leak per request batch makes it: a step every third scrape. */
function slowRamp(w: Watch): void {
  for (let i = 0; i <= 30; i++) w.ok({ [LEAK]: 2 + 14 * Math.floor(i / 3) });
}

describe('alert lifecycle on whole incidents', () => {
  it('a slow ramp fires once and stays firing: one webhook, a red dot from the first alert on', () => {
    const w = new Watch();
    slowRamp(w);
    expect(w.fired.map((a) => a.rule)).toEqual(['bucket-growing']);
    expect(w.resolved).toEqual([]);
    const first = w.dots.indexOf(true);
    // Noticed within the first few minutes, then red at every scrape.
    expect(first).toBeGreaterThan(0);
    expect(first * INTERVAL).toBeLessThan(4 * MIN);
    expect(w.dots.slice(first).every(Boolean)).toBe(true);
    const a = w.firing('bucket-growing')!;
    expect(a.baseline).toBe(2);
    expect(a.value).toBe(142);
    // Named by function and site, not by a hash.
    expect(a.summary).toContain('main.worker (chan send at main.go:42)');
  });

  it('a ramp too slow for one trend window is caught over the kept history, once', () => {
    const w = new Watch();
    // One goroutine every other scrape: a rise of 2 per 5-sample window, below bucketMinRise (5).
    for (let i = 0; i <= 40; i++) w.ok({ [LEAK]: 2 + Math.floor(i / 2) });
    expect(w.fired.map((a) => a.rule)).toEqual(['bucket-growing']);
    expect(w.resolved).toEqual([]);
    // A busy stack going up and down for as long is not.
    const busy = new Watch();
    for (let i = 0; i <= 40; i++) busy.ok({ [LEAK]: 10 + ((i * 7) % 11) });
    expect(busy.fired).toEqual([]);
  });

  it('a trend test that flickers on a stepped ramp is why the alert must outlive its trigger', () => {
    // Without the standing rule the same sequence would resolve and fire again: the trigger holds only part-time.
    const h = new TargetHistory(historyCapacity(RULE_DEFAULTS));
    const held: boolean[] = [];
    for (let i = 0; i <= 30; i++) {
      const s = sample(i * INTERVAL, 0, { [NOISE]: 10, [LEAK]: 2 + 14 * Math.floor(i / 3) });
      for (const [fp, st] of s.stacks) h.leakProne.set(fp, st.leakProne);
      h.push(toPoint(s));
      held.push(evaluate(s, h, RULE_DEFAULTS).conditions.some((c) => c.rule === 'bucket-growing'));
    }
    expect(held.filter(Boolean).length).toBeGreaterThan(0);
    expect(held.slice(held.indexOf(true)).some((x) => !x)).toBe(true);
  });

  it('a leak that stopped growing stays firing for as long as its goroutines are there', () => {
    const w = new Watch();
    // 12 goroutines pile up on a lock within two minutes, then nothing changes for 11 minutes.
    for (const n of [0, 3, 6, 9, 12]) w.ok({ [MUTEX]: n });
    const a = w.firing('bucket-growing');
    expect(a?.key).toBe(MUTEX);
    for (let i = 0; i < 22; i++) w.ok({ [MUTEX]: 12 });
    expect(w.firing('bucket-growing')?.id).toBe(a!.id);
    expect(w.firing('bucket-growing')!.summary).toMatch(/no longer growing but not healed: 12 now, 0 before/);
    expect(w.resolved).toEqual([]);
    expect(w.fired).toHaveLength(1);
  });

  it('resolves only after the count has been back near its baseline for the hold time, once', () => {
    const w = new Watch();
    slowRamp(w);
    const released = w.t;
    // Half the leak freed: not healed.
    w.ok({ [LEAK]: 70 });
    expect(w.firing('bucket-growing')).toBeDefined();
    // Back to baseline (2): resolves after resolveHold (5 min), not before.
    while (w.resolved.length === 0 && w.t < released + 20 * MIN) w.ok({ [LEAK]: 2 });
    const r = w.resolved[0]!;
    expect(r.summary).toBe('main.worker (chan send at main.go:42) back near the baseline: 2 now, 2 before, peak 142');
    expect(r.endsAt! - (released + INTERVAL)).toBeGreaterThanOrEqual(RULE_DEFAULTS.resolveHold);
    expect(r.endsAt! - (released + INTERVAL)).toBeLessThan(RULE_DEFAULTS.resolveHold + INTERVAL);
    for (let i = 0; i < 20; i++) w.ok({ [LEAK]: 2 });
    // One firing and one resolved notification for the whole incident.
    expect([w.fired.length, w.resolved.length]).toEqual([1, 1]);
  });

  it('a relapse during the hold keeps the same alert and starts the hold over', () => {
    const w = new Watch();
    slowRamp(w);
    for (let i = 0; i < 6; i++) w.ok({ [LEAK]: 2 });
    w.ok({ [LEAK]: 60 });
    for (let i = 0; i < 9; i++) w.ok({ [LEAK]: 2 });
    expect(w.resolved).toEqual([]);
    expect(w.firing('bucket-growing')!.flaps).toBe(1);
    for (let i = 0; i < 2; i++) w.ok({ [LEAK]: 2 });
    expect(w.resolved).toHaveLength(1);
    expect(w.fired).toHaveLength(1);
  });

  it('a flapping target opens one target-down alert, damped, resolved once it stays up', () => {
    const w = new Watch();
    // Down for three scrapes, up for two, over and over (a crash loop).
    for (let round = 0; round < 12; round++) {
      w.down();
      w.down();
      w.down();
      w.ok({});
      w.ok({});
    }
    expect(w.fired.map((a) => a.rule)).toEqual(['target-down']);
    expect(w.resolved).toEqual([]);
    const a = w.firing('target-down')!;
    expect(a.flaps).toBeGreaterThanOrEqual(10);
    expect(a.summary).toMatch(/flapped \d+ times, kept as one alert/);
    for (let i = 0; i < 12; i++) w.ok({});
    expect(w.resolved.map((x) => x.id)).toEqual([a.id]);
  });

  it('goroutines stuck at one site alert on their own: same ids across samples, or debug=2 wait minutes', () => {
    const w = new Watch();
    const ids = Array.from({ length: 12 }, (_, i) => 100 + i);
    const stuck = (extra: Partial<OkSample['buckets'][number]> = {}) => {
      const s = { [MUTEX]: 12 };
      const b = { fingerprint: MUTEX, count: 12, leaked: 0, ids, ...extra };
      return { s, b };
    };
    // 12 goroutines appear at once (no growth trend) and keep their ids.
    for (let i = 0; i <= 22; i++) {
      const { s, b } = stuck();
      w.ok(s, { buckets: [b, { fingerprint: NOISE, count: 10, leaked: 0 }] });
    }
    expect(w.fired.map((a) => a.rule)).toEqual(['stuck-long']);
    expect(w.fired[0]!.startsAt).toBe(20 * INTERVAL);
    expect(w.fired[0]!.summary).toBe(
      '12 goroutines stuck for over 10 min in main.(*cache).refresh (sync.Mutex.Lock at cache.go:31)',
    );

    // Restarted (ids tracked afresh): the same goroutines keep the restored alert open, their release resolves it.
    const restored = { ...w.fired[0]!, clearSince: undefined, missing: 0 };
    const r = new Watch(RULES, [restored]);
    r.t = w.t;
    for (let i = 0; i < 15; i++) {
      const { s, b } = stuck();
      r.ok(s, { buckets: [b] });
    }
    expect([r.fired, r.resolved]).toEqual([[], []]);
    for (let i = 0; i < 12; i++) r.ok({});
    expect(r.resolved.map((a) => a.id)).toEqual([restored.id]);

    // A debug=2 dump that prints "11 minutes" says so on the first sample.
    const v = new Watch();
    const { s, b } = stuck({ ids: [], waitMinutes: { min: 11, max: 11 } });
    v.ok(s, { buckets: [b] });
    expect(v.fired.map((a) => a.value)).toEqual([12]);

    // New goroutines each time (a busy lock) are not stuck, however long the site stays busy.
    const busy = new Watch();
    for (let i = 0; i <= 30; i++) {
      const fresh = Array.from({ length: 12 }, (_, j) => 1000 * i + j);
      busy.ok({ [MUTEX]: 12 }, { buckets: [{ fingerprint: MUTEX, count: 12, leaked: 0, ids: fresh }] });
    }
    expect(busy.fired).toEqual([]);
  });

  it('threshold rules: `for` delays firing, hysteresis keeps the alert until a margin under the limit', () => {
    const w = new Watch({ ...RULES, for: 60_000 });
    // A one-scrape spike is pending, then dropped.
    w.ok({}, {}, 6000);
    w.ok({}, {}, 100);
    expect(w.fired).toEqual([]);
    for (let i = 0; i < 3; i++) w.ok({}, {}, 6000);
    expect(w.fired.map((a) => [a.rule, a.startsAt])).toEqual([['goroutines-high', 4 * INTERVAL]]);
    // Just under the limit is not healed (4800 > 4500); well under it for the hold is.
    for (let i = 0; i < 12; i++) w.ok({}, {}, 4800);
    expect(w.resolved).toEqual([]);
    expect(w.firing('goroutines-high')!.summary).toBe(
      '4800 goroutines: back under the limit of 5000, not yet under 4500',
    );
    for (let i = 0; i < 12; i++) w.ok({}, {}, 4000);
    expect(w.resolved).toHaveLength(1);
  });
});
