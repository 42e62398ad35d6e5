// Options of `goroutine-guard test` as one plain typed object, with every default in this file. The CLI and the
// config file both produce a `Partial<GoTestOptions>`; `resolveGoTestOptions` merges it over the defaults and
// rejects values that cannot work.

import { GuardError } from '../core/index.js';

/** When to collect the GC-based `goroutineleak` profile that proves a goroutine can never wake. */
export type LeakProfileMode =
  /** Use it when the toolchain has it without rebuilding: Go ≥ 1.27, or GOEXPERIMENT already enables it. */
  | 'auto'
  /** Also on Go 1.26, by adding GOEXPERIMENT=goroutineleakprofile (one-time rebuild of the build cache). */
  | 'on'
  | 'off';

export interface GoTestOptions {
  /** Package patterns and go test flags, in the order given: `./...`, `-race`, `-run`, `TestX`. */
  goArgs: string[];
  /** Total time a test binary may wait for leftover goroutines to exit after its tests finished, in ms. */
  settleMs: number;
  /** `GODEBUG=tracebackancestors=N`: how many creator generations each goroutine remembers for blame. */
  ancestors: number;
  leakProfile: LeakProfileMode;
  /** Ignore goroutines whose top function (first frame outside package runtime) is one of these. */
  ignoreTop: string[];
  /** Ignore goroutines with any frame in one of these functions. */
  ignoreAny: string[];
  /** Ignore goroutines created by one of these functions (`created by F`). */
  ignoreCreatedBy: string[];
  /** Ignore goroutines where any function name (frames or creator) matches one of these JS regular expressions. */
  ignoreRegex: string[];
  /** Apply the built-in set of benign runtime/stdlib goroutines (see ignore.ts). */
  defaultIgnores: boolean;
  /** Emit a JSON event stream (go test -json events plus leak events) instead of text. */
  json: boolean;
  /** Write a JUnit XML report to this path. */
  junit?: string;
  /** Print a representative stack under each leak line. */
  stacks: boolean;
  /** The go command to run. */
  goBin: string;
  /** Keep the temporary overlay directory (for debugging the generated files). */
  keepTemp: boolean;
  /** Also run go test with -trace (one package only) and add the trace's suspects to the report. */
  trace: boolean;
}

export const DEFAULT_GOTEST_OPTIONS: Readonly<GoTestOptions> = Object.freeze({
  goArgs: ['.'],
  // goleak retries for a fixed ~0.4 s; 1 s covers slow CI machines and -race while keeping clean runs instant
  // (a clean package stops waiting at the first check).
  settleMs: 1000,
  // Test goroutines sit 2 generations below goroutine 1 (main → runTests → TestX); 32 leaves room for deep
  // helper trees. The runtime copies at most this many ancestor records per `go` statement.
  ancestors: 32,
  leakProfile: 'auto' as LeakProfileMode,
  ignoreTop: [],
  ignoreAny: [],
  ignoreCreatedBy: [],
  ignoreRegex: [],
  defaultIgnores: true,
  json: false,
  stacks: true,
  goBin: 'go',
  keepTemp: false,
  trace: false,
});

const LEAK_PROFILE_MODES: readonly LeakProfileMode[] = ['auto', 'on', 'off'];

/** Merges `partial` over the defaults; bad values are a usage GuardError naming the option. */
export function resolveGoTestOptions(partial: Partial<GoTestOptions>, source = 'options'): GoTestOptions {
  const o: GoTestOptions = { ...DEFAULT_GOTEST_OPTIONS, ...stripUndefined(partial) };
  for (const k of ['ignoreTop', 'ignoreAny', 'ignoreCreatedBy', 'ignoreRegex', 'goArgs'] as const) {
    o[k] = [...(o[k] ?? [])];
  }
  if (o.goArgs.length === 0) o.goArgs = ['.'];
  if (!Number.isFinite(o.settleMs) || o.settleMs < 0 || o.settleMs > 600_000) {
    throw new GuardError('usage', source, `settle must be 0…600000 ms, got ${String(o.settleMs)}`);
  }
  if (!Number.isInteger(o.ancestors) || o.ancestors < 1 || o.ancestors > 10_000) {
    throw new GuardError('usage', source, `ancestors must be an integer 1…10000, got ${String(o.ancestors)}`);
  }
  if (!LEAK_PROFILE_MODES.includes(o.leakProfile)) {
    throw new GuardError('usage', source, `leak-profile must be one of ${LEAK_PROFILE_MODES.join(', ')}`);
  }
  for (const re of o.ignoreRegex) {
    try {
      new RegExp(re);
    } catch (e) {
      throw new GuardError('usage', source, `bad --ignore-regex ${JSON.stringify(re)}: ${(e as Error).message}`);
    }
  }
  return o;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}
