// The one typed model every dump format is parsed into. Parsers in this folder produce `Goroutine` records;
// analysis (src/analysis) only ever sees this model, never raw text or protobuf.

/** One stack frame, as printed by the runtime (`pkg.(*T).M(args)` + `\tfile:line +0xoff`). */
export interface Frame {
  /** Fully qualified function name as printed: `net/http.(*persistConn).readLoop`, `main.work.func1`, `pkg.F[...]`. */
  func: string;
  /** Import path of the package: `net/http`, `main`, `github.com/x/y`. */
  package: string;
  /** Method receiver without parentheses (`*persistConn`, `T`), when the function is a method. */
  receiver?: string;
  /** Raw argument text between the outer parentheses (debug=2 only; `...` when elided). */
  args?: string;
  file: string;
  line: number;
  /** Offset from the function entry (`+0x85`), when printed. */
  pcOffset?: number;
  /** True for frames the runtime reports as inlined (debug=1/0 location lines sharing one PC). */
  inlined?: boolean;
}

/**
 * A goroutine id. Go's ids are uint64: a `number` when it fits a double exactly (every id a runtime produces in
 * practice), a `bigint` above 2^53 − 1 — never a rounded number. One value has one form, so `===`, Map keys and
 * `<` work; use `compareIds` to sort and `idGap` for differences (`-` throws on mixed number and bigint). JSON
 * reports write bigint ids as strings of digits (`idJson`).
 */
export type GoroutineId = number | bigint;

/** The id for a run of decimal digits (≤ 20, at most 2^64 − 1), in its one form; undefined otherwise. */
export function parseGoroutineId(digits: string): GoroutineId | undefined {
  if (!/^\d{1,20}$/.test(digits)) return undefined;
  if (digits.length <= 15) return Number(digits);
  const big = BigInt(digits);
  if (big > 0xffff_ffff_ffff_ffffn) return undefined;
  return big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
}

export function compareIds(a: GoroutineId, b: GoroutineId): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `b - a`, exact when both are numbers; a gap too large for a double is Infinity (callers only test small gaps). */
export function idGap(a: GoroutineId, b: GoroutineId): number {
  if (typeof a === 'number' && typeof b === 'number') return b - a;
  const d = BigInt(b) - BigInt(a);
  return d > BigInt(Number.MAX_SAFE_INTEGER) ? Infinity : d < -BigInt(Number.MAX_SAFE_INTEGER) ? -Infinity : Number(d);
}

/** An id for JSON: bigint ids become strings of digits (JSON.stringify throws on bigint). */
export function idJson(id: GoroutineId): number | string {
  return typeof id === 'bigint' ? id.toString() : id;
}

/** An ancestor goroutine recorded with `GODEBUG=tracebackancestors=N`. */
export interface Ancestor {
  id: GoroutineId;
  frames: Frame[];
  createdBy?: Frame;
  creatorId?: GoroutineId;
}

/** Class of a wait reason (docs/analyze.md). Analysis ranks leak suspects by class. */
export type WaitClass =
  | 'chan-send'
  | 'chan-recv'
  /** Channel operation of unknown direction: debug=1 hides the runtime frames that would tell send from receive. */
  | 'chan'
  | 'select'
  | 'sync'
  | 'io'
  | 'sleep'
  | 'syscall'
  | 'running'
  | 'runnable'
  | 'runtime'
  | 'other';

export const WAIT_CLASSES: readonly WaitClass[] = [
  'chan-send',
  'chan-recv',
  'chan',
  'select',
  'sync',
  'io',
  'sleep',
  'syscall',
  'running',
  'runnable',
  'runtime',
  'other',
];

/**
 * One goroutine, or — for aggregated formats (debug=1, debug=0) — one group of `count` goroutines that share a
 * stack and labels. Aggregated records have `id === -1`.
 */
export interface Goroutine {
  /** Goroutine id, -1 when the format does not carry ids. */
  id: GoroutineId;
  /** How many goroutines this record stands for (1 for traceback formats). */
  count: number;
  /** Wait reason or status as printed, without flags: `chan receive`, `running`, `sync.Mutex.Lock`. */
  state: string;
  /** True when the state was not printed but inferred from the top frames (debug=1/0). */
  stateInferred: boolean;
  waitClass: WaitClass;
  /** Minutes blocked as printed (`, 5 minutes`); 0 when not printed. */
  waitMinutes: number;
  /** `locked to thread`. */
  locked: boolean;
  /** Proven leaked by the GC: `(leaked)` marker or listed in a `goroutineleak` profile. */
  leaked: boolean;
  /** Synctest-related flags (`(durable)`, `synctest bubble N`). */
  durable?: boolean;
  bubble?: number;
  labels: Record<string, string>;
  /** Innermost frame first. */
  frames: Frame[];
  /** Frames the runtime elided (`...N frames elided...`; `...additional frames elided...` counts as 1). */
  elided: number;
  createdBy?: Frame;
  /** Creator goroutine id (`created by F in goroutine N`, Go ≥ 1.21). */
  creatorId?: GoroutineId;
  ancestors: Ancestor[];
  /** Identity of the interned stack within one parse: equal ids ⇔ same frames, elisions and creator. */
  stackId?: number;
  /** Hash of this goroutine's own argument values (only with `exactArgs`), for exact bucketing. */
  argsKey?: number;
}

export type DumpFormat =
  | 'traceback' // debug=2, panic, SIGQUIT, runtime.Stack, test timeout
  | 'debug1'
  | 'proto' // debug=0 gzip protobuf
  | 'proto-per-goroutine' // protobuf with one sample per goroutine (`go::goroutine` labels)
  | 'trace'; // runtime/trace execution trace: the goroutines alive at its end (src/profile/trace.ts)

/** What a parse produced besides the goroutines themselves. */
export interface DumpInfo {
  /** Input name as the user gave it (file path, URL, `-`). */
  source: string;
  format: DumpFormat;
  /** The input was a `goroutineleak` profile: every goroutine in it is proven leaked. */
  leakProfile: boolean;
  /** Total goroutines the dump declares (`goroutine profile: total N`, sample sum), when it declares one. */
  declaredTotal?: number;
  /** Goroutines (sum of counts) actually parsed. */
  parsed: number;
  /** The dump ended mid-goroutine (or fewer goroutines than declared were found). */
  truncated: boolean;
  /** Goroutines that were parsed completely (for truncated dumps, the last one is excluded). */
  complete: number;
  /** Non-fatal problems: skipped lines, unknown header flags… */
  warnings: string[];
  /** Time the dump was taken (protobuf `time_nanos`), when known. */
  time?: Date;
  /** Text formats: lines read. */
  lines?: number;
  /** Where a truncated traceback dump was cut. */
  truncation?: Truncation;
  /** What the text around the goroutines says: a test timeout, a deadlock, a SIGQUIT, a panic. */
  context?: DumpContext;
}

/** Where a traceback dump was cut: the line where input ended and the header of the goroutine it cut. */
export interface Truncation {
  why: string;
  line: number;
  headerLine: number;
  /** Byte offset where the last complete line ended. */
  offset: number;
  goroutine: GoroutineId | undefined;
}

export type DumpContextKind = 'test-timeout' | 'deadlock' | 'sigquit' | 'panic';

/** What the text around a traceback says about the process (see profile/context.ts). */
export interface DumpContext {
  kind: DumpContextKind;
  /** The line that says so, without a log prefix (`panic: test timed out after 3s`). */
  message: string;
  /** `go test -timeout`: the tests the panic lists as running; a synctest deadlock: the failing test. */
  tests?: string[];
}
