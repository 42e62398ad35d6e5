// The Go side of `goroutine-guard test`: code embedded into an overlay copy of one `_test.go` file per package
// (`go test -overlay`). Its TestMain records the goroutines alive before the tests, runs them (or the package's own,
// renamed TestMain), then waits with exponential backoff for the leftovers to exit and writes the goroutine dump
// (the `goroutineleak` profile, which includes every goroutine and marks the proven ones, where the runtime has it)
// and a small JSON record into $GOROUTINE_GUARD_OUT. It prints nothing and never changes the exit code.
//
// The generated text must be identical from run to run for the same options, so go's build cache keeps the
// compiled test package; everything that changes per run comes from the environment.

import type { IgnoreRule } from './ignore.js';
import { EXIT_HOOK, USER_TEST_MAIN, packageClauseEnd } from './gosource.js';

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
  rules: readonly IgnoreRule[];
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
  '; import (goroutineguard_os "os"; goroutineguard_runtime "runtime"; goroutineguard_pprof "runtime/pprof"; ' +
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
	goroutineguard_begin()
	${USER_TEST_MAIN}(m)
	goroutineguard_end(-1)
}

// ${EXIT_HOOK} replaces os.Exit in the package's test files: the check must run before the process ends.
func ${EXIT_HOOK}(code int) {
	goroutineguard_end(code)
	goroutineguard_os.Exit(code)
}`
    : `func TestMain(m *goroutineguard_testing.M) {
	goroutineguard_begin()
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

type goroutineguard_rule struct {
	name        string
	top         []string
	any         []string
	createdBy   []string
	onlyRuntime bool
}

// Benign goroutines, from goroutine-guard's ignore rules: the settle loop stops once only these are left.
var goroutineguard_rules = []goroutineguard_rule{
${rules}
}

var (
	goroutineguard_once     goroutineguard_sync.Once
	goroutineguard_out      string
	goroutineguard_baseline = map[string]bool{}
)

${main}

func goroutineguard_begin() {
	if goroutineguard_os.Getenv(${q(ENV_PARENT)}) != "" {
		return // a test binary started by a test: its parent does the check
	}
	goroutineguard_out = goroutineguard_os.Getenv(${q(ENV_OUT)})
	if goroutineguard_out == "" {
		return
	}
	goroutineguard_os.Setenv(${q(ENV_PARENT)}, goroutineguard_strconv.Itoa(goroutineguard_os.Getpid()))
	for _, g := range goroutineguard_scan(goroutineguard_stacks(true)) {
		goroutineguard_baseline[g.id] = true
	}
}

func goroutineguard_end(code int) {
	goroutineguard_once.Do(func() {
		if goroutineguard_out != "" {
			goroutineguard_check(code)
		}
	})
}

func goroutineguard_check(code int) {
	self := goroutineguard_scan(goroutineguard_stacks(false))[0].id
	start := goroutineguard_time.Now()
	wait := goroutineguard_time.Millisecond
	rounds, pending := 0, 0
	for {
		rounds++
		pending = goroutineguard_pending(self)
		elapsed := goroutineguard_time.Since(start)
		if pending == 0 || elapsed >= goroutineguard_settle {
			break
		}
		if rest := goroutineguard_settle - elapsed; wait > rest {
			wait = rest
		}
		goroutineguard_time.Sleep(wait)
		wait *= 2
	}
	settled := goroutineguard_time.Since(start)
	base := goroutineguard_out + string(goroutineguard_os.PathSeparator) + goroutineguard_strconv.Itoa(goroutineguard_os.Getpid())
	dump, leak := "", false
	if pending > 0 {
		dump = goroutineguard_strconv.Itoa(goroutineguard_os.Getpid()) + ".goroutines.txt"
		if f, err := goroutineguard_os.Create(base + ".goroutines.txt"); err == nil {
			p := goroutineguard_pprof.Lookup("goroutineleak")
			if p != nil && goroutineguard_useLeakProfile {
				leak = true // debug=2 of goroutineleak: a leak-detecting GC, then every goroutine, proven ones "(leaked)"
			} else {
				p = goroutineguard_pprof.Lookup("goroutine")
			}
			_ = p.WriteTo(f, 2)
			_ = f.Close()
		}
	}
	var b goroutineguard_strings.Builder
	b.WriteString("{\\"version\\":1,\\"importPath\\":")
	b.WriteString(goroutineguard_jsonString(goroutineguard_importPath))
	b.WriteString(",\\"pid\\":" + goroutineguard_strconv.Itoa(goroutineguard_os.Getpid()))
	b.WriteString(",\\"goVersion\\":" + goroutineguard_jsonString(goroutineguard_runtime.Version()))
	b.WriteString(",\\"goroot\\":" + goroutineguard_jsonString(goroutineguard_runtime.GOROOT()))
	b.WriteString(",\\"exitCode\\":" + goroutineguard_strconv.Itoa(code))
	b.WriteString(",\\"self\\":" + self)
	b.WriteString(",\\"baseline\\":[")
	first := true
	for id := range goroutineguard_baseline {
		if !first {
			b.WriteString(",")
		}
		first = false
		b.WriteString(id)
	}
	b.WriteString("],\\"settleMs\\":" + goroutineguard_strconv.FormatFloat(float64(settled.Microseconds())/1000, 'f', 3, 64))
	b.WriteString(",\\"rounds\\":" + goroutineguard_strconv.Itoa(rounds))
	b.WriteString(",\\"pending\\":" + goroutineguard_strconv.Itoa(pending))
	b.WriteString(",\\"leakProfile\\":" + goroutineguard_strconv.FormatBool(leak))
	b.WriteString(",\\"dump\\":" + goroutineguard_jsonString(dump) + "}\\n")
	// Written then renamed: the reader never sees half a record.
	if goroutineguard_os.WriteFile(base+".meta.tmp", []byte(b.String()), 0o644) == nil {
		_ = goroutineguard_os.Rename(base+".meta.tmp", base+".meta.json")
	}
}

// goroutineguard_pending counts goroutines that are neither from before the tests, nor this one, nor benign.
func goroutineguard_pending(self string) int {
	n := 0
	for _, g := range goroutineguard_scan(goroutineguard_stacks(true)) {
		if g.id != self && !goroutineguard_baseline[g.id] && !goroutineguard_ignored(g) {
			n++
		}
	}
	return n
}

func goroutineguard_stacks(all bool) string {
	buf := make([]byte, 64<<10)
	for {
		n := goroutineguard_runtime.Stack(buf, all)
		if n < len(buf) {
			return string(buf[:n])
		}
		buf = make([]byte, 2*len(buf))
	}
}

type goroutineguard_g struct {
	id      string
	funcs   []string // innermost first, own stack only (not ancestors)
	created string
}

// goroutineguard_scan reads ids and function names from runtime.Stack text; the full parse happens in
// goroutine-guard itself. Only what the settle loop's ignore rules need.
func goroutineguard_scan(text string) []goroutineguard_g {
	var out []goroutineguard_g
	for _, block := range goroutineguard_strings.Split(text, "\\n\\n") {
		lines := goroutineguard_strings.Split(block, "\\n")
		if !goroutineguard_strings.HasPrefix(lines[0], "goroutine ") {
			continue
		}
		head := lines[0][len("goroutine "):]
		sp := goroutineguard_strings.IndexByte(head, ' ')
		if sp < 0 {
			continue
		}
		g := goroutineguard_g{id: head[:sp]}
	frames:
		for _, l := range lines[1:] {
			switch {
			case l == "" || l[0] == '\\t' || goroutineguard_strings.HasPrefix(l, "..."):
			case goroutineguard_strings.HasPrefix(l, "[originating from goroutine"):
				break frames // ancestors follow; the rules look at the goroutine's own stack
			case goroutineguard_strings.HasPrefix(l, "created by "):
				c := l[len("created by "):]
				if i := goroutineguard_strings.Index(c, " in goroutine "); i >= 0 {
					c = c[:i]
				}
				g.created = c
			default:
				if goroutineguard_strings.HasSuffix(l, ")") {
					if i := goroutineguard_strings.LastIndexByte(l, '('); i > 0 {
						l = l[:i]
					}
				}
				g.funcs = append(g.funcs, l)
			}
		}
		out = append(out, g)
	}
	return out
}

func goroutineguard_ignored(g goroutineguard_g) bool {
	top := ""
	for _, f := range g.funcs {
		if !goroutineguard_strings.HasPrefix(f, "runtime.") {
			top = f
			break
		}
	}
	for _, r := range goroutineguard_rules {
		if r.onlyRuntime && top == "" && len(g.funcs) > 0 {
			return true
		}
		if top != "" && goroutineguard_matchAny(r.top, top) {
			return true
		}
		for _, f := range g.funcs {
			if goroutineguard_matchAny(r.any, f) {
				return true
			}
		}
		if g.created != "" && goroutineguard_matchAny(r.createdBy, g.created) {
			return true
		}
	}
	return false
}

// goroutineguard_matchAny: a pattern equals the name, or ends in "*" and is a prefix of it (same rule as ignore.ts).
func goroutineguard_matchAny(patterns []string, name string) bool {
	for _, p := range patterns {
		if p == name || (goroutineguard_strings.HasSuffix(p, "*") && goroutineguard_strings.HasPrefix(name, p[:len(p)-1])) {
			return true
		}
	}
	return false
}

func goroutineguard_jsonString(s string) string {
	var b goroutineguard_strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\\\':
			b.WriteByte('\\\\')
			b.WriteRune(r)
		case r > 0xffff:
			b.WriteString("\\ufffd")
		case r < 0x20 || r > 0x7e:
			b.WriteString("\\\\u" + goroutineguard_strconv.FormatInt(int64(r)+0x10000, 16)[1:])
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
`;
}
