// The Go side of `goroutine-guard test`: code embedded into an overlay copy of one `_test.go` file per package
// (`go test -overlay`). Its TestMain records the goroutines alive before the tests, runs them (or the package's own,
// renamed TestMain), then waits with exponential backoff for the leftovers to exit and writes the goroutine dump
// (the `goroutineleak` profile, which includes every goroutine and marks the proven ones, where the runtime has it)
// and a small JSON record into $GOROUTINE_GUARD_OUT. It prints nothing and never changes the exit code.
//
// The Go code is a real Go file, harness.go (embedded at build as harness-go.ts); this module generates only what
// differs per package (constants, ignore rules, TestMain) and puts it in front. The generated text must be
// identical from run to run for the same options, so go's build cache keeps the compiled test package; everything
// that changes per run comes from the environment.

import type { TestIgnoreRule } from './ignore.js';
import { EXIT_HOOK, USER_TEST_MAIN, packageClauseEnd } from './gosource.js';
import { HARNESS_GO } from './harness-go.js';

export const ENV_OUT = 'GOROUTINE_GUARD_OUT';
/** The file name the embedded harness has in positions and traces (a `//line` directive), not the user's file. */
export const HARNESS_FILE = 'goroutine-guard-harness.go';
/** Set by the harness in its own process so test binaries a test starts (os/exec of os.Args[0]) stay passive. */
export const ENV_PARENT = 'GOROUTINE_GUARD_PARENT';

export interface HarnessSpec {
  /** Import path of the package under test (recorded in the result file). */
  importPath: string;
  /** The package has its own TestMain, renamed to USER_TEST_MAIN in an overlay copy. */
  wrapsUserTestMain: boolean;
  settleMs: number;
  /** Use `goroutineleak` when the runtime registers it. */
  useLeakProfile: boolean;
  rules: readonly TestIgnoreRule[];
}

/** Result record written by the harness (`<pid>.meta.json`). Kept in sync with the Go code below. */
export interface HarnessRecord {
  version: 1;
  importPath: string;
  pid: number;
  goVersion: string;
  /** GOROOT of the toolchain that built the binary (frames under it are the standard library). */
  goroot: string;
  /** Exit code passed to os.Exit, or -1 when the package's own TestMain returned normally. */
  exitCode: number;
  /** Goroutine running the check. */
  self: number;
  /** Goroutines alive before the tests (init, TestMain's caller): never reported. */
  baseline: number[];
  settleMs: number;
  rounds: number;
  /** Goroutines the harness still saw as pending when it stopped waiting (before TypeScript-side filtering). */
  pending: number;
  leakProfile: boolean;
  /**
   * Goroutine id (decimal) → function, for ancestor records of test goroutines whose test frame the runtime printed
   * wrongly (inlining) and the harness could name (`goroutineguard_ancestorTests`). Absent from older harnesses.
   */
  ancestorTests?: Record<string, string>;
  /** File name of the debug=2 dump in the same directory, or "" when nothing was pending. */
  dump: string;
}

const q = (s: string) => JSON.stringify(s); // Go accepts JSON string literals for the ASCII names used here.

function goStrings(list: readonly string[] | undefined): string {
  return `[]string{${(list ?? []).map(q).join(', ')}}`;
}

/**
 * The harness's imports as one declaration for the package clause's line (`package p; import (…)`), so that adding
 * them shifts no line of the user's file.
 */
export const HARNESS_IMPORTS =
  '; import (goroutineguard_os "os"; goroutineguard_reflect "reflect"; goroutineguard_runtime "runtime"; goroutineguard_pprof "runtime/pprof"; ' +
  'goroutineguard_strconv "strconv"; goroutineguard_strings "strings"; goroutineguard_sync "sync"; ' +
  'goroutineguard_testing "testing"; goroutineguard_time "time")';

/**
 * A test file of the package with the harness embedded: imports on the package clause line, code after the last
 * line. Embedding into an existing file (rather than adding one) matters before Go 1.23, where go vet ignores
 * files that exist only in the overlay and fails with "no such file or directory".
 */
export function embedHarness(src: string, spec: HarnessSpec): string {
  const at = packageClauseEnd(src);
  if (at < 0) throw new Error('test file without a package clause');
  const body = src.slice(0, at) + HARNESS_IMPORTS + src.slice(at);
  return `${body}${body.endsWith('\n') ? '' : '\n'}${harnessBody(spec)}`;
}

/** The harness code (declarations only) for one package. */
export function harnessBody(spec: HarnessSpec): string {
  const rules = spec.rules
    .filter((r) => r.top?.length || r.any?.length || r.createdBy?.length || r.onlyRuntime)
    .map(
      (r) =>
        `\t{name: ${q(r.name)}, top: ${goStrings(r.top)}, any: ${goStrings(r.any)}, ` +
        `createdBy: ${goStrings(r.createdBy)}, onlyRuntime: ${r.onlyRuntime ? 'true' : 'false'}},`,
    )
    .join('\n');
  const main = spec.wrapsUserTestMain
    ? `func TestMain(m *goroutineguard_testing.M) {
	goroutineguard_begin(m)
	${USER_TEST_MAIN}(m)
	goroutineguard_end(-1)
}

// ${EXIT_HOOK} replaces os.Exit in the package's test files: the check must run before the process ends.
func ${EXIT_HOOK}(code int) {
	goroutineguard_end(code)
	goroutineguard_os.Exit(code)
}`
    : `func TestMain(m *goroutineguard_testing.M) {
	goroutineguard_begin(m)
	code := m.Run()
	goroutineguard_end(code)
	goroutineguard_os.Exit(code)
}`;
  // The //line directive gives the harness its own file name in traces: a timeout panic or a stack dump points to
  // HARNESS_FILE, never to a line past the end of the user's test file, and the test command hides those frames.
  return `
// ---- goroutine-guard harness (added by go test -overlay; the file on disk is unchanged) ----
//line ${HARNESS_FILE}:1

const (
	goroutineguard_importPath     = ${q(spec.importPath)}
	goroutineguard_settle         = ${Math.round(spec.settleMs * 1000)} * goroutineguard_time.Microsecond
	goroutineguard_useLeakProfile = ${spec.useLeakProfile ? 'true' : 'false'}
)

// Benign goroutines, from goroutine-guard's ignore rules: the settle loop stops once only these are left.
var goroutineguard_rules = []goroutineguard_rule{
${rules}
}

${main}

${harnessGo()}`;
}

const BODY_MARKER = '// ---- harness body ----\n';
let goBody: string | undefined;

/** The fixed part of the harness: harness.go below its marker line (embedded at build, see harness-go.ts). */
export function harnessGo(): string {
  if (goBody !== undefined) return goBody;
  const at = HARNESS_GO.indexOf(BODY_MARKER);
  if (at < 0) throw new Error(`harness.go: no "${BODY_MARKER.trim()}" line`);
  goBody = HARNESS_GO.slice(at + BODY_MARKER.length).replace(/^\n+/, '');
  return goBody;
}
