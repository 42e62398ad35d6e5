package rules

import (
	"go/types"
	"strconv"
	"strings"

	"goroutine-guard/analyzer/facts"
)

// Lock-order edges into a wrapped value. A struct that keeps an interface-typed field holding another value of
// its own type wraps it (crypto/tls's Conn over a net.Conn that is itself a TLS Conn, a decorator over a
// decorator): a method called through that field runs on the inner value, never on the wrapper itself (a value
// that held itself there would call itself forever). An edge whose inner lock is reached that way (`c.out` held,
// then `c.conn.Write` → the inner Conn's handshakeMutex: path `p0.conn*.handshakeMutex`) goes from a wrapper to
// the value it wraps; together with an edge between the same two declarations taken within one value or from a
// wrapper inward, every step goes one level further in, and a chain of wrapped values has an innermost one: no
// cycle. (An inner value holding a reference back to its wrapper would break this; none of the cases seen does.)

// wrapped reports an edge whose inner lock is on a value of the outer lock's struct type reached through an
// interface-typed field of that struct (the path from the edge's function names it).
func (r *Reporter) wrapped(e facts.OrderEdge) bool {
	path := e.Inner.Path
	if e.Fn == nil || path == "" || facts.Local(path) || strings.HasPrefix(path, "g:") {
		return false
	}
	end := 1
	for end < len(path) && path[end] >= '0' && path[end] <= '9' {
		end++
	}
	i, err := strconv.Atoi(path[1:end])
	if err != nil {
		return false
	}
	var t types.Type
	switch path[0] {
	case 'p':
		if i >= len(e.Fn.Params) {
			return false
		}
		t = e.Fn.Params[i].Type()
	case 'f':
		if i >= len(e.Fn.FreeVars) {
			return false
		}
		t = e.Fn.FreeVars[i].Type()
	default:
		return false
	}
	rest := path[end:]
	for strings.HasPrefix(rest, ".") {
		prefix := path[:len(path)-len(rest)]
		owner, field, next, loaded, ok := step(t, rest)
		if !ok {
			return false
		}
		rest = next
		if _, iface := field.Type().Underlying().(*types.Interface); iface && loaded {
			// The wrapper is owner; the outer lock must lie in it, the inner one in the wrapped value (of
			// owner's type, by the inner lock's declaration).
			outer, ok := strings.CutPrefix(e.Outer.Path, prefix)
			return ok && strings.HasPrefix(outer, ".") && !strings.Contains(outer, "*") &&
				within(owner, rest) == e.Inner.Desc
		}
		t = field.Type()
	}
	return false
}

// step resolves the first `.name` of rest on a value of type t (a struct or a pointer to one): the struct's type,
// the field, what follows it, and whether the field's value is loaded there (`*`).
func step(t types.Type, rest string) (types.Type, *types.Var, string, bool, bool) {
	name := rest[1:]
	if j := strings.IndexAny(name, ".*"); j >= 0 {
		name = name[:j]
	}
	rest = rest[1+len(name):]
	owner := types.Unalias(t)
	if p, ok := owner.Underlying().(*types.Pointer); ok {
		owner = types.Unalias(p.Elem())
	}
	st, ok := owner.Underlying().(*types.Struct)
	if !ok {
		return nil, nil, "", false, false
	}
	for k := 0; k < st.NumFields(); k++ {
		if f := st.Field(k); f.Name() == name {
			loaded := strings.HasPrefix(rest, "*")
			if loaded {
				rest = rest[1:]
			}
			return owner, f, rest, loaded, true
		}
	}
	return nil, nil, "", false, false
}

// within describes the lock a path of fields names inside a value of type t (no pointer followed), as the lock
// facts describe locks (`pkg.T.mu`); "" when the path leaves the value.
func within(t types.Type, rest string) string {
	desc := ""
	for strings.HasPrefix(rest, ".") {
		owner, field, next, loaded, ok := step(t, rest)
		if !ok || loaded {
			return ""
		}
		desc = types.TypeString(owner, nil) + "." + field.Name()
		rest, t = next, field.Type()
	}
	if rest != "" {
		return ""
	}
	return desc
}
