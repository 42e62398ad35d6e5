// Library entry: `import { parseDump, analyze } from 'goroutine-guard'`.

export * from './profile/model.js';
export { parseDump, streamDump, type Dump, type DumpInput, type ParseOptions } from './profile/index.js';
export * from './analysis/index.js';
export * from './core/errors.js';
export * from './report/finding.js';
export { renderText, type TextOptions } from './report/text.js';
export { renderJSON, toJSON } from './report/json.js';
export { renderMarkdown } from './report/markdown.js';
export { renderHtml, type HtmlOptions } from './report/html.js';
export { openInput, resolveProfileUrl, type InputOptions, type OpenedInput } from './io/input.js';
export {
  capture,
  profileBase,
  readCaptureIndex,
  stampFromName,
  CAPTURE_DEFAULTS,
  type CaptureDeps,
  type CaptureEntry,
  type CaptureEvent,
  type CaptureIndex,
  type CaptureOptions,
  type CaptureResult,
  type DebugLevel,
} from './io/capture.js';
export { httpGet, HttpError, type HttpFailure, type HttpOptions } from './io/http.js';
export { analyzeFile, PARALLEL_DEFAULTS, type FileAnalyzeOptions } from './io/parallel.js';
export { seriesFromPaths } from './io/series-files.js';
export { renderDiffText } from './report/diff-text.js';
export { renderDiffJSON, diffToJSON } from './report/diff-json.js';
export { renderDiffMarkdown } from './report/diff-markdown.js';
export { renderDiffHtml } from './report/diff-html.js';
export { renderSeriesText } from './report/series-text.js';
export { renderSeriesJSON, seriesToJSON } from './report/series-json.js';
export { renderSeriesMarkdown } from './report/series-markdown.js';
export { renderSeriesHtml } from './report/series-html.js';
export {
  scan,
  scanSource,
  RULES,
  type ScanOptions,
  type ScanResult,
  type ScanSourceOptions,
  type ScanSourceResult,
  type Rule,
  type RuleMeta,
} from './static/index.js';
export { toSarif, SARIF_SCHEMA_URI, type SarifOptions, type SarifRuleInfo } from './report/sarif.js';
export { renderStaticText } from './report/text-static.js';
export {
  loadConfig,
  parseConfig,
  CONFIG_FILES,
  type GuardConfig,
  type ScanConfig,
  type IgnoreConfig,
} from './core/config.js';
export {
  checkTree,
  checkFindings,
  loadDump,
  loadTestRun,
  PathMapper,
  present as presentCheck,
  renderCheckText,
  renderCheckMarkdown,
  toCheckSarif,
  type CheckOptions,
  type CheckReport,
  type CheckDocument,
  type DynamicEvidence,
  type ConfirmedLeak,
  type DynamicOnlyLeak,
  type StaticOnlyFinding,
  type Confidence,
  type MatchKind,
} from './check/index.js';
export { VERSION } from './version.js';
