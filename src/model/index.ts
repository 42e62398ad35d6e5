// model: the types every stage shares — findings, the leak-pattern catalogue, goroutines and frames. The ground
// floor: it imports nothing. Other folders import from here, never from a file inside.

export {
  EVIDENCE_ORDER,
  evidenceRank,
  type Evidence,
  type Finding,
  type Severity,
  type SourceLocation,
} from './finding.js';
export { isPatternId, PATTERN_IDS, PATTERNS, type LeakPattern, type PatternId } from './patterns.js';
export {
  compareIds,
  idGap,
  idJson,
  parseGoroutineId,
  WAIT_CLASSES,
  type Ancestor,
  type GoroutineId,
  type DumpContext,
  type DumpContextKind,
  type DumpFormat,
  type DumpInfo,
  type Frame,
  type Goroutine,
  type Truncation,
  type WaitClass,
} from './profile.js';
export type { TraceLifecycle, TraceSiteSummary, TraceSuspectData } from './trace.js';
