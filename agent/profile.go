package guard

// Goroutine-profile snapshots: one pass over a debug=2 traceback dump (runtime.Stack(all) text) that counts
// goroutines per wait class and groups parked ones by site into leak suspects. Memory is bounded by the number of
// distinct sites (capped), never by the number of goroutines.

import (
	"bytes"
	"sort"
	"strconv"
)

// Suspect is one site where goroutines pile up in a leak-prone wait, or that can provably never wake.
type Suspect struct {
	Class WaitClass `json:"class"`
	// Reason is the runtime wait reason of the first goroutine seen at the site (e.g. "chan send").
	Reason string `json:"reason"`
	// Site is the first frame in user code (not runtime or standard library): "func file:line"; the top frame when
	// the whole stack is standard library.
	Site string `json:"site"`
	// CreatedBy is the `go` statement that started the goroutines: "func file:line".
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

// profileSnapshot is what one goroutine-profile sample tells.
type profileSnapshot struct {
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

// profileParser holds the per-Guard settings of parsing; it keeps no state between calls.
type profileParser struct {
	mainModule     string   // the main module path, so its packages count as user code even without a dot
	ignore         []string // function-name prefixes that are never suspects
	leakSuspectMin int
}

// parse reads a debug=2 dump. truncated says the dump was cut at the buffer size (the last goroutine is dropped).
// Frames are kept as slices of dump while a goroutine is read, so strings are only made for new sites.
func (p *profileParser) parse(dump []byte, truncated bool) profileSnapshot {
	snap := profileSnapshot{Truncated: truncated}
	sites := make(map[string]*siteBucket)
	states := make(map[string]goroutineState)
	var key []byte

	var cur struct {
		active     bool
		state      goroutineState
		waitMin    int
		topFunc    []byte
		topLoc     []byte
		userFunc   []byte
		userLoc    []byte
		pendFunc   []byte // function of the frame whose file line comes next
		created    []byte
		createdLoc []byte
		inCreated  bool
		ancestors  bool // after "[originating from goroutine N]:" the frames belong to ancestors
	}
	finish := func() {
		if !cur.active {
			return
		}
		cur.active = false
		snap.Total++
		c := cur.state.class
		snap.ByClass[classIndex(c)]++
		if c.parked() {
			snap.Parked++
		}
		if c == ClassChanSend || c == ClassChanRecv || c == ClassSelect {
			snap.BlockedChannel++
		}
		if cur.state.leaked {
			snap.Leaked++
		}
		if !c.leakProne() && !cur.state.leaked {
			return
		}
		fn, loc := cur.userFunc, cur.userLoc
		if fn == nil {
			fn, loc = cur.topFunc, cur.topLoc
		}
		if !cur.state.leaked && p.ignored(fn) {
			return
		}
		key = append(key[:0], c...)
		key = append(key, '|')
		key = append(key, fn...)
		key = append(key, ' ')
		key = append(key, loc...)
		key = append(key, '|')
		key = append(key, cur.created...)
		key = append(key, ' ')
		key = append(key, cur.createdLoc...)
		b := sites[string(key)]
		if b == nil {
			if len(sites) >= maxSites {
				return
			}
			b = &siteBucket{class: c, reason: cur.state.reason, site: string(fn) + " " + string(loc)}
			if cur.created != nil {
				b.createdBy = string(cur.created) + " " + string(cur.createdLoc)
			}
			sites[string(key)] = b
		}
		b.count++
		if cur.state.leaked {
			b.leaked++
		}
		if cur.state.neverWakes {
			b.neverWakes++
		}
		if cur.waitMin > b.maxWait {
			b.maxWait = cur.waitMin
		}
	}

	for len(dump) > 0 {
		var line []byte
		if i := bytes.IndexByte(dump, '\n'); i >= 0 {
			line, dump = dump[:i], dump[i+1:]
		} else {
			line, dump = dump, nil
			if truncated {
				break // a partial last line
			}
		}
		switch {
		case len(line) == 0:
			finish()
		case bytes.HasPrefix(line, []byte("goroutine ")):
			finish()
			if raw, wait, ok := headerState(line); ok {
				st, seen := states[string(raw)]
				if !seen {
					st = parseState(string(raw))
					states[string(raw)] = st
				}
				cur.active, cur.state, cur.waitMin = true, st, wait
				cur.topFunc, cur.topLoc, cur.userFunc, cur.userLoc, cur.pendFunc = nil, nil, nil, nil, nil
				cur.created, cur.createdLoc, cur.inCreated, cur.ancestors = nil, nil, false, false
			}
		case !cur.active || cur.ancestors:
		case line[0] == '\t':
			loc := frameLocation(line)
			switch {
			case cur.inCreated:
				cur.createdLoc, cur.inCreated = loc, false
			case cur.pendFunc != nil:
				if cur.topFunc == nil {
					cur.topFunc, cur.topLoc = cur.pendFunc, loc
				}
				if cur.userFunc == nil && p.isUser(cur.pendFunc) {
					cur.userFunc, cur.userLoc = cur.pendFunc, loc
				}
				cur.pendFunc = nil
			}
		case bytes.HasPrefix(line, []byte("created by ")):
			fn := line[len("created by "):]
			if i := bytes.Index(fn, []byte(" in goroutine ")); i >= 0 {
				fn = fn[:i]
			}
			cur.created, cur.inCreated, cur.pendFunc = fn, true, nil
		case bytes.HasPrefix(line, []byte("[originating from goroutine ")):
			cur.ancestors = true
		case bytes.HasPrefix(line, []byte("...")):
			// "...additional frames elided..." / "...N frames elided...": nothing to keep.
		default:
			cur.pendFunc = funcName(line)
		}
	}
	if !truncated {
		finish()
	}

	for _, b := range sites {
		s := Suspect{
			Class: b.class, Reason: b.reason, Site: b.site, CreatedBy: b.createdBy, Count: b.count,
			Leaked: b.leaked, NeverWakes: b.neverWakes, MaxWaitMinutes: b.maxWait,
		}
		switch {
		case b.leaked > 0:
			s.Evidence = "proven"
		case b.neverWakes > 0:
			s.Evidence = "confirmed"
		case b.count >= p.leakSuspectMin:
			s.Evidence = "suspected"
		default:
			continue
		}
		snap.Suspects = append(snap.Suspects, s)
		snap.SuspectGoroutines += s.Count
	}
	sort.Slice(snap.Suspects, func(i, j int) bool {
		a, b := snap.Suspects[i], snap.Suspects[j]
		if a.Count != b.Count {
			return a.Count > b.Count
		}
		return a.Site < b.Site
	})
	return snap
}

// headerState reads "goroutine 18 [chan receive, 5 minutes]:" (and the gp=/m= and labels variants): the state
// is the first comma-separated item inside the brackets, the wait minutes the item ending in " minutes".
func headerState(line []byte) (state []byte, waitMinutes int, ok bool) {
	open := bytes.IndexByte(line, '[')
	if open < 0 {
		return nil, 0, false
	}
	rest := line[open+1:]
	end := bytes.IndexByte(rest, ']')
	if end < 0 {
		return nil, 0, false
	}
	inner := rest[:end]
	state = inner
	if i := bytes.IndexByte(inner, ','); i >= 0 {
		state = inner[:i]
		for _, item := range bytes.Split(inner[i+1:], []byte(",")) {
			item = bytes.TrimSpace(item)
			if bytes.HasSuffix(item, []byte(" minutes")) {
				if n, err := strconv.Atoi(string(item[:len(item)-len(" minutes")])); err == nil {
					waitMinutes = n
				}
				break
			}
		}
	}
	return state, waitMinutes, true
}

// funcName strips the argument list from a frame's function line: "main.(*T).M(0xc0000, ...)" → "main.(*T).M".
func funcName(line []byte) []byte {
	if n := len(line); n > 0 && line[n-1] == ')' {
		if i := bytes.LastIndexByte(line, '('); i > 0 {
			line = line[:i]
		}
	}
	return line
}

// frameLocation turns "\t/src/app/main.go:42 +0x85" into "/src/app/main.go:42".
func frameLocation(line []byte) []byte {
	line = bytes.TrimLeft(line, "\t")
	if i := bytes.LastIndex(line, []byte(" +0x")); i >= 0 {
		line = line[:i]
	}
	return line
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
