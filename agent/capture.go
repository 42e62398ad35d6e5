package guard

// Copying the goroutines' stacks: runtime.Stack(all) text for exact snapshots and dumps, runtime.GoroutineProfile
// records for inferred snapshots. Buffers are reused between samples unless a spike made them big.

import "runtime"

// pprofStackLimit is where pprof itself stops growing its debug=2 buffer.
const pprofStackLimit = 64 << 20

// captureStacks fills the reusable buffer with runtime.Stack(all), growing it up to limit bytes. The first size is
// guessed from the goroutine count so a big process does not pay several stop-the-world attempts.
func (g *Guard) captureStacks(limit int) ([]byte, bool) {
	want := 1024 * (runtime.NumGoroutine() + 16)
	if want < 64<<10 {
		want = 64 << 10
	}
	if want > limit {
		want = limit
	}
	if cap(g.stackBuf) < want {
		g.stackBuf = make([]byte, want)
	}
	buf := g.stackBuf[:cap(g.stackBuf)]
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			return buf[:n], false
		}
		if len(buf) >= limit {
			return buf, true
		}
		size := 2 * len(buf)
		if size > limit {
			size = limit
		}
		buf = make([]byte, size)
		g.stackBuf = buf
	}
}

// releaseStackBuf keeps a small buffer for the next sample but lets a spike's big one go.
func (g *Guard) releaseStackBuf() {
	if cap(g.stackBuf) > 4<<20 {
		g.stackBuf = nil
	}
}

// captureRecords collects every goroutine's stack record, with some room for goroutines started meanwhile.
func (g *Guard) captureRecords(count int) ([]runtime.StackRecord, bool) {
	for tries := 0; tries < 3; tries++ {
		want := count + count/8 + 64
		if cap(g.records) < want {
			g.records = make([]runtime.StackRecord, want)
		}
		n, ok := runtime.GoroutineProfile(g.records[:cap(g.records)])
		if ok {
			return g.records[:n], true
		}
		count = n
	}
	return nil, false
}

// releaseRecords keeps up to 4 MiB of records (16384 goroutines) for the next sample.
func (g *Guard) releaseRecords() {
	if cap(g.records) > 16384 {
		g.records = nil
	}
}
