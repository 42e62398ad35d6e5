import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AlertBook, alertKey } from '../../src/watch/alerts.js';
import { RULE_DEFAULTS, type RuleSettings } from '../../src/watch/config-model.js';
import { evaluate, evaluateDown, historyCapacity, TargetHistory, toPoint } from '../../src/watch/rules.js';
import type { OkSample } from '../../src/watch/types.js';
import { LEAK, NOISE, sample } from './samples.js';

function run(samples: OkSample[], rules: RuleSettings = RULE_DEFAULTS) {
  const h = new TargetHistory(historyCapacity(rules));
  let last;
  for (const s of samples) {
    for (const [fp, st] of s.stacks) h.leakProne.set(fp, st.leakProne);
    h.push(toPoint(s));
    last = evaluate(s, h, rules);
  }
  return last!;
}

const rulesOf = (ev: ReturnType<typeof run>) => ev.conditions.map((c) => c.rule).sort();

describe('rules (docs/watch.md)', () => {
  it('fires goroutines-high only above the limit', () => {
    expect(rulesOf(run([sample(0, 5000, {})]))).not.toContain('goroutines-high');
    expect(rulesOf(run([sample(0, 5001, {})]))).toContain('goroutines-high');
    expect(rulesOf(run([sample(0, 5001, {})], { ...RULE_DEFAULTS, maxGoroutines: 0 }))).not.toContain(
      'goroutines-high',
    );
  });

  it('warns on a parked share above 85 % once the target is big enough', () => {
    const parked = (n: number, p: number) => run([sample(0, n, { [NOISE]: p })]);
    expect(parked(1000, 860).conditions.find((c) => c.rule === 'parked-high')?.severity).toBe('warning');
    expect(rulesOf(parked(1000, 850))).not.toContain('parked-high');
    // A 20-goroutine service is 100 % parked at rest: below parkedMinGoroutines it says nothing.
    expect(rulesOf(parked(20, 20))).not.toContain('parked-high');
  });

  it('needs growth above 50/s for 3 consecutive periods', () => {
    const at = (i: number, n: number) => sample(i * 5000, n, {});
    // 300 per 5 s period = 60/s.
    expect(rulesOf(run([at(0, 1000), at(1, 1300), at(2, 1600), at(3, 1900)]))).toContain('growth-rate');
    // Only two fast periods, then a slow one.
    expect(rulesOf(run([at(0, 1000), at(1, 1300), at(2, 1600), at(3, 1700)]))).not.toContain('growth-rate');
    // 50/s exactly is not above the limit.
    expect(rulesOf(run([at(0, 1000), at(1, 1250), at(2, 1500), at(3, 1750)]))).not.toContain('growth-rate');
    // Too little history yet.
    expect(rulesOf(run([at(0, 1000), at(1, 1300), at(2, 1600)]))).not.toContain('growth-rate');
  });

  it('flags a leak-prone stack that keeps growing, not one that goes up and down', () => {
    const grow = [10, 20, 30, 40, 50].map((n, i) => sample(i * 1000, 100 + n, { [LEAK]: n, [NOISE]: 5 }));
    const ev = run(grow);
    expect(ev.growing).toEqual(new Set([LEAK]));
    const c = ev.conditions.find((x) => x.rule === 'bucket-growing')!;
    expect(c.key).toBe(LEAK);
    expect(c.summary).toContain('grew from 10 to 50 over 5 samples');
    const busy = [10, 30, 12, 28, 11].map((n, i) => sample(i * 1000, 100 + n, { [LEAK]: n }));
    expect(run(busy).growing.size).toBe(0);
    // The same growth in a benign (IO wait) stack is not a leak signal.
    const io = [10, 20, 30, 40, 50].map((n, i) => sample(i * 1000, 100 + n, { [NOISE]: n }));
    expect(run(io).growing.size).toBe(0);
  });

  it('fires proven-leak for any goroutine the GC proved leaked', () => {
    const s = sample(0, 10, { [LEAK]: 3 }, { leaked: 3 });
    s.buckets[0]!.leaked = 3;
    const c = run([s]).conditions.find((x) => x.rule === 'proven-leak')!;
    expect(c.fingerprints).toEqual([LEAK]);
    expect(c.summary).toMatch(/^3 goroutines proven leaked/);
    expect(rulesOf(run([s], { ...RULE_DEFAULTS, provenLeak: false }))).not.toContain('proven-leak');
  });

  it('declares a target down after downAfter failures', () => {
    expect(evaluateDown(2, 'refused', RULE_DEFAULTS).conditions).toHaveLength(0);
    expect(evaluateDown(3, 'refused', RULE_DEFAULTS).conditions[0]).toMatchObject({ rule: 'target-down', key: 'down' });
  });
});

