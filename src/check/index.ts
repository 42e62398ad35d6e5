// Public surface of `check`: static findings × dynamic evidence, joined by source site.
export {
  checkTree,
  checkFindings,
  checkFails,
  CHECK_FAIL_ON,
  type CheckFailOn,
  type CheckOptions,
  type CheckReport,
} from './run.js';
export { loadDump, testEvidence, functionsOf, type DynamicEvidence } from './evidence.js';
export { loadTestRun, type TestRunIO } from './gotest.js';
export { join, pair, waitFits, confidenceOf, type JoinInput } from './join.js';
export {
  PathMapper,
  type MappedBy,
  type MappedPath,
  type PathMapOptions,
  type SourceTree,
  type TreePackage,
} from './paths.js';
export { loadTree, treeSources } from './tree.js';
export { createSourceLookup, type SourceLookup, type SourceOptions } from './source.js';
export { whyMissed, type SourceText } from './why.js';
export { present, displayPath, type CheckDocument } from './present.js';
export { renderCheckText, type CheckTextOptions } from './report-text.js';
export { renderCheckMarkdown } from './report-markdown.js';
export { toCheckSarif } from './report-sarif.js';
export {
  JOIN_DEFAULTS,
  MATCH_ORDER,
  type CheckResult,
  type Confidence,
  type ConfirmedLeak,
  type DynamicOnlyLeak,
  type JoinOptions,
  type MappedSuspect,
  type MatchKind,
  type StaticOnlyFinding,
} from './types.js';
