package guard

// Goroutine-profile snapshots: the aggregation shared by the two readers (traceback.go reads exact debug=2 text,
// records.go infers waits from concurrently collected stack records). It counts goroutines per wait class and
// groups parked ones by site into leak suspects; memory is bounded by the number of distinct sites (capped), never
// by the number of goroutines.

import (
	"bytes"
	"sort"
)

// Suspect is one site where goroutines pile up in a leak-prone wait, or that can provably never wake.
type Suspect struct {
	Class WaitClass `json:"class"`
	// Reason is the runtime wait reason of the first goroutine seen at the site (e.g. "chan send").
	Reason string `json:"reason"`
	// Site is the first frame in user code (not runtime or standard library): "func file:line"; the top frame when
	// the whole stack is standard library.
	Site string `json:"site"`
	// CreatedBy is the `go` statement that started the goroutines: "func file:line" (exact mode only).
	CreatedBy string `json:"createdBy,omitempty"`
	Count     int    `json:"count"`
	// Leaked counts goroutines the GC proved leaked ("(leaked)" marker); NeverWakes those in a nil-chan operation
	// or a select with no cases.
	Leaked     int `json:"leaked,omitempty"`
	NeverWakes int `json:"neverWakes,omitempty"`
	// MaxWaitMinutes is the longest wait the runtime printed for the site (printed only after ~1 minute).
	MaxWaitMinutes int `json:"maxWaitMinutes,omitempty"`
	// Evidence follows the shared spec §4: "proven", "confirmed" (never wakes) or "suspected" (concentration).
	Evidence string `json:"evidence"`
}

// Profile modes: how a snapshot was taken.
const (
	// modeExact: runtime.Stack(all) text — exact wait reasons, wait minutes, creators, "(leaked)" markers; the
	// world is stopped while the text is written.
	modeExact = "exact"
	// modeInferred: runtime.GoroutineProfile — collected concurrently (no long pause); the wait is inferred from
	// the top frames and creators are unknown.
	modeInferred = "inferred"
)

// profileSnapshot is what one goroutine-profile sample tells.
type profileSnapshot struct {
	Mode           string
	Total          int
	ByClass        [len(waitClasses)]int
	Parked         int
	BlockedChannel int // chan-send + chan-recv + select
	Leaked         int // "(leaked)" markers seen
	Suspects       []Suspect
	// SuspectGoroutines is the number of goroutines in Suspects.
	SuspectGoroutines int
	Truncated         bool
}

// maxSites caps the distinct sites one snapshot tracks; goroutines at further sites are still counted by class.
const maxSites = 4096

type siteBucket struct {
	class      WaitClass
	reason     string
	site       string
	createdBy  string
	count      int
	leaked     int
	neverWakes int
	maxWait    int
}

// profileParser holds the per-Guard settings of both readers; it keeps no state between calls.
type profileParser struct {
	mainModule     string   // the main module path, so its packages count as user code even without a dot
	ignore         []string // function-name prefixes that are never suspects
	leakSuspectMin int
}

// observation is one goroutine (or a group of count identical ones) as a reader saw it. Byte slices may point
// into the reader's buffer: strings are made only for new sites.
type observation struct {
	state      goroutineState
	count      int
	waitMin    int
	siteFunc   []byte // first user frame, or the top frame when there is none
	siteLoc    []byte
	created    []byte
	createdLoc []byte
}

// aggregator accumulates observations into a snapshot.
type aggregator struct {
	p     *profileParser
	snap  profileSnapshot
	sites map[string]*siteBucket
	key   []byte
}

func (p *profileParser) newAggregator(mode string) *aggregator {
	return &aggregator{p: p, snap: profileSnapshot{Mode: mode}, sites: make(map[string]*siteBucket)}
}

func (a *aggregator) add(o *observation) {
	s := &a.snap
	c := o.state.class
	s.Total += o.count
	s.ByClass[classIndex(c)] += o.count
	if c.parked() {
		s.Parked += o.count
	}
	if c == ClassChanSend || c == ClassChanRecv || c == ClassSelect {
		s.BlockedChannel += o.count
	}
	if o.state.leaked {
		s.Leaked += o.count
	}
	if !c.leakProne() && !o.state.leaked {
		return
	}
	if !o.state.leaked && a.p.ignored(o.siteFunc) {
		return
	}
	k := append(a.key[:0], c...)
	k = append(k, '|')
	k = append(k, o.siteFunc...)
	k = append(k, ' ')
	k = append(k, o.siteLoc...)
	k = append(k, '|')
	k = append(k, o.created...)
	k = append(k, ' ')
	k = append(k, o.createdLoc...)
	a.key = k
	b := a.sites[string(k)]
	if b == nil {
		if len(a.sites) >= maxSites {
			return
		}
		b = &siteBucket{class: c, reason: o.state.reason, site: string(o.siteFunc) + " " + string(o.siteLoc)}
		if o.created != nil {
			b.createdBy = string(o.created) + " " + string(o.createdLoc)
		}
		a.sites[string(k)] = b
	}
	b.count += o.count
	if o.state.leaked {
		b.leaked += o.count
	}
	if o.state.neverWakes {
		b.neverWakes += o.count
	}
	if o.waitMin > b.maxWait {
		b.maxWait = o.waitMin
	}
}

// finish grades the sites (spec §4 evidence levels) and keeps the ones that are suspects, largest first.
func (a *aggregator) finish() profileSnapshot {
	s := a.snap
	for _, b := range a.sites {
		sus := Suspect{
			Class: b.class, Reason: b.reason, Site: b.site, CreatedBy: b.createdBy, Count: b.count,
			Leaked: b.leaked, NeverWakes: b.neverWakes, MaxWaitMinutes: b.maxWait,
		}
		switch {
		case b.leaked > 0:
			sus.Evidence = "proven"
		case b.neverWakes > 0:
			sus.Evidence = "confirmed"
		case b.count >= a.p.leakSuspectMin:
			sus.Evidence = "suspected"
		default:
			continue
		}
		s.Suspects = append(s.Suspects, sus)
		s.SuspectGoroutines += sus.Count
	}
	sort.Slice(s.Suspects, func(i, j int) bool {
		x, y := s.Suspects[i], s.Suspects[j]
		if x.Count != y.Count {
			return x.Count > y.Count
		}
		return x.Site < y.Site
	})
	return s
}

// isUser says whether fn belongs to user code: not the runtime or the standard library. Standard-library import
// paths have no dot in their first element; "main" and the main module's own packages are user code even then.
func (p *profileParser) isUser(fn []byte) bool {
	pkg := fn
	if i := bytes.LastIndexByte(pkg, '/'); i >= 0 {
		if j := bytes.IndexByte(pkg[i:], '.'); j >= 0 {
			pkg = pkg[:i+j]
		}
	} else if j := bytes.IndexByte(pkg, '.'); j >= 0 {
		pkg = pkg[:j]
	}
	if string(pkg) == "main" {
		return true
	}
	if m := p.mainModule; m != "" && bytes.HasPrefix(pkg, []byte(m)) && (len(pkg) == len(m) || pkg[len(m)] == '/') {
		return true
	}
	first := pkg
	if i := bytes.IndexByte(first, '/'); i >= 0 {
		first = first[:i]
	}
	return bytes.IndexByte(first, '.') >= 0
}

func (p *profileParser) ignored(fn []byte) bool {
	for _, prefix := range p.ignore {
		if bytes.HasPrefix(fn, []byte(prefix)) {
			return true
		}
	}
	return false
}
