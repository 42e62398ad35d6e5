// Alert lifecycle: a condition that starts holding fires an alert once (deduplicated by target + rule + key), the
// alert stays firing while the condition holds, and resolves after `resolveAfter` evaluations without it. Only
// rules that were actually evaluated can resolve: a failed scrape says nothing about goroutine counts.
// Pure state machine; the watcher persists and notifies.

import type { Evaluation } from './rules.js';
import type { Alert, Condition, SuspectSummary } from './types.js';

export interface Transitions {
  fired: Alert[];
  resolved: Alert[];
  /** Still firing, updated (lastSeen, value, summary) or counting towards resolution. */
  updated: Alert[];
}

export class AlertBook {
  private readonly open = new Map<string, Alert>();

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
    resolveAfter: number,
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
        a.missing = 0;
        a.summary = c.summary;
        a.value = c.value;
        a.severity = c.severity;
        if (c.fingerprints.length) a.fingerprints = c.fingerprints;
        t.updated.push(a);
        continue;
      }
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
      };
      this.open.set(k, fresh);
      t.fired.push(fresh);
    }
    for (const [k, a] of this.open) {
      if (a.target !== target || present.has(k) || !ev.evaluated.has(a.rule)) continue;
      a.missing++;
      if (a.missing >= resolveAfter) {
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

export function alertKey(target: string, rule: string, key: string): string {
  return `${target}\u0000${rule}\u0000${key}`;
}
