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
  return o as DeepScanOutput;
}
