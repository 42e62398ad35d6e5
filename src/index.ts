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
export { VERSION } from './version.js';
