// What the `scan` command needs to scan and apply its policy, without what index.ts also exports (every rule module,
// the parser, scanSource): a scan whose packages all come from the result cache then loads neither the rules nor
// tree-sitter, which is most of a warm re-scan's start-up. The library API stays index.ts.

export { makeBaseline } from './baseline.js';
export {
  baselineFileFor,
  failOnFor,
  failsAt,
  loadBaseline,
  noGoFilesError,
  scanOptionsFor,
  suppress,
  type FailOnSeverity,
  type ScanChoices,
} from './policy.js';
export { scanWithEngine, type EngineChoice, type EngineReport } from './deep/engine.js';
export { scanCacheDir } from './cache/index.js';
