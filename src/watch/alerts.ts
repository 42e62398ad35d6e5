// Alert lifecycle (a leak is a lasting condition, not a moment). A condition that starts holding is
// pending until it has held for the rule's `for`, then fires an alert once (deduplicated by target + rule + key).
// The alert stays firing while its condition holds *or its subject is still there* (`stillThere`: a stack that
// stopped growing but did not shrink back has not healed). Once the subject is back near its baseline the alert
// resolves after `resolveHold` and at least `resolveAfter` evaluations without a break; a relapse during the hold
// keeps the same alert open and counts a flap. Only rules that were actually evaluated can move towards
// resolution: a failed scrape says nothing about goroutine counts.
// Pure state machine; the watcher persists and notifies.

import type { RuleSettings } from './types.js';
import { clearedSummary, standingSummary, stillThere, type Evaluation } from './rules.js';
import type { Alert, Condition, SuspectSummary } from './types.js';

export interface Transitions {
  fired: Alert[];
  resolved: Alert[];
  /** Still firing, updated (lastSeen, value, summary) or counting towards resolution. */
  updated: Alert[];
}

/** Rules whose own trigger already needs time or proof: `for` does not delay them again. */
const NO_FOR = new Set(['proven-leak', 'target-down', 'bucket-growing', 'growth-rate', 'stuck-long']);

export class AlertBook {
  private readonly open = new Map<string, Alert>();
  /** Conditions waiting out their rule's `for`: key → first time seen. */
  private readonly pending = new Map<string, number>();

  /** `open`: firing alerts loaded from the store, so a restart continues their lifecycle. */
  constructor(
    open: readonly Alert[],
    private readonly nextId: () => number,
  ) {
    for (const a of open) if (a.state === 'firing') this.open.set(alertKey(a.target, a.rule, a.key), a);
  }

  update(
    target: string,
    ev: Evaluation,
    now: number,
    r: RuleSettings,
    suspectsFor: (c: Condition) => SuspectSummary[],
  ): Transitions {
    const t: Transitions = { fired: [], resolved: [], updated: [] };
    const present = new Set<string>();
    for (const c of ev.conditions) {
      const k = alertKey(target, c.rule, c.key);
      present.add(k);
      const a = this.open.get(k);
      if (a) {
        a.lastSeen = now;
        relapse(a);
        a.summary = flapNote(c.summary, a);
        a.value = c.value;
        a.peak = Math.max(a.peak ?? c.value, c.value);
        a.severity = c.severity;
        if (c.fingerprints.length) a.fingerprints = c.fingerprints;
        t.updated.push(a);
        continue;
      }
      const since = this.pending.get(k) ?? now;
      if (!NO_FOR.has(c.rule) && now - since < r.for) {
        this.pending.set(k, since);
        continue;
      }
      this.pending.delete(k);
      const fresh: Alert = {
        id: this.nextId(),
        target,
        rule: c.rule,
        key: c.key,
        severity: c.severity,
        state: 'firing',
        startsAt: now,
        lastSeen: now,
        summary: c.summary,
        value: c.value,
        fingerprints: c.fingerprints,
        suspects: suspectsFor(c),
        missing: 0,
        peak: c.value,
      };
      if (c.baseline !== undefined) fresh.baseline = c.baseline;
      if (c.subject !== undefined) fresh.subject = c.subject;
      this.open.set(k, fresh);
      t.fired.push(fresh);
    }
    for (const k of this.pending.keys()) if (k.startsWith(`${target}\u0000`) && !present.has(k)) this.pending.delete(k);
    for (const [k, a] of this.open) {
      if (a.target !== target || present.has(k) || !ev.evaluated.has(a.rule)) continue;
      if (stillThere(a, ev, r)) {
        const v = ev.level(a.rule, a.key);
        a.lastSeen = now;
        relapse(a);
        if (a.rule !== 'target-down') {
          a.value = v;
          a.peak = Math.max(a.peak ?? v, v);
        }
        const s = standingSummary(a, v, r);
        if (s) a.summary = flapNote(s, a);
        t.updated.push(a);
        continue;
      }
      a.missing++;
      if (a.clearSince === undefined) {
        a.clearSince = now;
        a.summary = clearedSummary(a, ev.level(a.rule, a.key)) ?? a.summary;
      }
      if (a.missing >= r.resolveAfter && now - a.clearSince >= r.resolveHold) {
        a.state = 'resolved';
        a.endsAt = now;
        this.open.delete(k);
        t.resolved.push(a);
      } else {
        t.updated.push(a);
      }
    }
    return t;
  }

  firing(target?: string): Alert[] {
    return [...this.open.values()].filter((a) => target === undefined || a.target === target);
  }
}

/** The subject came back while the alert was counting towards resolution: one more flap, the hold starts over. */
function relapse(a: Alert): void {
  if (a.clearSince !== undefined) a.flaps = (a.flaps ?? 0) + 1;
  delete a.clearSince;
  a.missing = 0;
}

function flapNote(summary: string, a: Alert): string {
  return a.flaps ? `${summary} (flapped ${a.flaps} time${a.flaps === 1 ? '' : 's'}, kept as one alert)` : summary;
}

export function alertKey(target: string, rule: string, key: string): string {
  return `${target}\u0000${rule}\u0000${key}`;
}
