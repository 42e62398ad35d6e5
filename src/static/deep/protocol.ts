// The one JSON protocol between goroutine-guard and its Go helper (analyzer/, `gg-analyzer`). Defined here once;
// analyzer/protocol/protocol.go mirrors it field for field. Change both together and bump PROTOCOL_VERSION.

/** The helper's protocol version; output of any other version is refused. */
export const PROTOCOL_VERSION = 1;

export interface DeepPos {
  /** Absolute path. */
  file: string;
  /** 1-based. */
  line: number;
  column?: number;
  /** Enclosing function as a goroutine dump spells it: `example.com/p.(*T).m.func1`. */
  func?: string;
}

export interface DeepRelated extends DeepPos {
  message: string;
}

export interface DeepFinding {
  ruleId: string;
  message: string;
  /** Empty = the rule's default. */
  severity?: 'error' | 'warning' | 'note';
  /** Where the goroutine blocks. */
  location: DeepPos;
  /** The go statement that started the blocked goroutine. */
  createdAt?: DeepPos;
  /** Where the other goroutines block, the lock taken first, the Wait. */
  related?: DeepRelated[];
  /** The mutex / WaitGroup / Cond / channel by declaration: `example.com/p.T.mu`, `example.com/p.mu`, `mu`. */
  lock?: string;
  /** The Wait the blocked goroutines wait for (GG020). */
  waiter?: DeepPos;
}

export interface DeepLoadError {
  package: string;
  message: string;
}

/** `gg-analyzer scan` output. */
export interface DeepScanOutput {
  protocol: number;
  tool: 'gg-analyzer';
  goVersion: string;
  packages: number;
  files: number;
  lines: number;
  findings: DeepFinding[];
  errors: DeepLoadError[];
  /** Milliseconds per phase. */
  timings: { load: number; ssa: number; rules: number };
  /**
   * Directories of every package loaded (the named ones and all they import), sorted; absent when any failed to
   * load. The result cache re-validates a run by these directories' Go files (cache/deep.ts).
   */
  dirs?: string[];
}

/** Written with exit code 2 on a bad command line. */
export interface DeepErrorOutput {
  protocol: number;
  error: string;
}

/** Parses and checks the helper's stdout; throws a one-line Error naming what is wrong. */
export function parseScanOutput(text: string): DeepScanOutput {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new Error(`gg-analyzer printed no JSON: ${JSON.stringify(text.slice(0, 120))}`);
  }
  return checkScanOutput(v);
}

/** Checks a parsed helper output (or a cached copy of one); throws a one-line Error naming what is wrong. */
export function checkScanOutput(v: unknown): DeepScanOutput {
  const o = v as Partial<DeepScanOutput & DeepErrorOutput>;
  if (typeof o !== 'object' || o === null) throw new Error('gg-analyzer output is not a JSON object');
  if (o.protocol !== PROTOCOL_VERSION) {
    throw new Error(`gg-analyzer speaks protocol ${String(o.protocol)}, expected ${PROTOCOL_VERSION}`);
  }
  if (typeof o.error === 'string') throw new Error(`gg-analyzer: ${o.error}`);
  if (!Array.isArray(o.findings) || !Array.isArray(o.errors) || typeof o.packages !== 'number') {
    throw new Error('gg-analyzer output lacks findings, errors or packages');
  }
  if (o.dirs !== undefined && !(Array.isArray(o.dirs) && o.dirs.every((d) => typeof d === 'string'))) {
    throw new Error('gg-analyzer output has dirs that are not a list of paths');
  }
  return o as DeepScanOutput;
}

/** `gg-analyzer trace FILE`: goroutine lifecycles read from a runtime/trace file (times in ns from the start). */
export interface TraceOutput {
  protocol: number;
  tool: 'gg-analyzer';
  goVersion: string;
  /** The trace header's Go version: `go 1.23`. */
  traceVersion: string;
  bytes: number;
  events: number;
  /** Trace clock of the first event; every other time is relative to it. */
  startNs: number;
  durationNs: number;
  goroutines: TraceCounts;
  /** Creations and exits per interval of `widthNs`. */
  intervals: { widthNs: number; created: number[]; exited: number[] };
  /** Interned stacks, innermost frame first; goroutines and sites refer to them by index (-1 = none). */
  stacks: { frames: TraceFrame[] }[];
  sites: TraceSite[];
  /** Goroutines that had not exited when the trace ended, by id. */
  alive: TraceGoroutine[];
  elapsedMs: number;
}

export interface TraceCounts {
  /** Every goroutine the trace mentions. */
  seen: number;
  /** Existed when tracing began. */
  atStart: number;
  created: number;
  exited: number;
  aliveAtEnd: number;
}

export interface TraceFrame {
  func: string;
  file: string;
  line: number;
}

/** A creation site: the creating goroutine's stack at the `go` statement, with lifecycle totals. */
export interface TraceSite {
  stack: number;
  created: number;
  exited: number;
  /** Sum of the lifetimes of the exited ones. */
  lifetimeNs: number;
}

export interface TraceGoroutine {
  id: number;
  /** The trace shows its creation (then createdNs, creator and site are set). */
  created: boolean;
  createdNs?: number;
  creator?: number;
  /** Index into sites, -1 when created before the trace. */
  site: number;
  /** The stack it started with, -1 when unknown. */
  start: number;
  state: 'waiting' | 'runnable' | 'running' | 'syscall' | 'undetermined';
  /** Last block reason as the runtime names it: `chan receive`, `select`, `sync`, `sync.(*Cond).Wait`… */
  reason?: string;
  /** When it last blocked, -1 when the trace does not show it. */
  blockedNs: number;
  /** Its stack when it last blocked, -1 when unknown. */
  block: number;
  blocks: number;
  /** The last time something made it runnable: `by` goroutine (-1 = the runtime: timer, netpoller). */
  lastUnblock?: { atNs: number; by: number; stack: number };
}

/** Written with exit code 3 when the trace cannot be read; `offset` is how far reading got. */
export interface TraceErrorOutput {
  protocol: number;
  error: string;
  offset: number;
}

/** Parses `gg-analyzer trace` stdout: the output, or the trace error (message + offset) it reports. */
export function parseTraceOutput(text: string): TraceOutput | TraceErrorOutput {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new Error(`gg-analyzer printed no JSON: ${JSON.stringify(text.slice(0, 120))}`);
  }
  const o = v as Partial<TraceOutput & TraceErrorOutput>;
  if (typeof o !== 'object' || o === null) throw new Error('gg-analyzer output is not a JSON object');
  if (o.protocol !== PROTOCOL_VERSION) {
    throw new Error(`gg-analyzer speaks protocol ${String(o.protocol)}, expected ${PROTOCOL_VERSION}`);
  }
  if (typeof o.error === 'string') return { protocol: o.protocol, error: o.error, offset: o.offset ?? 0 };
  if (!Array.isArray(o.alive) || !Array.isArray(o.stacks) || !Array.isArray(o.sites) || !o.goroutines) {
    throw new Error('gg-analyzer trace output lacks alive, stacks, sites or goroutines');
  }
  return o as TraceOutput;
}