describe('alert lifecycle', () => {
  const cond = (rule: 'goroutines-high' | 'target-down', key = 'k') => ({
    rule,
    key,
    severity: 'critical' as const,
    summary: rule,
    value: 1,
    fingerprints: [],
  });
  const ev = (conds: ReturnType<typeof cond>[], evaluated: string[] = ['goroutines-high', 'target-down']) => ({
    conditions: conds,
    evaluated: new Set(evaluated) as never,
    growing: new Set<string>(),
    level: () => 0,
  });
  /** Resolution after `n` clean evaluations and no hold time. */
  const R = (n: number): RuleSettings => ({ ...RULE_DEFAULTS, resolveAfter: n, resolveHold: 0 });

  it('fires once, stays firing, resolves after resolveAfter evaluations without the condition', () => {
    let id = 0;
    const book = new AlertBook([], () => ++id);
    const t1 = book.update('svc', ev([cond('goroutines-high')]), 1, R(2), () => []);
    expect(t1.fired.map((a) => a.id)).toEqual([1]);
    const t2 = book.update('svc', ev([cond('goroutines-high')]), 2, R(2), () => []);
    expect(t2.fired).toHaveLength(0);
    expect(book.firing('svc')).toHaveLength(1);
    const t3 = book.update('svc', ev([]), 3, R(2), () => []);
    expect(t3.resolved).toHaveLength(0);
    const t4 = book.update('svc', ev([]), 4, R(2), () => []);
    expect(t4.resolved.map((a) => [a.id, a.state, a.endsAt])).toEqual([[1, 'resolved', 4]]);
    // Firing again later is a new alert.
    expect(book.update('svc', ev([cond('goroutines-high')]), 5, R(2), () => []).fired[0]!.id).toBe(2);
  });

  it('does not resolve a rule that was not evaluated (a failed scrape is no data)', () => {
    const book = new AlertBook([], () => 1);
    book.update('svc', ev([cond('goroutines-high')]), 1, R(1), () => []);
    const t = book.update('svc', ev([], ['target-down']), 2, R(1), () => []);
    expect(t.resolved).toHaveLength(0);
    expect(book.firing()).toHaveLength(1);
  });

  it('continues alerts loaded from the store instead of firing them again', () => {
    const first = new AlertBook([], () => 7);
    const [a] = first.update('svc', ev([cond('goroutines-high')]), 1, R(1), () => []).fired;
    const restarted = new AlertBook([{ ...a! }], () => 8);
    const t = restarted.update('svc', ev([cond('goroutines-high')]), 2, R(1), () => []);
    expect(t.fired).toHaveLength(0);
    expect(t.updated.map((x) => x.id)).toEqual([7]);
  });

  it('never holds two open alerts for one target, rule and key (property)', () => {
    const step = fc.record({
      target: fc.constantFrom('a', 'b'),
      conds: fc.subarray(['goroutines-high:x', 'goroutines-high:y', 'target-down:down']),
      evaluated: fc.subarray(['goroutines-high', 'target-down']),
    });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), fc.integer({ min: 1, max: 3 }), (steps, resolveAfter) => {
        let id = 0;
        const book = new AlertBook([], () => ++id);
        const fired = new Map<string, number>();
        steps.forEach((s, i) => {
          const conds = s.conds
            .map((x) => x.split(':') as ['goroutines-high' | 'target-down', string])
            .filter(([r]) => s.evaluated.includes(r))
            .map(([r, k]) => cond(r, k));
          const t = book.update(s.target, ev(conds, s.evaluated), i, R(resolveAfter), () => []);
          for (const a of t.fired)
            fired.set(alertKey(a.target, a.rule, a.key), (fired.get(alertKey(a.target, a.rule, a.key)) ?? 0) + 1);
          for (const a of t.resolved)
            fired.set(alertKey(a.target, a.rule, a.key), (fired.get(alertKey(a.target, a.rule, a.key)) ?? 0) - 1);
          const open = book.firing();
          const keys = open.map((a) => alertKey(a.target, a.rule, a.key));
          expect(new Set(keys).size).toBe(keys.length);
          for (const [k, n] of fired) {
            expect([0, 1]).toContain(n);
            expect(keys.includes(k)).toBe(n === 1);
          }
          // Every condition that holds has an open alert.
          for (const c of conds) expect(keys).toContain(alertKey(s.target, c.rule, c.key));
        });
      }),
    );
  });
});
