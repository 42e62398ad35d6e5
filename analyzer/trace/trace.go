//go:build go1.23

// Package trace reads a runtime/trace file (Go 1.11+ formats, through the copy of x/exp/trace in ../xtrace) as a
// stream and keeps per-goroutine state only: what each live goroutine last did, where it was created, and the
// creation/exit totals per site and per interval. Events are not kept.
package trace

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"runtime"
	"slices"
	"time"

	"goroutine-guard/analyzer/protocol"
	xt "goroutine-guard/analyzer/xtrace"
)

// maxBins bounds the interval table: when the trace outlasts it, adjacent bins merge and the width doubles.
const maxBins = 256

// Error is a trace that cannot be read, with how far into the file reading got.
type Error struct {
	Msg    string
	Offset int64
}

func (e *Error) Error() string { return e.Msg }

type goroutine struct {
	created   bool
	createdAt xt.Time
	creator   int64
	site      int
	start     int
	state     xt.GoState
	reason    string
	blockedAt xt.Time
	block     int
	blocks    int
	// The last wake-up (Waiting → Runnable): when, by which goroutine (-1: the runtime), the waker's stack.
	unblockAt    xt.Time
	unblockBy    int64
	unblockStack int
	woken        bool
}

type countingReader struct {
	r   io.Reader
	n   int64
	eof bool
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	if err == io.EOF {
		c.eof = true
	}
	return n, err
}

// reader holds the state of one pass over a trace.
type reader struct {
	out       protocol.TraceOutput
	gs        map[xt.GoID]*goroutine
	stackIdx  map[string]int
	siteIdx   map[int]int
	genTable  any
	genStacks map[uint64]int
	start     xt.Time
	last      xt.Time
	haveStart bool
	width     int64
	created   []int
	exited    []int
	keyBuf    []byte
}

// Read reads the whole trace from r and returns the lifecycles.
func Read(r io.Reader) (*protocol.TraceOutput, error) {
	t0 := time.Now()
	cr := &countingReader{r: r}
	br := bufio.NewReaderSize(cr, 1<<16)
	hdr, _ := br.Peek(16)
	tr, err := xt.NewReader(br)
	if err != nil {
		return nil, &Error{Msg: "not a Go execution trace: " + err.Error(), Offset: cr.n - int64(br.Buffered())}
	}
	st := &reader{
		gs:        map[xt.GoID]*goroutine{},
		stackIdx:  map[string]int{},
		siteIdx:   map[int]int{},
		genStacks: map[uint64]int{},
		width:     int64(time.Millisecond),
	}
	st.out = protocol.TraceOutput{Protocol: protocol.Version, Tool: "gg-analyzer", GoVersion: runtime.Version(),
		TraceVersion: headerVersion(hdr), Stacks: []protocol.TraceStack{}, Sites: []protocol.TraceSite{}, Alive: []protocol.TraceGoroutine{}}
	for {
		ev, err := tr.ReadEvent()
		if err == io.EOF {
			break
		}
		if err != nil {
			msg := err.Error()
			if errors.Is(err, io.ErrUnexpectedEOF) || cr.eof {
				msg = "the trace ends early (truncated): " + msg
			}
			return nil, &Error{Msg: msg, Offset: cr.n - int64(br.Buffered())}
		}
		st.event(ev)
	}
	st.finish()
	st.out.Bytes = cr.n
	st.out.ElapsedMs = time.Since(t0).Milliseconds()
	return &st.out, nil
}

func headerVersion(h []byte) string {
	// "go 1.23 trace\x00\x00\x00"
	for i, c := range h {
		if c == ' ' && i > 3 {
			return string(h[:i])
		}
	}
	return ""
}

