// report: findings, analyses, series and diffs → text, JSON, Markdown, HTML, SARIF, JUnit. Other folders import
// from here, never from a file inside.

export { renderDiffHtml } from './diff-html.js';
export { renderDiffJSON } from './diff-json.js';
export { renderDiffMarkdown } from './diff-markdown.js';
export { renderDiffText } from './diff-text.js';
export { renderHtml, type HtmlOptions } from './html.js';
export { JSON_MAX_IDS, renderJSON, type JsonOptions } from './json.js';
export { jsonReport } from './util.js';
export { findingsToCases, renderJUnit, type JUnitCase, type JUnitSuite } from './junit.js';
export { renderMarkdown } from './markdown.js';
export { renderSarif, sarifJson, sarifLog, type SarifLog, type SarifOptions } from './sarif.js';
export { renderSeriesHtml } from './series-html.js';
export { renderSeriesJSON } from './series-json.js';
export { renderSeriesMarkdown } from './series-markdown.js';
export { renderSeriesText } from './series-text.js';
export { renderStaticText } from './text-static.js';
export { renderText, type TextOptions } from './text.js';
export {
  REPORT_FORMATS,
  renderAnalysis,
  renderDiff,
  renderSeries,
  type ReportFormat,
  type ReportOptions,
} from './formats.js';
