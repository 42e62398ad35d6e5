// The shapes of a series analysis (see series.ts): what goes in (options) and what comes out (per-stack trends,
// the rate rule, concentration, suspects).

import type { DumpFormat, Finding } from '../model/index.js';
import type { Analysis, AnalyzeOptions } from './analyze.js';
import type { SiteConcentration } from './concentration.js';
import type { StackSummary } from './diff.js';
import type { RateBreach, RateRule, Trend } from './trend.js';

export interface SeriesOptions extends AnalyzeOptions {
  /** Significance of the trend test, before the correction for the number of stacks tested. Default 0.01. */
  alpha?: number;
  /** Smallest rise (first → last sample) that can count as growth. Default 2. */
  minRise?: number;
  /** The total-growth alert (docs/watch.md). Default: more than 50 goroutines/s for 3 consecutive periods. */
  rate?: RateRule;
  /** Keep truncated dumps (their partial counts look like drops). Default false: they are skipped. */
  partialOk?: boolean;
}

export const SERIES_DEFAULTS = { alpha: 0.01, minRise: 2, perSecond: 50, periods: 3 } as const;

export interface SeriesSample {
  source: string;
  /** Milliseconds since the epoch. */
  time: number;
  format: DumpFormat;
  goroutines: number;
  warnings: string[];
}

export interface SkippedSample {
  source: string;
  time?: number;
  reason: string;
}

export interface SeriesBucket extends StackSummary {
  fingerprint: string;
  state: string;
  /** Goroutines at this stack in each sample (0 when absent), aligned with `samples`. */
  counts: number[];
  trend: Trend;
  /** p-value of the growth test (the smaller of the order test and Mann–Kendall), before the correction. */
  p: number;
  growing: boolean;
  /** Never falls and rose, but not (yet) significant: more samples would tell. */
  rising: boolean;
  /** Goroutines (by id) blocked at this stack in every sample: they never left while others joined them. */
  held?: number;
  /** Why the stack is known-benign (as judged in the latest sample that has it). */
  ignored?: string;
}

export interface SeriesAnalysis {
  /** Valid goroutine-profile samples, oldest first. */
  samples: SeriesSample[];
  /** goroutineleak profiles in the series (their stacks are proven leaks). */
  leakProfiles: SeriesSample[];
  skipped: SkippedSample[];
  warnings: string[];
  /** See DumpDiff.matchedBy: `stack` when the samples mix formats that disagree on `created by`. */
  matchedBy: 'fingerprint' | 'stack';
  total: {
    counts: number[];
    trend: Trend;
    /** Goroutines per second between consecutive samples. */
    rates: number[];
    rule: Required<RateRule>;
    /** The first run of periods that broke the rate rule. */
    breach?: RateBreach;
  };
  /** Every stack seen, growing first (steepest first), then by latest count. */
  buckets: SeriesBucket[];
  sites: SiteConcentration[];
  /** Leak suspects of the latest sample, with growth evidence; `data.counts` holds each one's series. */
  suspects: Finding[];
  /** The latest sample's analysis, its suspects replaced by `suspects` (for the single-dump renderers). */
  latest: Analysis;
}