func (st *reader) event(ev xt.Event) {
	st.out.Events++
	t := ev.Time()
	if !st.haveStart {
		st.start, st.haveStart = t, true
	}
	if t > st.last {
		st.last = t
	}
	if ev.Kind() != xt.EventStateTransition {
		return
	}
	tr := ev.StateTransition()
	if tr.Resource.Kind != xt.ResourceGoroutine {
		return
	}
	id := tr.Resource.Goroutine()
	from, to := tr.Goroutine()
	g := st.gs[id]
	if g == nil {
		if from == xt.GoNotExist && to == xt.GoNotExist {
			return
		}
		g = &goroutine{site: -1, start: -1, block: -1, blockedAt: -1}
		st.gs[id] = g
		st.out.Goroutines.Seen++
		if from == xt.GoNotExist {
			g.created, g.createdAt = true, t
			g.creator = int64(ev.Goroutine())
			g.start = st.stack(tr.Stack)
			site := st.stack(ev.Stack())
			si, ok := st.siteIdx[site]
			if !ok {
				si = len(st.out.Sites)
				st.siteIdx[site] = si
				st.out.Sites = append(st.out.Sites, protocol.TraceSite{Stack: site})
			}
			g.site = si
			st.out.Sites[si].Created++
			st.out.Goroutines.Created++
			st.bin(t, &st.created)
		} else {
			st.out.Goroutines.AtStart++
		}
	}
	g.state = to
	switch {
	case to == xt.GoNotExist:
		st.out.Goroutines.Exited++
		st.bin(t, &st.exited)
		if g.site >= 0 {
			s := &st.out.Sites[g.site]
			s.Exited++
			s.LifetimeNs += int64(t - g.createdAt)
		}
		delete(st.gs, id)
	case to == xt.GoWaiting:
		g.reason, g.blockedAt, g.blocks = tr.Reason, t, g.blocks+1
		stk := tr.Stack
		if s, _ := stk.StackKey(); s == nil {
			stk = ev.Stack()
		}
		g.block = st.stack(stk)
	case from == xt.GoWaiting && to == xt.GoRunnable:
		by := int64(ev.Goroutine())
		if ev.Goroutine() == xt.NoGoroutine || ev.Goroutine() == id {
			by = -1
		}
		g.woken, g.unblockAt, g.unblockBy, g.unblockStack = true, t, by, st.stack(ev.Stack())
	}
}

// stack interns s and returns its index in out.Stacks, -1 for no stack. Stacks are cached per generation by id,
// so a stack's frames are walked once per generation.
func (st *reader) stack(s xt.Stack) int {
	table, id := s.StackKey()
	if table == nil {
		return -1
	}
	if table != st.genTable {
		st.genTable = table
		clear(st.genStacks)
	}
	if i, ok := st.genStacks[id]; ok {
		return i
	}
	key := st.keyBuf[:0]
	var frames []protocol.TraceFrame
	for f := range s.Frames() {
		key = fmt.Appendf(key, "%s\x00%s\x00%d\x00", f.Func, f.File, f.Line)
		frames = append(frames, protocol.TraceFrame{Func: f.Func, File: f.File, Line: int(f.Line)})
	}
	st.keyBuf = key
	i, ok := st.stackIdx[string(key)]
	if !ok {
		if len(frames) == 0 {
			i = -1
		} else {
			i = len(st.out.Stacks)
			st.out.Stacks = append(st.out.Stacks, protocol.TraceStack{Frames: frames})
		}
		st.stackIdx[string(key)] = i
	}
	st.genStacks[id] = i
	return i
}

func (st *reader) bin(t xt.Time, bins *[]int) {
	i := int(int64(t-st.start) / st.width)
	for i >= maxBins {
		st.created = halve(st.created)
		st.exited = halve(st.exited)
		st.width *= 2
		i = int(int64(t-st.start) / st.width)
	}
	for len(*bins) <= i {
		*bins = append(*bins, 0)
	}
	(*bins)[i]++
}

func halve(b []int) []int {
	out := make([]int, (len(b)+1)/2)
	for i, n := range b {
		out[i/2] += n
	}
	return out
}

func (st *reader) finish() {
	st.out.StartNs = int64(st.start)
	st.out.DurationNs = int64(st.last - st.start)
	n := int(st.out.DurationNs/st.width) + 1
	pad := func(b []int) []int {
		for len(b) < n {
			b = append(b, 0)
		}
		return b
	}
	st.out.Intervals = protocol.TraceIntervals{WidthNs: st.width, Created: pad(st.created), Exited: pad(st.exited)}
	rel := func(t xt.Time) int64 {
		if t < 0 {
			return -1
		}
		return int64(t - st.start)
	}
	for id, g := range st.gs {
		o := protocol.TraceGoroutine{ID: int64(id), Created: g.created, Site: g.site, Start: g.start,
			State: stateName(g.state), Reason: g.reason, BlockedNs: rel(g.blockedAt), Block: g.block, Blocks: g.blocks}
		if g.created {
			o.CreatedNs, o.Creator = rel(g.createdAt), g.creator
		}
		if g.woken {
			o.LastUnblock = &protocol.TraceUnblock{AtNs: rel(g.unblockAt), By: g.unblockBy, Stack: g.unblockStack}
		}
		st.out.Alive = append(st.out.Alive, o)
	}
	st.out.Goroutines.AliveAtEnd = len(st.gs)
	slices.SortFunc(st.out.Alive, func(x, y protocol.TraceGoroutine) int { return int(x.ID - y.ID) })
}

func stateName(s xt.GoState) string {
	switch s {
	case xt.GoWaiting:
		return "waiting"
	case xt.GoRunnable:
		return "runnable"
	case xt.GoRunning:
		return "running"
	case xt.GoSyscall:
		return "syscall"
	}
	return "undetermined"
}
