//go:build ignore

// The Go half of `goroutine-guard test`, embedded at build into src/gotest/harness-go.ts
// (scripts/embed-harness.mjs) and from there, by harness.ts, into an overlay copy of one
// _test.go file per package (`go test -overlay`). harness.ts puts the imports on the package clause's line (so no
// line of the user's file moves) and generates, before the code below the marker, the per-package constants
// (goroutineguard_importPath, goroutineguard_settle, goroutineguard_useLeakProfile), the ignore rules
// (goroutineguard_rules) and TestMain. Everything below the marker line is copied as it is; the environment
// variable names must match ENV_OUT and ENV_PARENT in harness.ts (test/gotest/harness.test.ts checks).
//
// The build tag keeps this file out of any build: it is the body of a template, not a package of its own.

package harness

import (
	goroutineguard_os "os"
	goroutineguard_reflect "reflect"
	goroutineguard_runtime "runtime"
	goroutineguard_pprof "runtime/pprof"
	goroutineguard_strconv "strconv"
	goroutineguard_strings "strings"
	goroutineguard_sync "sync"
	goroutineguard_testing "testing"
	goroutineguard_time "time"
)

// ---- harness body ----

type goroutineguard_rule struct {
	name        string
	top         []string
	any         []string
	createdBy   []string
	onlyRuntime bool
}

var (
	goroutineguard_once     goroutineguard_sync.Once
	goroutineguard_out      string
	goroutineguard_baseline = map[string]bool{}
	goroutineguard_m        *goroutineguard_testing.M
)

