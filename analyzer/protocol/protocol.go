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
}

// ErrorOutput is written (with exit code 2) when the command line is wrong or nothing could be loaded.
type ErrorOutput struct {
	Protocol int    `json:"protocol"`
	Error    string `json:"error"`
}
