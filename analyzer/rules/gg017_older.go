package rules

import (
	"go/token"
	"go/types"
	"strconv"
	"strings"

	"golang.org/x/tools/go/ssa"

	"goroutine-guard/analyzer/facts"
)

// Lock-order edges that climb a tree of objects cannot close a cycle. A field is a back reference to an older
// object when the only stores to it are made where its struct is allocated, with a value the allocating function
// received (a parameter, a captured variable, a field of one): the object it points to existed before the
// struct did. Grpc-go's balancer tree is built that way: a child balancer's aggregator keeps its parent
// ClientConn (`cc`), which the parent's balancer group made before the child; the group's sub-balancer wrappers
// keep their group (`group`), the group its aggregator (`stateAggregator`). An edge A.mu → W.mu taken through
// `A.cc` and an edge W.mu → A.mu taken through `W.group.stateAggregator` each step to a strictly older object, so
// the two edges are on different instances (A's parent is older than A, A's parent's aggregator older than
// that): no deadlock, however the classes match.

// olderFields are the struct fields that only ever hold a value older than their struct (computed once).
func (r *Reporter) olderFields() map[*types.Var]bool {
	if r.older != nil {
		return r.older
	}
	ok := map[*types.Var]bool{}
	bad := map[*types.Var]bool{}
	for _, fn := range r.P.Funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				st, isStore := instr.(*ssa.Store)
				if !isStore {
					continue
				}
				if fa, isField := st.Addr.(*ssa.FieldAddr); isField {
					f := fieldVar(fa.X.Type(), fa.Field)
					if f == nil {
						continue
					}
					if _, fresh := fa.X.(*ssa.Alloc); fresh && fromCaller(st.Val) {
						ok[f] = true
					} else {
						bad[f] = true
					}
					continue
				}
				// A whole struct stored (a copy, `*p = T{…}`) sets every field.
				if s, isStruct := st.Val.Type().Underlying().(*types.Struct); isStruct {
					for i := 0; i < s.NumFields(); i++ {
						bad[s.Field(i).Origin()] = true
					}
				}
			}
		}
	}
	for f := range bad {
		delete(ok, f)
	}
	r.older = ok
	return ok
}

// fromCaller: a value the function had on entry (a parameter or captured variable, a field of one, converted).
func fromCaller(v ssa.Value) bool {
	for {
		switch x := v.(type) {
		case *ssa.Parameter, *ssa.FreeVar:
			return true
		case *ssa.Field:
			v = x.X
		case *ssa.MakeInterface:
			v = x.X
		case *ssa.ChangeInterface:
			v = x.X
		case *ssa.ChangeType:
			v = x.X
		case *ssa.UnOp:
			// A field of a struct parameter kept in a local (`opts.StateAggregator`, opts spilled).
			if x.Op != token.MUL {
				return false
			}
			addr := x.X
			for {
				fa, ok := addr.(*ssa.FieldAddr)
				if !ok {
					break
				}
				addr = fa.X
			}
			a, ok := addr.(*ssa.Alloc)
			return ok && addr != x.X && spilledParam(a)
		default:
			return false
		}
	}
}

// spilledParam: a local that holds a parameter's value and is never written otherwise (no store to it or into
// one of its fields but the parameter's).
func spilledParam(a *ssa.Alloc) bool {
	spilled := false
	var check func(v ssa.Value) bool
	check = func(v ssa.Value) bool {
		for _, ref := range *v.Referrers() {
			switch ref := ref.(type) {
			case *ssa.Store:
				if ref.Addr != v {
					return false // the local's address escapes into memory
				}
				if _, ok := ref.Val.(*ssa.Parameter); !ok || v != a {
					return false
				}
				spilled = true
			case *ssa.FieldAddr:
				if !check(ref) {
					return false
				}
			case *ssa.UnOp:
			default:
				return false // passed on, converted…: it may be written elsewhere
			}
		}
		return true
	}
	return check(a) && spilled
}

func fieldVar(ptr types.Type, i int) *types.Var {
	t := ptr.Underlying()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem().Underlying()
	}
	if s, ok := t.(*types.Struct); ok && i < s.NumFields() {
		return s.Field(i).Origin()
	}
	return nil
}

// climbs reports that the edge's inner lock belongs to an object reached from the outer lock's owner through
// back references only (at least one): its owner is strictly older than the outer lock's owner.
func (r *Reporter) climbs(e facts.OrderEdge) bool {
	owner, _ := splitLast(e.Outer.Path)
	inner, _ := splitLast(e.Inner.Path)
	if owner == "" || !strings.HasPrefix(inner, owner) || len(inner) == len(owner) {
		return false
	}
	t, _ := walk(rootOf(e.Fn, owner), owner[rootLen(owner):])
	if t == nil {
		return false
	}
	_, fields := walk(t, inner[len(owner):])
	if len(fields) == 0 {
		return false
	}
	older := r.olderFields()
	for _, f := range fields {
		if f == nil || !older[f] {
			return false
		}
	}
	return true
}

// walk follows a path's tail (`.group*.stateAggregator*`) from a value of type t: a field segment takes the
// field's address, `*` loads. It returns the type reached and the fields crossed (a nil field, and a nil type,
// where the path does not fit the types).
func walk(t types.Type, tail string) (types.Type, []*types.Var) {
	var fields []*types.Var
	for tail != "" && t != nil {
		if tail[0] == '*' {
			p, ok := t.Underlying().(*types.Pointer)
			if !ok {
				return nil, append(fields, nil)
			}
			t, tail = p.Elem(), tail[1:]
			continue
		}
		if tail[0] != '.' {
			return nil, append(fields, nil)
		}
		tail = tail[1:]
		end := strings.IndexAny(tail, ".*")
		if end < 0 {
			end = len(tail)
		}
		name := tail[:end]
		tail = tail[end:]
		var f *types.Var
		if p, ok := t.Underlying().(*types.Pointer); ok {
			if st, ok := p.Elem().Underlying().(*types.Struct); ok {
				for i := 0; i < st.NumFields(); i++ {
					if st.Field(i).Name() == name {
						f = st.Field(i)
						break
					}
				}
			}
		}
		if f == nil {
			return nil, append(fields, nil)
		}
		fields = append(fields, f.Origin())
		t = types.NewPointer(f.Type())
	}
	return t, fields
}

// splitLast cuts a path at its last field: `p0.cc*.mu` → `p0.cc*`, `mu`.
func splitLast(path string) (string, string) {
	if path == "" || facts.Local(path) || strings.HasPrefix(path, "g:") {
		return "", ""
	}
	i := strings.LastIndex(path, ".")
	if i < 0 {
		return "", ""
	}
	return path[:i], path[i+1:]
}

func rootLen(path string) int {
	if end := strings.IndexAny(path, ".*"); end >= 0 {
		return end
	}
	return len(path)
}

// rootOf is the type of the parameter (`p0`) or captured variable (`f1`) a path starts from.
func rootOf(fn *ssa.Function, path string) types.Type {
	root := path[:rootLen(path)]
	if len(root) < 2 {
		return nil
	}
	n, err := strconv.Atoi(root[1:])
	if err != nil {
		return nil
	}
	switch {
	case root[0] == 'p' && n < len(fn.Params):
		return fn.Params[n].Type()
	case root[0] == 'f' && n < len(fn.FreeVars):
		return fn.FreeVars[n].Type()
	}
	return nil
}
