// Library entry: `import { analyzeDump, renderText } from 'goroutine-guard'`. Every name here is documented in
// docs/library.md, and test/api/exports.test.ts holds the list: adding or removing a name is a deliberate change
// to both. Stages are entered only through their index.ts.

// The model: findings, the pattern catalogue, goroutines and frames.
export {
  EVIDENCE_ORDER,
  PATTERNS,
  PATTERN_IDS,
  WAIT_CLASSES,
  compareIds,
  isPatternId,
  type Ancestor,
  type DumpFormat,
  type DumpInfo,
  type Evidence,
  type Finding,
  type Frame,
  type Goroutine,
  type GoroutineId,
  type LeakPattern,
  type PatternId,
  type Severity,
  type SourceLocation,
  type Truncation,
  type WaitClass,
} from './model/index.js';

// Errors, configuration, version.
export {
  CONFIG_FILES,
  GuardError,
  VERSION,
  isGuardError,
  loadConfig,
  parseConfig,
  type GuardConfig,
  type GuardErrorKind,
  type IgnoreConfig,
  type ScanConfig,
} from './core/index.js';

// Dumps: bytes → goroutines.
export { parseDump, streamDump, type Dump, type DumpInput, type ParseOptions } from './profile/index.js';

// Analysis: goroutines → buckets and leak suspects; series and diffs.
export {
  analyze,
  analyzeDump,
  analyzeSeries,
  createAnalyzer,
  diffAnalyses,
  diffDumps,
  fingerprint,
  parseIgnoreSpec,
  type Analysis,
  type AnalyzeOptions,
  type AnalyzedBucket,
  type Analyzer,
  type DiffEntry,
  type DiffInput,
  type DiffOptions,
  type DiffStatus,
  type DumpDiff,
  type IgnoreRule,
  type SeriesAnalysis,
  type SeriesBucket,
  type SeriesInput,
  type SeriesOptions,
  type Totals,
} from './analysis/index.js';

// Inputs from files, URLs and stdin; captures.
export {
  analyzeFile,
  analyzeInput,
  analyzeTraceFile,
  capture,
  openInput,
  readCaptureIndex,
  seriesFromPaths,
  type AnalyzeInputOptions,
  type CaptureOptions,
  type CaptureResult,
  type FileAnalyzeOptions,
  type InputOptions,
  type OpenedInput,
} from './io/index.js';

// Static rules on Go source.
export {
  RULES,
  scan,
  scanSource,
  type Rule,
  type RuleMeta,
  type ScanOptions,
  type ScanResult,
  type ScanSourceOptions,
  type ScanSourceResult,
} from './static/index.js';

// Reports.
export {
  REPORT_FORMATS,
  findingsToCases,
  renderAnalysis,
  renderDiff,
  renderSeries,
  renderDiffHtml,
  renderDiffJSON,
  renderDiffMarkdown,
  renderDiffText,
  renderHtml,
  renderJSON,
  renderJUnit,
  renderMarkdown,
  renderSeriesHtml,
  renderSeriesJSON,
  renderSeriesMarkdown,
  renderSeriesText,
  renderStaticText,
  renderText,
  renderSarif,
  type HtmlOptions,
  type JUnitCase,
  type JUnitSuite,
  type JsonOptions,
  type ReportFormat,
  type ReportOptions,
  type SarifOptions,
  type TextOptions,
} from './report/index.js';

// check: static findings × dynamic evidence.
export {
  checkFindings,
  checkTree,
  loadDump,
  loadTestRun,
  present as presentCheck,
  renderCheckMarkdown,
  renderCheckText,
  renderCheckSarif,
  type CheckDocument,
  type CheckOptions,
  type CheckReport,
  type Confidence,
  type ConfirmedLeak,
  type DynamicEvidence,
  type DynamicOnlyLeak,
  type MatchKind,
  type StaticOnlyFinding,
} from './check/index.js';

// fix: patches for the findings, each proven by its package's own tests under the leak check.
export {
  findingsFrom,
  fixFindings,
  fixPackages,
  renderFixJSON,
  renderFixSarif,
  renderFixText,
  writePatches,
  type Candidate as FixCandidate,
  type FixIO,
  type FixOptions,
  type FixOutcome,
  type FixPackagesOptions,
  type FixReport,
  type FromFormat as FixFromFormat,
  type Unaddressed as FixUnaddressed,
  type Verdict as FixVerdict,
  type WriteResult as FixWriteResult,
} from './fix/index.js';