func goroutineguard_begin(m *goroutineguard_testing.M) {
	goroutineguard_m = m
	if goroutineguard_os.Getenv("GOROUTINE_GUARD_PARENT") != "" {
		return // a test binary started by a test: its parent does the check
	}
	goroutineguard_out = goroutineguard_os.Getenv("GOROUTINE_GUARD_OUT")
	if goroutineguard_out == "" {
		return
	}
	goroutineguard_os.Setenv("GOROUTINE_GUARD_PARENT", goroutineguard_strconv.Itoa(goroutineguard_os.Getpid()))
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
	dump, leak, tests := "", false, ""
	if pending > 0 {
		dump = goroutineguard_strconv.Itoa(goroutineguard_os.Getpid()) + ".goroutines.txt"
		p := goroutineguard_pprof.Lookup("goroutineleak")
		if p != nil && goroutineguard_useLeakProfile {
			leak = true // debug=2 of goroutineleak: a leak-detecting GC, then every goroutine, proven ones "(leaked)"
		} else {
			p = goroutineguard_pprof.Lookup("goroutine")
		}
		var text goroutineguard_strings.Builder
		_ = p.WriteTo(&text, 2)
		_ = goroutineguard_os.WriteFile(base+".goroutines.txt", []byte(text.String()), 0o644)
		tests = goroutineguard_ancestorTests(text.String())
	}
	var b goroutineguard_strings.Builder
	b.WriteString("{\"version\":1,\"importPath\":")
	b.WriteString(goroutineguard_jsonString(goroutineguard_importPath))
	b.WriteString(",\"pid\":" + goroutineguard_strconv.Itoa(goroutineguard_os.Getpid()))
	b.WriteString(",\"goVersion\":" + goroutineguard_jsonString(goroutineguard_runtime.Version()))
	b.WriteString(",\"goroot\":" + goroutineguard_jsonString(goroutineguard_runtime.GOROOT()))
	b.WriteString(",\"exitCode\":" + goroutineguard_strconv.Itoa(code))
	b.WriteString(",\"self\":" + self)
	b.WriteString(",\"baseline\":[")
	first := true
	for id := range goroutineguard_baseline {
		if !first {
			b.WriteString(",")
		}
		first = false
		b.WriteString(id)
	}
	b.WriteString("],\"settleMs\":" + goroutineguard_strconv.FormatFloat(float64(settled.Microseconds())/1000, 'f', 3, 64))
	b.WriteString(",\"rounds\":" + goroutineguard_strconv.Itoa(rounds))
	b.WriteString(",\"pending\":" + goroutineguard_strconv.Itoa(pending))
	b.WriteString(",\"leakProfile\":" + goroutineguard_strconv.FormatBool(leak))
	b.WriteString(",\"ancestorTests\":{" + tests + "}")
	b.WriteString(",\"dump\":" + goroutineguard_jsonString(dump) + "}\n")
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
	for _, block := range goroutineguard_strings.Split(text, "\n\n") {
		lines := goroutineguard_strings.Split(block, "\n")
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
			case l == "" || l[0] == '\t' || goroutineguard_strings.HasPrefix(l, "..."):
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

// goroutineguard_ancestorTests names the test run by each test goroutine of an ancestor record in the dump, as JSON
// members ("18":"example.com/p.TestX"). The runtime prints an ancestor frame by the pc it saved, and for a frame that
// called an inlined function that pc is the inline mark's + 1, which it symbolizes as is: the frame under
// testing.tRunner can come out as whatever is inlined at the next byte (time.After, say), with that function's
// file:line but the offset from the entry of the real function, the test. The test function whose entry + offset
// shows exactly the printed function and line there, and whose own name at that pc - 1 (a return pc, as
// runtime.CallersFrames reads it), is the test. Only top-level tests are candidates, so only a record whose creator's
// record shows nothing but the testing package above its runner (not a subtest, whose closure could have the very
// same code as a test) is looked up. Runs only when goroutines are left (docs/gotest.md).
func goroutineguard_ancestorTests(text string) string {
	type record struct{ id, runner, name, at, user string }
	entries := goroutineguard_testEntries()
	done := map[string]bool{}    // goroutine ids already looked at: every descendant repeats a record
	found := map[string]string{} // printed frame → test, for the same frame under other ids
	var out goroutineguard_strings.Builder
	var block []record
	flush := func() {
		for i, r := range block {
			// Examples are left out: they all run on the main goroutine, so its id names none of them.
			top := r.runner != "" && r.runner != "testing.runExample" && i+1 < len(block) && block[i+1].runner != "" &&
				goroutineguard_strings.HasPrefix(block[i+1].user, "testing.")
			if top && !done[r.id] {
				done[r.id] = true
				key := r.name + "\x00" + r.at
				test, ok := found[key]
				if !ok {
					test = goroutineguard_resolve(entries, r.name, r.at)
					found[key] = test
				}
				if test != "" {
					if out.Len() > 0 {
						out.WriteByte(',')
					}
					out.WriteString(goroutineguard_jsonString(r.id) + ":" + goroutineguard_jsonString(test))
				}
			}
		}
		block = block[:0]
	}
	var cur *record
	for _, l := range goroutineguard_strings.Split(text, "\n") {
		switch {
		case goroutineguard_strings.HasPrefix(l, "[originating from goroutine "):
			block = append(block, record{id: goroutineguard_strings.TrimSuffix(l[len("[originating from goroutine "):], "]:")})
			cur = &block[len(block)-1]
		case l == "" || goroutineguard_strings.HasPrefix(l, "goroutine "):
			flush()
			cur = nil
		case cur == nil || cur.runner != "":
		case l[0] == '\t':
			cur.at = l[1:]
		case goroutineguard_strings.HasSuffix(l, "(...)"):
			fn := l[:len(l)-len("(...)")]
			if fn == "testing.tRunner" || fn == "testing.runExample" || fn == "testing.(*B).runN" {
				cur.runner = fn // the frame under it, in name and at, is the test's own
				break
			}
			if cur.user == "" || goroutineguard_strings.HasPrefix(cur.user, "testing.") {
				cur.user = fn // the innermost frame outside the testing package, if any, else the one under the runner
			}
			cur.name = fn
		}
	}
	flush()
	return out.String()
}

// goroutineguard_resolve: the one test function at whose entry + the offset in at ("file:line +0xOFF") the runtime
// shows fn and that file:line, or "" (none, or more than one).
func goroutineguard_resolve(entries []uintptr, fn, at string) string {
	sp := goroutineguard_strings.LastIndex(at, " +0x")
	if fn == "" || sp < 0 {
		return ""
	}
	off, err := goroutineguard_strconv.ParseUint(at[sp+len(" +0x"):], 16, 64)
	if err != nil {
		return ""
	}
	found := ""
	for _, entry := range entries {
		f := goroutineguard_runtime.FuncForPC(entry)
		pc := entry + uintptr(off)
		// FuncForPC in an inlined body describes the inlined function, with the entry of the one it is inlined into.
		if in := goroutineguard_runtime.FuncForPC(pc); f == nil || f.Entry() != entry || in == nil || in.Entry() != entry {
			continue
		}
		// CallersFrames takes return pcs: pc+1 shows what is at pc itself (the runtime's reading), pc what it means.
		shown, _ := goroutineguard_runtime.CallersFrames([]uintptr{pc + 1}).Next()
		meant, _ := goroutineguard_runtime.CallersFrames([]uintptr{pc}).Next()
		if shown.Function != fn || shown.File+":"+goroutineguard_strconv.Itoa(shown.Line) != at[:sp] || meant.Function != f.Name() {
			continue
		}
		if found != "" && found != f.Name() {
			return ""
		}
		found = f.Name()
	}
	return found
}

// goroutineguard_testEntries: entry pcs of the binary's tests, benchmarks and fuzz targets, read from
// testing.M; none when its fields are not the expected ones.
func goroutineguard_testEntries() []uintptr {
	var out []uintptr
	if goroutineguard_m == nil {
		return nil
	}
	m := goroutineguard_reflect.ValueOf(goroutineguard_m).Elem()
	for _, field := range []string{"tests", "benchmarks", "fuzzTargets"} {
		list := m.FieldByName(field)
		if list.Kind() != goroutineguard_reflect.Slice {
			continue
		}
		for i := 0; i < list.Len(); i++ {
			t := list.Index(i)
			if t.Kind() != goroutineguard_reflect.Struct {
				continue
			}
			for j := 0; j < t.NumField(); j++ {
				if f := t.Field(j); f.Kind() == goroutineguard_reflect.Func && !f.IsNil() {
					out = append(out, f.Pointer())
				}
			}
		}
	}
	return out
}

func goroutineguard_jsonString(s string) string {
	var b goroutineguard_strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r > 0xffff:
			b.WriteString("\ufffd")
		case r < 0x20 || r > 0x7e:
			b.WriteString("\\u" + goroutineguard_strconv.FormatInt(int64(r)+0x10000, 16)[1:])
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
