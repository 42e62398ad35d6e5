// Package tb is a deliberately small, line-based reader of Go traceback text (the debug=2 /
// panic / runtime.Stack format). It exists so the corpus tools can compute expected facts
// independently of the TypeScript parser they are used to test; it handles exactly the forms the
// committed corpus contains and nothing more.
package tb

import (
	"bufio"
	"io"
	"regexp"
	"strconv"
	"strings"
)

// Goroutine is one traceback block.
type Goroutine struct {
	ID        int64
	Header    string   // the header line as printed
	RawState  string   // first element inside [...] as printed, e.g. "chan send (nil chan) (leaked)"
	State     string   // RawState without " (leaked)", " (scan)" and " (durable)"
	Leaked    bool     // " (leaked)" marker
	Durable   bool     // ends in " (durable)" (synctest: marker or part of the wait reason)
	Minutes   int      // ", N minutes"; -1 when absent
	Locked    bool     // ", locked to thread"
	Bubble    string   // ", synctest bubble N"
	Labels    string   // label text as printed (either form), "" when none
	SystemHdr bool     // gp=/m= fields present (GOTRACEBACK=system/crash, SIGQUIT)
	Frames    []string // "func file:line" per frame (no args, no +0x, no fp=/sp=)
	CreatedBy string   // "func file:line" of the creator, "" when none
	CreatorID int64    // from " in goroutine N"; -1 when absent
	Elided    string   // the elision marker line, "" when none
	Ancestors int      // "[originating from goroutine N]:" sections
}

var (
	headerRe  = regexp.MustCompile(`^goroutine (\d+)((?: gp=\S+)?(?: m=\S+)?(?: mp=\S+)?) \[(.*)\]( \{.*\})?:$`)
	minutesRe = regexp.MustCompile(`^(\d+) minutes$`)
	createdRe = regexp.MustCompile(`^created by (\S+?)(?: in goroutine (\d+))?$`)
	fileRe    = regexp.MustCompile(`^\t(.*?:\d+)(?: \+0x[0-9a-f]+)?(?: fp=.*)?$`)
	elidedRe  = regexp.MustCompile(`^\.\.\.(additional|\d+) frames elided\.\.\.$`)
	ancestRe  = regexp.MustCompile(`^\[originating from goroutine \d+\]:$`)
)

// Read returns every goroutine block in r. Lines that belong to no block (panic messages,
// register dumps, test output) are skipped. A trailing "\r" is ignored.
func Read(r io.Reader) ([]*Goroutine, int, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	var out []*Goroutine
	var cur *Goroutine
	var pendingFunc string
	inAncestor := false
	maxLine := 0
	for sc.Scan() {
		line := strings.TrimSuffix(sc.Text(), "\r")
		if len(line) > maxLine {
			maxLine = len(line)
		}
		if m := headerRe.FindStringSubmatch(line); m != nil {
			cur = parseHeader(m)
			out = append(out, cur)
			pendingFunc, inAncestor = "", false
			continue
		}
		if cur == nil {
			continue
		}
		switch {
		case line == "":
			cur, pendingFunc = nil, ""
		case ancestRe.MatchString(line):
			cur.Ancestors++
			inAncestor = true
		case elidedRe.MatchString(line):
			if !inAncestor {
				cur.Elided = line
			}
		case strings.HasPrefix(line, "created by "):
			m := createdRe.FindStringSubmatch(line)
			if m != nil && !inAncestor {
				pendingFunc = "created by " + m[1]
				if m[2] != "" {
					cur.CreatorID, _ = strconv.ParseInt(m[2], 10, 64)
				}
			}
		case strings.HasPrefix(line, "\t"):
			fm := fileRe.FindStringSubmatch(line)
			if fm == nil || pendingFunc == "" || inAncestor {
				pendingFunc = ""
				continue
			}
			if strings.HasPrefix(pendingFunc, "created by ") {
				cur.CreatedBy = strings.TrimPrefix(pendingFunc, "created by ") + " " + fm[1]
			} else {
				cur.Frames = append(cur.Frames, pendingFunc+" "+fm[1])
			}
			pendingFunc = ""
		default:
			if inAncestor {
				continue
			}
			pendingFunc = funcName(line)
		}
	}
	return out, maxLine, sc.Err()
}

// funcName cuts the argument list: the last "(" that starts the printed arguments.
func funcName(line string) string {
	if !strings.HasSuffix(line, ")") {
		return line
	}
	depth := 0
	for i := len(line) - 1; i >= 0; i-- {
		switch line[i] {
		case ')':
			depth++
		case '(':
			depth--
			if depth == 0 {
				return line[:i]
			}
		}
	}
	return line
}

func parseHeader(m []string) *Goroutine {
	g := &Goroutine{Header: m[0], Minutes: -1, CreatorID: -1}
	g.ID, _ = strconv.ParseInt(m[1], 10, 64)
	g.SystemHdr = strings.Contains(m[2], "gp=")
	inside := m[3]
	if m[4] != "" { // Go ≥ 1.27: labels after the bracket
		g.Labels = strings.TrimSpace(m[4])
	}
	if i := strings.Index(inside, " labels:{"); i >= 0 { // Go 1.26: labels inside the bracket
		g.Labels = inside[i+1:]
		inside = inside[:i]
	}
	parts := strings.Split(inside, ", ")
	g.RawState = parts[0]
	st := g.RawState
	if strings.Contains(st, " (leaked)") {
		g.Leaked = true
		st = strings.Replace(st, " (leaked)", "", 1)
	}
	st = strings.Replace(st, " (scan)", "", 1)
	if strings.HasSuffix(st, " (durable)") {
		g.Durable = true
		st = strings.TrimSuffix(st, " (durable)")
	}
	g.State = st
	for _, p := range parts[1:] {
		switch {
		case minutesRe.MatchString(p):
			g.Minutes, _ = strconv.Atoi(minutesRe.FindStringSubmatch(p)[1])
		case p == "locked to thread":
			g.Locked = true
		case strings.HasPrefix(p, "synctest bubble "):
			g.Bubble = strings.TrimPrefix(p, "synctest bubble ")
		}
	}
	return g
}

// StackKey is the identity used for "distinct stacks": the frames (function and file:line,
// without arguments or PC offsets) plus the created-by frame. Goroutine ids, states and labels
// are not part of it.
func (g *Goroutine) StackKey() string {
	return strings.Join(g.Frames, "\n") + "\n@" + g.CreatedBy
}
