// Synthetic samples for the pure parts (rules, store, queries): two stacks, one leak-prone, one benign.

import { evidenceCounts } from '../../src/watch/sample.js';
import type { OkSample, StackInfo } from '../../src/watch/types.js';

export const LEAK = 'aaaaaaaaaaaaaaaa';
export const NOISE = 'bbbbbbbbbbbbbbbb';
/** Goroutines waiting for a lock (sync.Mutex.Lock), as a leak that stopped growing looks. */
export const MUTEX = 'cccccccccccccccc';

export function stack(fp: string, leakProne: boolean): StackInfo {
  return {
    fingerprint: fp,
    state: leakProne ? 'chan send' : 'IO wait',
    waitClass: leakProne ? 'chan-send' : 'io',
    frames: [{ func: 'main.worker', file: '/src/main.go', line: 42 }],
    site: '/src/main.go:42',
    labels: {},
    leakProne,
  };
}

/** A sample with `total` goroutines, of which `counts[fp]` in each stack and the rest running. */
export function sample(
  t: number,
  total: number,
  counts: Record<string, number>,
  extra: Partial<OkSample> = {},
): OkSample {
  const buckets = Object.entries(counts).map(([fingerprint, count]) => ({ fingerprint, count, leaked: 0 }));
  const parked = buckets.reduce((s, b) => s + b.count, 0);
  return {
    target: 'svc',
    t,
    ok: true,
    durationMs: 1,
    bytes: 100,
    goroutines: total,
    parked,
    ignored: 0,
    leaked: 0,
    blockedChannel: counts[LEAK] ?? 0,
    timerGoroutines: 0,
    byClass: {},
    byState: {},
    buckets,
    stacks: new Map([
      [LEAK, stack(LEAK, true)],
      [NOISE, stack(NOISE, false)],
      [MUTEX, mutexStack()],
    ]),
    suspects: [],
    evidence: evidenceCounts([]),
    leakProfile: false,
    warnings: [],
    ...extra,
  };
}

function mutexStack(): StackInfo {
  return {
    fingerprint: MUTEX,
    state: 'sync.Mutex.Lock',
    waitClass: 'sync',
    frames: [
      { func: 'sync.(*Mutex).Lock', file: '/usr/local/go/src/sync/mutex.go', line: 46 },
      { func: 'main.(*cache).refresh', file: '/src/cache.go', line: 31 },
    ],
    site: '/src/cache.go:31',
    siteFunc: 'main.(*cache).refresh',
    labels: {},
    leakProne: true,
  };
}
