package guard

import (
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"testing"
)

// Every wait reason of the toolchain that builds this test must land in its class; only the ones without a
// leak meaning (coroutines, synctest's own waits) may fall to "other". The list comes from the runtime source
// on the machine, so a new Go release with new reasons makes this test say so.
func TestEveryRuntimeWaitReasonIsClassified(t *testing.T) {
	src, err := os.ReadFile(filepath.Join(runtime.GOROOT(), "src", "runtime", "runtime2.go"))
	if err != nil {
		t.Skipf("runtime source not available: %v", err)
	}
	table := regexp.MustCompile(`(?m)^\s*waitReason\w+:\s*"([^"]*)",`).FindAllSubmatch(src, -1)
	if len(table) < 20 {
		t.Fatalf("found only %d wait reasons in runtime2.go", len(table))
	}
	allowedOther := map[string]bool{"": true, "coroutine": true, "synctest.Run": true, "synctest.Wait": true}
	for _, m := range table {
		reason := string(m[1])
		st := parseState(reason)
		if st.class == ClassOther && !allowedOther[reason] {
			t.Errorf("wait reason %q is unclassified", reason)
		}
	}
}

func TestStatesAndFlags(t *testing.T) {
	cases := []struct {
		in         string
		class      WaitClass
		leaked     bool
		neverWakes bool
	}{
		{"chan send", ClassChanSend, false, false},
		{"chan send (nil chan)", ClassChanSend, false, true},
		{"chan send (leaked)", ClassChanSend, true, false},
		{"chan receive (nil chan) (leaked)", ClassChanRecv, true, true},
		{"chan receive (durable)", ClassChanRecv, false, false},
		{"select (synctest)", ClassSelect, false, false},
		{"select (no cases)", ClassSelect, false, true},
		{"select (scan)", ClassSelect, false, false},
		{"semacquire", ClassSync, false, false},
		{"sync.RWMutex.RLock", ClassSync, false, false},
		{"sync.WaitGroup.Wait (durable)", ClassSync, false, false},
		{"IO wait", ClassIO, false, false},
		{"sleep", ClassSleep, false, false},
		{"syscall", ClassSyscall, false, false},
		{"running", ClassRunning, false, false},
		{"runnable", ClassRunnable, false, false},
		{"GC worker (idle)", ClassRuntime, false, false},
		{"finalizer wait", ClassRuntime, false, false},
		{"waiting", ClassOther, false, false},
	}
	for _, c := range cases {
		st := parseState(c.in)
		if st.class != c.class || st.leaked != c.leaked || st.neverWakes != c.neverWakes {
			t.Errorf("%q: %+v", c.in, st)
		}
	}
}
