// Public surface of `check`: static findings × dynamic evidence, joined by source site. Only what the CLI and the
// library entry (src/index.ts) use; the join, path mapping and source lookups stay inside (tests reach them by
// file).
export {
  checkTree,
  checkFindings,
  checkFails,
  CHECK_FAIL_ON,
  type CheckFailOn,
  type CheckOptions,
  type CheckReport,
} from './run.js';
export { loadDump, type DynamicEvidence } from './evidence.js';
export { loadTestRun } from './gotest.js';
export { loadTree } from './tree.js';
export { createSourceLookup } from './source.js';
export { present, type CheckDocument } from './present.js';
export { renderCheckText } from './report-text.js';
export { renderCheckMarkdown } from './report-markdown.js';
export { renderCheckSarif } from './report-sarif.js';
export {
  JOIN_DEFAULTS,
  type Confidence,
  type ConfirmedLeak,
  type DynamicOnlyLeak,
  type MatchKind,
  type StaticOnlyFinding,
} from './types.js';
