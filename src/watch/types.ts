// The records watch passes between its stages: a scrape becomes a `Sample`, rules turn history into `Condition`s,
// the alert book turns conditions into `Alert` transitions, the store persists all three.

import type { WaitClass, Evidence, Finding, GoroutineId } from '../model/index.js';
import type { HttpFailure } from '../io/index.js';
import type { RuntimeStats } from './runtime-stats.js';

/** A stack as stored once per fingerprint. */
export interface StackInfo {
  fingerprint: string;
  state: string;
  waitClass: WaitClass;
  frames: { func: string; file: string; line: number }[];
  createdBy?: { func: string; file: string; line: number };
  /** First user-code frame, `file:line`. */
  site?: string;
  siteFunc?: string;
  createdAt?: string;
  labels: Record<string, string>;
  /** Catalogue pattern (GG001…) the stack matches, if any. */
  pattern?: string;
  /** Why the stack is in the benign set, if it is. */
  ignored?: string;
  /** A leak-prone wait: only these feed the bucket-growth rule. */
  leakProne: boolean;
}

export interface SampleBucket {
  fingerprint: string;
  count: number;
  /** Goroutines of this stack the goroutineleak profile proved leaked. */
  leaked: number;
  /** Goroutine ids (debug=2; at most a few thousand), for the stuck-long rule. Not stored. */
  ids?: GoroutineId[];
  /** Wait minutes as the dump printed them (debug=2). Not stored. */
  waitMinutes?: { min: number; max: number };
}

export type EvidenceCounts = Record<Evidence, { sites: number; goroutines: number }>;

interface SampleBase {
  target: string;
  /** Scrape start, ms since the epoch. */
  t: number;
  durationMs: number;
}

export interface OkSample extends SampleBase {
  ok: true;
  bytes: number;
  goroutines: number;
  /** Goroutines waiting (not running, runnable or in a syscall). */
  parked: number;
  /** Goroutines in buckets the benign set ignores. */
  ignored: number;
  /** Proven leaked (goroutineleak profile). */
  leaked: number;
  blockedChannel: number;
  /**
   * Goroutines waiting on timers: sleep, AfterFunc callbacks, and ticker/timer channel receives (a plain chan
   * receive in the dump, told from the source line when it resolves). The runtime exposes no active-timer count.
   */
  timerGoroutines: number;
  byClass: Record<string, number>;
  byState: Record<string, number>;
  /** Buckets kept for history (largest first, suspects always kept). */
  buckets: SampleBucket[];
  stacks: Map<string, StackInfo>;
  /** Leak suspects, strongest first (refined with growth and proven-leak data). */
  suspects: Finding[];
  evidence: EvidenceCounts;
  /** A goroutineleak profile was read for this sample. */
  leakProfile: boolean;
  stats?: RuntimeStats;
  warnings: string[];
}

/** Why a scrape failed: the HTTP failure, or `parse` when the answer is not a dump. */
export type ScrapeErrorReason = HttpFailure | 'parse';

export interface FailedSample extends SampleBase {
  ok: false;
  reason: ScrapeErrorReason;
  error: string;
}

export type Sample = OkSample | FailedSample;

export type RuleId =
  'goroutines-high' | 'parked-high' | 'growth-rate' | 'bucket-growing' | 'proven-leak' | 'target-down' | 'stuck-long';

export type AlertSeverity = 'critical' | 'warning';

/** A rule that holds for a target right now. `key` separates instances of one rule (one per growing bucket). */
export interface Condition {
  rule: RuleId;
  key: string;
  severity: AlertSeverity;
  summary: string;
  value: number;
  /** Where the count stood before it grew (growth rules): the alert resolves only back near it. */
  baseline?: number;
  /** What the condition is about, named for a person (a stack's function and site). */
  subject?: string;
  fingerprints: string[];
}

/** Compact suspect kept with an alert and sent in webhook payloads. */
export interface SuspectSummary {
  title: string;
  ruleId: string;
  evidence?: Evidence;
  count?: number;
  state?: string;
  message: string;
  fingerprint?: string;
  location?: string;
  createdAt?: string;
  fix?: string;
  stack: { func: string; file: string; line: number }[];
}

export interface Alert {
  id: number;
  target: string;
  rule: RuleId;
  key: string;
  severity: AlertSeverity;
  state: 'firing' | 'resolved';
  startsAt: number;
  endsAt?: number;
  lastSeen: number;
  summary: string;
  value: number;
  fingerprints: string[];
  suspects: SuspectSummary[];
  /** Evaluations in a row without the condition (resolves at the rule's resolveAfter). */
  missing: number;
  /** Growth rules: the count before the growth, and the highest since. In memory only (a restart loses them). */
  baseline?: number;
  peak?: number;
  subject?: string;
  /** Since when the subject has been back near its baseline (resolves after `resolveHold`). */
  clearSince?: number;
  /** Times the condition came back while the alert was about to resolve (damped flaps). */
  flaps?: number;
}

export interface Capture {
  id: number;
  target: string;
  alertId?: number;
  t: number;
  kind: 'goroutine-debug2' | 'goroutineleak-debug2';
  path: string;
  bytes: number;
  error?: string;
}

/** Alert rules of docs/watch.md, per target. A threshold of 0 disables its rule. */
export interface RuleSettings {
  /** Alert when total goroutines exceed this. */
  maxGoroutines: number;
  /** Warn ("high blocking risk") when the parked share exceeds this (0–1). */
  parkedRatio: number;
  /** The parked rule needs at least this many goroutines: a small healthy service is ~100 % parked at rest. */
  parkedMinGoroutines: number;
  /** Alert when growth exceeds this many goroutines per second… */
  growthPerSecond: number;
  /** …for this many consecutive scrape periods. */
  growthPeriods: number;
  /** Trend test over the last `samples` samples for each leak-prone bucket; 0 disables. */
  bucketSamples: number;
  /** Minimum rise (first → last sample of the window) for a bucket to count as growing. */
  bucketMinRise: number;
  /** Mann–Kendall significance for long noisy windows. */
  bucketAlpha: number;
  /** Alert on any goroutine the GC proved leaked (goroutineleak profile). */
  provenLeak: boolean;
  /** Consecutive failed scrapes before a target-down alert; 0 disables. */
  downAfter: number;
  /** Evaluations without the condition before an alert resolves (hysteresis against flapping). */
  resolveAfter: number;
  /** Alertmanager `for`: a condition must hold this long (ms) before its alert fires; until then it is pending. */
  for: number;
  /** An alert resolves only after its subject has been back near its baseline this long (ms) without a break. */
  resolveHold: number;
  /** "Near the baseline": within this share of the rise (or of the limit, for threshold rules). */
  resolveMargin: number;
  /** Goroutines stuck at one site longer than this (ms) alert on their own (stuck-long); 0 disables. */
  stuckAfter: number;
  /** …when at least this many of them are stuck. */
  stuckMinGoroutines: number;
}
