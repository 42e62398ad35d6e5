// Package protocol mirrors src/static/deep/protocol.ts: the one JSON document gg-analyzer writes on stdout. The
// TypeScript side is the source of truth; change both together and bump Version.
package protocol

// Version of the protocol; the TypeScript side refuses other versions.
const Version = 1

// Pos is a source position with an absolute file name.
type Pos struct {
	File   string `json:"file"`
	Line   int    `json:"line"`
	Column int    `json:"column,omitempty"`
	// Func is the enclosing function spelled as in a goroutine dump (`example.com/p.(*T).m.func1`).
	Func string `json:"func,omitempty"`
}

// Related is a secondary location: where other goroutines block, the lock taken first, the Wait.
type Related struct {
	Pos
	Message string `json:"message"`
}

// Finding is one rule hit.
type Finding struct {
	RuleID   string `json:"ruleId"`
	Message  string `json:"message"`
	Severity string `json:"severity,omitempty"` // error | warning | note; empty = the rule's default
	// Location is where the goroutine blocks.
	Location Pos `json:"location"`
	// CreatedAt is the go statement that started the blocked goroutine, when known.
	CreatedAt *Pos      `json:"createdAt,omitempty"`
	Related   []Related `json:"related,omitempty"`
	// Lock names the mutex (or WaitGroup, Cond, channel) the finding is about, by declaration:
	// `example.com/p.T.mu` for a field, `example.com/p.mu` for a package variable, `local mu` otherwise.
	Lock string `json:"lock,omitempty"`
	// Waiter is the WaitGroup.Wait / Cond.Wait call the blocked goroutines wait for (GG008, GG020).
	Waiter *Pos `json:"waiter,omitempty"`
}

// LoadError is a package that could not be loaded or type-checked.
type LoadError struct {
	Package string `json:"package"`
	Message string `json:"message"`
}

// Timings of the phases, in milliseconds.
type Timings struct {
	Load  int64 `json:"load"`
	SSA   int64 `json:"ssa"`
	Rules int64 `json:"rules"`
}

// ScanOutput is what `gg-analyzer scan` writes.
type ScanOutput struct {
	Protocol  int         `json:"protocol"`
	Tool      string      `json:"tool"`
	GoVersion string      `json:"goVersion"`
	Packages  int         `json:"packages"`
	Files     int         `json:"files"`
	Lines     int         `json:"lines"`
	Findings  []Finding   `json:"findings"`
	Errors    []LoadError `json:"errors"`
	Timings   Timings     `json:"timings"`
	// Dirs are the directories of every package loaded (the named ones and all they import), sorted; absent
	// when any of them failed to load, since a missing package has no directory to watch. goroutine-guard's
	// result cache re-validates a run by these directories' Go files.
	Dirs []string `json:"dirs,omitempty"`
}

// ErrorOutput is written (with exit code 2) when the command line is wrong or nothing could be loaded.
type ErrorOutput struct {
	Protocol int    `json:"protocol"`
	Error    string `json:"error"`
}

// TraceOutput is what `gg-analyzer trace FILE` writes: goroutine lifecycles read from a runtime/trace file.
type TraceOutput struct {
	Protocol  int    `json:"protocol"`
	Tool      string `json:"tool"`
	GoVersion string `json:"goVersion"`
	// TraceVersion is the header's Go version: `go 1.23`.
	TraceVersion string `json:"traceVersion"`
	Bytes        int64  `json:"bytes"`
	Events       int64  `json:"events"`
	// Trace clock (nanoseconds) of the first and last event; every other time here is relative to StartNs.
	StartNs    int64            `json:"startNs"`
	DurationNs int64            `json:"durationNs"`
	Goroutines TraceCounts      `json:"goroutines"`
	Intervals  TraceIntervals   `json:"intervals"`
	Stacks     []TraceStack     `json:"stacks"`
	Sites      []TraceSite      `json:"sites"`
	Alive      []TraceGoroutine `json:"alive"`
	// ElapsedMs is the helper's own time reading the trace.
	ElapsedMs int64 `json:"elapsedMs"`
}

// TraceCounts counts goroutines by lifecycle.
type TraceCounts struct {
	// Seen is every goroutine the trace mentions.
	Seen int `json:"seen"`
	// AtStart existed when tracing began (the trace does not show their creation).
	AtStart int `json:"atStart"`
	Created int `json:"created"`
	Exited  int `json:"exited"`
	// AliveAtEnd had not exited when the trace ended (including those that existed at the start).
	AliveAtEnd int `json:"aliveAtEnd"`
}

// TraceIntervals is the creation/exit balance over time, in bins of WidthNs from the trace start.
type TraceIntervals struct {
	WidthNs int64 `json:"widthNs"`
	Created []int `json:"created"`
	Exited  []int `json:"exited"`
}

// TraceFrame is one frame of a stack, innermost first.
type TraceFrame struct {
	Func string `json:"func"`
	File string `json:"file"`
	Line int    `json:"line"`
}

// TraceStack is an interned stack; goroutines and sites refer to it by index into Stacks.
type TraceStack struct {
	Frames []TraceFrame `json:"frames"`
}

// TraceSite is one creation site (the creator's stack at the go statement) with its lifecycle totals.
type TraceSite struct {
	// Stack is the creating goroutine's stack at the go statement (index into Stacks), -1 when not recorded.
	Stack   int `json:"stack"`
	Created int `json:"created"`
	Exited  int `json:"exited"`
	// LifetimeNs sums the lifetimes of the exited ones.
	LifetimeNs int64 `json:"lifetimeNs"`
}

// TraceUnblock is the last time another goroutine made this one runnable.
type TraceUnblock struct {
	AtNs int64 `json:"atNs"`
	// By is the unblocking goroutine, -1 when it was not a goroutine (timer, netpoller, the scheduler).
	By    int64 `json:"by"`
	Stack int   `json:"stack"`
}

// TraceGoroutine is a goroutine that had not exited when the trace ended.
type TraceGoroutine struct {
	ID int64 `json:"id"`
	// Created is true when the trace shows its creation; then CreatedNs, Creator and Site are set.
	Created   bool  `json:"created"`
	CreatedNs int64 `json:"createdNs,omitempty"`
	Creator   int64 `json:"creator,omitempty"`
	// Site is the creation site (index into Sites), -1 when the creation is not in the trace.
	Site int `json:"site"`
	// Start is the stack the goroutine started with (its function), -1 when unknown.
	Start int `json:"start"`
	// State at the end: waiting, runnable, running, syscall, undetermined.
	State string `json:"state"`
	// Reason is the last block reason as the runtime names it (`chan receive`, `select`, `sync`…).
	Reason string `json:"reason,omitempty"`
	// BlockedNs is when it last blocked (relative to the start), -1 when the trace does not show it.
	BlockedNs int64 `json:"blockedNs"`
	// Block is its stack when it last blocked (index into Stacks), -1 when unknown.
	Block int `json:"block"`
	// Blocks counts its blocking transitions in the trace.
	Blocks      int           `json:"blocks"`
	LastUnblock *TraceUnblock `json:"lastUnblock,omitempty"`
}

// TraceErrorOutput is written (with exit code 3) when the trace cannot be read; Offset is how far it was read.
type TraceErrorOutput struct {
	Protocol int    `json:"protocol"`
	Error    string `json:"error"`
	Offset   int64  `json:"offset"`
}
