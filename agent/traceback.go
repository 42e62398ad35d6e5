package guard

// The exact reader: one pass over debug=2 traceback text (runtime.Stack(all), pprof goroutine?debug=2). Each
// goroutine block is a header line, function/file line pairs, an optional "created by" pair and optional ancestor
// sections; a blank line ends it.
//
//	goroutine 18 gp=0xc000102a80 m=nil [chan receive (leaked), 5 minutes, locked to thread]:
//	main.worker(0xc00001c0c0)
//		/src/app/main.go:42 +0x85
//	created by main.start in goroutine 1
//		/src/app/main.go:30 +0x3c

import (
	"bytes"
	"strconv"
)

// parseTraceback reads a debug=2 dump. truncated says the dump was cut at the buffer size (the last, partial
// goroutine is dropped).
func (p *profileParser) parseTraceback(dump []byte, truncated bool) profileSnapshot {
	agg := p.newAggregator(modeExact)
	agg.snap.Truncated = truncated
	states := make(map[string]goroutineState)

	var cur struct {
		observation
		active    bool
		topFunc   []byte
		topLoc    []byte
		userFound bool
		pendFunc  []byte // function of the frame whose file line comes next
		inCreated bool
		ancestors bool // after "[originating from goroutine N]:" the frames belong to ancestors
	}
	finish := func() {
		if !cur.active {
			return
		}
		cur.active = false
		if !cur.userFound {
			cur.siteFunc, cur.siteLoc = cur.topFunc, cur.topLoc
		}
		agg.add(&cur.observation)
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
				cur.observation = observation{state: st, count: 1, waitMin: wait}
				cur.active, cur.topFunc, cur.topLoc, cur.userFound, cur.pendFunc = true, nil, nil, false, nil
				cur.inCreated, cur.ancestors = false, false
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
				if !cur.userFound && p.isUser(cur.pendFunc) {
					cur.siteFunc, cur.siteLoc, cur.userFound = cur.pendFunc, loc, true
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
	return agg.finish()
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
