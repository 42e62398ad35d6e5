// model → findings. Public surface of the analysis stage.
export {
  analyze,
  createAnalyzer,
  type Analysis,
  type AnalyzeOptions,
  type AnalyzedBucket,
  type Analyzer,
  type Totals,
} from './analyze.js';
export { Bucketer, type Bucket, type BucketOptions } from './bucket.js';
export {
  compareFindingSites,
  fingerprint,
  stackFingerprint,
  stackText,
  isHiddenRuntimeFrame,
  type Similarity,
} from './fingerprint.js';
export { DEFAULT_IGNORES, ignoredBy, matchesRule, parseIgnoreSpec, type IgnoreRule } from './ignore.js';
export { matchPattern, type PatternMatch } from './classify.js';
export {
  compareFindings,
  evidenceFor,
  siteKey,
  stuckProcessText,
  suspectFinding,
  SUSPECT_DEFAULTS,
  type SuspectOptions,
} from './suspects.js';
export { firstUserFrame, siteFrame, shortLocation } from './sites.js';
export { analyzeDump } from './run.js';
export { agrees, applySource, refine, type BlockingLookup, type Refinement } from './source-aware.js';
export {
  trend,
  theilSen,
  mannKendall,
  rates,
  sustainedGrowth,
  TREND_DEFAULTS,
  type Point,
  type Trend,
  type TrendOptions,
  type RateRule,
  type RateBreach,
} from './trend.js';
export {
  diffAnalyses,
  diffDumps,
  crossFormatKey,
  formatFamily,
  type DiffEntry,
  type DiffInput,
  type DiffOptions,
  type DiffSide,
  type DiffStatus,
  type DumpDiff,
} from './diff.js';
export { SeriesBuilder } from './series.js';
export {
  SERIES_DEFAULTS,
  type SeriesAnalysis,
  type SeriesBucket,
  type SeriesOptions,
  type SeriesSample,
  type SkippedSample,
} from './series-types.js';
export { analyzeSeries, type SeriesInput } from './series-run.js';
export { growthTest, markGrowing, orderChance, type GrowthTest } from './growth.js';
export { concentration, type SiteConcentration } from './concentration.js';
export { mergePartials, type PartialAnalysis } from './analyze.js';
export { analyzeTrace, traceDataOf } from './trace.js';
