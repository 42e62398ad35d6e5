package facts

import (
	"go/types"
	"strconv"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// SyncOp is a call of a sync primitive's method: `mu.Lock()`, `wg.Wait()`, `c.Signal()`…
type SyncOp struct {
	// Type is Mutex, RWMutex, WaitGroup or Cond.
	Type string
	// Method is Lock, RLock, Unlock, RUnlock, TryLock, Add, Done, Wait, Signal, Broadcast…
	Method string
	// Recv is the pointer to the primitive.
	Recv ssa.Value
}

// SyncCall recognises a static call of a sync method (not through an interface such as sync.Locker).
func SyncCall(common *ssa.CallCommon) (SyncOp, bool) {
	if common.IsInvoke() {
		return SyncOp{}, false
	}
	fn, ok := common.Value.(*ssa.Function)
	if !ok || fn.Signature.Recv() == nil || fn.Pkg == nil || fn.Pkg.Pkg.Path() != "sync" || len(common.Args) == 0 {
		return SyncOp{}, false
	}
	t := fn.Signature.Recv().Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	named, ok := t.(*types.Named)
	if !ok {
		return SyncOp{}, false
	}
	switch named.Obj().Name() {
	case "Mutex", "RWMutex", "WaitGroup", "Cond":
		return SyncOp{Type: named.Obj().Name(), Method: fn.Name(), Recv: common.Args[0]}, true
	}
	return SyncOp{}, false
}

// IsAcquire reports Lock and RLock.
func (o SyncOp) IsAcquire() bool {
	return (o.Type == "Mutex" || o.Type == "RWMutex") && (o.Method == "Lock" || o.Method == "RLock")
}

// IsRelease reports Unlock and RUnlock.
func (o SyncOp) IsRelease() bool {
	return (o.Type == "Mutex" || o.Type == "RWMutex") && (o.Method == "Unlock" || o.Method == "RUnlock")
}

// Path names the instance a pointer value designates, relative to its function: `p0.mu` (field mu of the first
// parameter), `f1.mu` (of the second captured variable), `g:pkg.v`, `l:t3.mu` (a local). The second result is
// false when the value comes from something Path cannot follow (a call result, an interface…); such a value is
// still its own instance (`v:t7`) but cannot be mapped into callers.
func Path(v ssa.Value) (string, bool) {
	switch v := v.(type) {
	case *ssa.Parameter:
		for i, p := range v.Parent().Params {
			if p == v {
				return "p" + strconv.Itoa(i), true
			}
		}
	case *ssa.FreeVar:
		for i, p := range v.Parent().FreeVars {
			if p == v {
				return "f" + strconv.Itoa(i), true
			}
		}
	case *ssa.Global:
		return "g:" + v.RelString(nil), true
	case *ssa.Alloc:
		return "l:" + v.Name(), true
	case *ssa.FieldAddr:
		base, ok := Path(v.X)
		return base + "." + fieldName(v.X.Type(), v.Field), ok
	case *ssa.UnOp:
		if p, ok := onlyStore(v).(*ssa.Parameter); ok {
			return Path(p) // a parameter kept in a variable that closures capture (`sub` in a method with a go func)
		}
		if v.Op.String() == "*" {
			base, ok := Path(v.X)
			return base + "*", ok
		}
	case *ssa.ChangeType:
		return Path(v.X)
	}
	return "v:" + v.Name(), false
}

// Local reports a path rooted in the function itself (a local variable or an opaque value).
func Local(path string) bool {
	return strings.HasPrefix(path, "l:") || strings.HasPrefix(path, "v:")
}

// Substitute maps a callee-relative path into the caller: parameter i becomes args[i]'s path, free variable i
// the closure binding's path. Locals of the callee do not map.
func Substitute(path string, args, bindings []ssa.Value) (string, bool) {
	var list []ssa.Value
	switch {
	case strings.HasPrefix(path, "p"):
		list = args
	case strings.HasPrefix(path, "f"):
		list = bindings
	case strings.HasPrefix(path, "g:"):
		return path, true
	default:
		return "", false
	}
	end := 1
	for end < len(path) && path[end] >= '0' && path[end] <= '9' {
		end++
	}
	i, err := strconv.Atoi(path[1:end])
	if err != nil || i >= len(list) {
		return "", false
	}
	tail := path[end:]
	if a, isAlloc := list[i].(*ssa.Alloc); isAlloc && strings.HasPrefix(tail, "*") {
		if p, isParam := storedOnce(a).(*ssa.Parameter); isParam {
			// A closure's captured cell holding its maker's parameter: the parameter itself (see Path).
			list, tail = []ssa.Value{p}, tail[1:]
			i = 0
		}
	}
	base, ok := Path(list[i])
	if !ok {
		return "", false
	}
	return base + tail, true
}

func fieldName(ptr types.Type, i int) string {
	t := types.Unalias(ptr).Underlying()
	if p, ok := t.(*types.Pointer); ok {
		t = types.Unalias(p.Elem()).Underlying()
	}
	if s, ok := t.(*types.Struct); ok && i < s.NumFields() {
		return s.Field(i).Name()
	}
	return "#" + strconv.Itoa(i)
}

// Describe names the declaration behind a pointer value for messages and for `check`'s join by lock:
// `example.com/p.T.mu`, `example.com/p.mu`, or `mu` for a local.
func Describe(v ssa.Value) string {
	switch v := v.(type) {
	case *ssa.FieldAddr:
		if g, ok := v.X.(*ssa.Global); ok {
			return g.RelString(nil) + "." + fieldName(v.X.Type(), v.Field)
		}
		t := types.Unalias(v.X.Type())
		if p, ok := t.Underlying().(*types.Pointer); ok {
			t = p.Elem()
		}
		return types.TypeString(t, nil) + "." + fieldName(v.X.Type(), v.Field)
	case *ssa.Global:
		return v.RelString(nil)
	case *ssa.UnOp:
		return Describe(v.X)
	case *ssa.IndexAddr:
		return Describe(v.X) + "[i]"
	case *ssa.Index:
		return Describe(v.X) + "[i]"
	case *ssa.Lookup:
		return Describe(v.X) + "[k]"
	case *ssa.ChangeType:
		return Describe(v.X)
	case *ssa.Alloc:
		if v.Comment != "" {
			return v.Comment
		}
	case *ssa.FreeVar:
		return v.Name()
	case *ssa.Parameter:
		return v.Name()
	}
	return v.Name()
}

// Short is Describe without the package path: `T.mu`.
func Short(desc string) string {
	if i := strings.LastIndex(desc, "/"); i >= 0 {
		desc = desc[i+1:]
	}
	if i := strings.Index(desc, "."); i >= 0 && strings.Count(desc, ".") > 1 {
		return desc[i+1:]
	}
	return desc
}

// FieldOf is the struct field fa addresses (nil when fa.X's type is not a pointer to a struct).
func FieldOf(fa *ssa.FieldAddr) *types.Var {
	t := types.Unalias(fa.X.Type()).Underlying()
	if p, ok := t.(*types.Pointer); ok {
		t = types.Unalias(p.Elem()).Underlying()
	}
	if s, ok := t.(*types.Struct); ok && fa.Field < s.NumFields() {
		return s.Field(fa.Field)
	}
	return nil
}
