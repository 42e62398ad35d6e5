// The four report formats of `analyze`, `analyze` on a series, and `diff`, chosen by name in one place: each kind
// of result has a table of renderers, and `renderAs` picks one or fails with a usage error.

import { GuardError } from '../core/index.js';
import type { Analysis, DumpDiff, SeriesAnalysis } from '../analysis/index.js';
import { renderDiffHtml } from './diff-html.js';
import { renderDiffJSON } from './diff-json.js';
import { renderDiffMarkdown } from './diff-markdown.js';
import { renderDiffText } from './diff-text.js';
import { renderHtml } from './html.js';
import { renderJSON } from './json.js';
import { renderMarkdown } from './markdown.js';
import { renderSeriesHtml } from './series-html.js';
import { renderSeriesJSON } from './series-json.js';
import { renderSeriesMarkdown } from './series-markdown.js';
import { renderSeriesText } from './series-text.js';
import { renderText } from './text.js';
import { TRACE_STYLE, traceHtmlSection } from './trace.js';

export const REPORT_FORMATS = ['text', 'json', 'markdown', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** What a report shows: colours (text), how many entries, and whether to list the weak and benign ones too. */
export interface ReportOptions {
  color?: boolean;
  top?: number;
  all?: boolean;
  /** Text: whole stacks per suspect (`--stacks`). */
  fullStacks?: boolean;
  /** JSON: indented instead of one line (`--pretty`). */
  pretty?: boolean;
  /**
   * Text and Markdown: leave control characters from the dump as they came. Default false: they are shown as
   * `\u00XX`, so a hostile function name cannot drive the terminal the report is printed on.
   */
  raw?: boolean;
}

type Renderers<T> = Readonly<Record<ReportFormat, (value: T, opts: ReportOptions) => string>>;

function renderAs<T>(table: Renderers<T>, value: T, format: ReportFormat, opts: ReportOptions): string {
  const render = Object.hasOwn(table, format) ? table[format] : undefined;
  if (!render) throw new GuardError('usage', '--format', `unknown format ${String(format)}`);
  return render(value, opts);
}

const ANALYSIS: Renderers<Analysis> = {
  text: renderText,
  json: (a, o) => renderJSON(a, o),
  markdown: (a, o) => renderMarkdown(a, { raw: o.raw }),
  html: (a) => renderHtml(a, a.trace ? { extraSections: [traceHtmlSection(a)], extraStyle: TRACE_STYLE } : {}),
};

const SERIES: Renderers<SeriesAnalysis> = {
  text: renderSeriesText,
  json: (s, o) => renderSeriesJSON(s, o),
  markdown: renderSeriesMarkdown,
  html: (s) => renderSeriesHtml(s),
};

const DIFF: Renderers<DumpDiff> = {
  text: renderDiffText,
  json: (d, o) => renderDiffJSON(d, o),
  markdown: renderDiffMarkdown,
  html: renderDiffHtml,
};

/** One dump's report in `format`. */
export function renderAnalysis(a: Analysis, format: ReportFormat, opts: ReportOptions = {}): string {
  return renderAs(ANALYSIS, a, format, opts);
}

/** A series' report in `format`. */
export function renderSeries(s: SeriesAnalysis, format: ReportFormat, opts: ReportOptions = {}): string {
  return renderAs(SERIES, s, format, opts);
}

/** A diff's report in `format`. */
export function renderDiff(d: DumpDiff, format: ReportFormat, opts: ReportOptions = {}): string {
  return renderAs(DIFF, d, format, opts);
}
