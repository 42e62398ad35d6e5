// The renderers the `scan` command always needs (text and JSON), without index.ts's dump, series and diff
// renderers and the analysis modules they load. SARIF and the rest stay in index.ts.

export { renderStaticText } from './text-static.js';
export { jsonReport } from './util.js';
