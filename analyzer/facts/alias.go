// Package facts computes what the rules ask about a whole program: which channel, mutex, WaitGroup or Cond an
// operation touches (alias classes), which locks are held at each operation (a must-held dataflow per function
// with summaries of callees) and where goroutines are started.
package facts

import (
	"go/types"
	"strconv"

	"golang.org/x/tools/go/ssa"
)

// Classes is a unification-based (Steensgaard-style) alias analysis: every SSA value that may point to the same
// object ends in one class. Struct fields are keyed by declaring type and field, so `s.mu` in one method and
// `t.mu` in another (both *T) share a class; values passed to parameters, captured by closures, stored and loaded
// are unified. Context- and instance-insensitive by design: it answers "which mutex or channel declaration", not
// "which instance" (instance questions use Path).
type Classes struct {
	parent  []int
	pointee []int
	nodes   map[any]int
	// pkgID numbers the package instances (*types.Package) for field keys: a path can have several (a test variant).
	pkgID map[*types.Package]int
	// mutexFields are the sync.Mutex/RWMutex fields seen; decls counts them per class once the classes are built
	// (nil while they change).
	mutexFields map[fieldKey]bool
	decls       map[int]int
}

// declKey names one mutex field declaration on its own (see Of).
type declKey struct{ f fieldKey }

type fieldKey struct {
	typ   string
	field int
}

type resultKey struct {
	fn *ssa.Function
	i  int
}

func newClasses() *Classes {
	return &Classes{nodes: map[any]int{}, pkgID: map[*types.Package]int{}, mutexFields: map[fieldKey]bool{}}
}

func (c *Classes) fresh() int {
	c.parent = append(c.parent, len(c.parent))
	c.pointee = append(c.pointee, -1)
	return len(c.parent) - 1
}

func (c *Classes) node(k any) int {
	if n, ok := c.nodes[k]; ok {
		return n
	}
	n := c.fresh()
	c.nodes[k] = n
	return n
}

func (c *Classes) find(x int) int {
	for c.parent[x] != x {
		c.parent[x] = c.parent[c.parent[x]]
		x = c.parent[x]
	}
	return x
}

func (c *Classes) union(a, b int) {
	a, b = c.find(a), c.find(b)
	if a == b {
		return
	}
	c.decls = nil
	c.parent[b] = a
	pa, pb := c.pointee[a], c.pointee[b]
	switch {
	case pa < 0:
		c.pointee[a] = pb
	case pb >= 0:
		c.union(pa, pb)
	}
}

func (c *Classes) deref(a int) int {
	a = c.find(a)
	if c.pointee[a] < 0 {
		n := c.fresh()
		c.pointee[a] = n
	}
	return c.find(c.pointee[a])
}

// Of is the class of an SSA value (a channel, or a pointer to a mutex, WaitGroup or Cond).
//
// A mutex field named directly (`acc.mu`) is its own declaration's class even when a value that can be either of
// several declarations (`var l sync.Locker; if acc != nil { l = &acc.mu } else { l = &c.mu }`) has unified
// their classes: the union answers what `l.Lock()` may lock, not that `Account.mu` and `client.mu` are one
// lock. Without the split, every lock-order edge on one counts for the other (nats-server's trackGWReply merged
// the account and client locks and closed three false GG017 cycles).
func (c *Classes) Of(v ssa.Value) int {
	if fa, ok := v.(*ssa.FieldAddr); ok {
		k := c.fieldOf(fa.X.Type(), fa.Field)
		if c.mutexFields[k] {
			root := c.find(c.node(k))
			if c.declCount()[root] > 1 {
				return c.find(c.node(declKey{k}))
			}
			return root
		}
	}
	return c.find(c.val(v))
}

// declCount: how many mutex field declarations each class holds.
func (c *Classes) declCount() map[int]int {
	if c.decls == nil {
		c.decls = map[int]int{}
		for k := range c.mutexFields {
			c.decls[c.find(c.node(k))]++
		}
	}
	return c.decls
}

func (c *Classes) val(v ssa.Value) int {
	if fa, ok := v.(*ssa.FieldAddr); ok {
		k := c.fieldOf(fa.X.Type(), fa.Field)
		if !c.mutexFields[k] && isMutex(fa.Type()) {
			c.mutexFields[k] = true
			c.decls = nil
		}
		return c.node(k)
	}
	return c.node(v)
}

// isMutex: a pointer to a sync.Mutex or sync.RWMutex.
func isMutex(t types.Type) bool {
	p, ok := t.Underlying().(*types.Pointer)
	if !ok {
		return false
	}
	n, ok := types.Unalias(p.Elem()).(*types.Named)
	if !ok || n.Obj().Pkg() == nil || n.Obj().Pkg().Path() != "sync" {
		return false
	}
	return n.Obj().Name() == "Mutex" || n.Obj().Name() == "RWMutex"
}

func (c *Classes) fieldOf(ptr types.Type, i int) fieldKey {
	t := ptr
	if p, ok := types.Unalias(t).Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	return fieldKey{c.typeKey(t), i}
}

// typeKey is t's name qualified by package instance, not only path (see Classes).
func (c *Classes) typeKey(t types.Type) string {
	return types.TypeString(t, func(p *types.Package) string {
		id, ok := c.pkgID[p]
		if !ok {
			id = len(c.pkgID)
			c.pkgID[p] = id
		}
		return p.Path() + "#" + strconv.Itoa(id)
	})
}

// add unifies what one instruction says about aliasing.
func (c *Classes) add(instr ssa.Instruction) {
	switch in := instr.(type) {
	case *ssa.Store:
		c.union(c.deref(c.val(in.Addr)), c.val(in.Val))
	case *ssa.UnOp:
		if in.Op.String() == "*" {
			c.union(c.val(in), c.deref(c.val(in.X)))
		}
	case *ssa.Field:
		ptr := c.node(fieldKey{c.typeKey(in.X.Type()), in.Field})
		c.union(c.val(in), c.deref(ptr))
	case *ssa.Phi:
		for _, e := range in.Edges {
			c.union(c.val(in), c.val(e))
		}
	case *ssa.MakeClosure:
		fn := in.Fn.(*ssa.Function)
		for i, b := range in.Bindings {
			if i < len(fn.FreeVars) {
				c.union(c.val(fn.FreeVars[i]), c.val(b))
			}
		}
	case *ssa.ChangeType:
		c.union(c.val(in), c.val(in.X))
	case *ssa.Convert:
		c.union(c.val(in), c.val(in.X))
	case *ssa.MakeInterface:
		c.union(c.val(in), c.val(in.X))
	case *ssa.ChangeInterface:
		c.union(c.val(in), c.val(in.X))
	case *ssa.TypeAssert:
		if !in.CommaOk {
			c.union(c.val(in), c.val(in.X))
		}
	case *ssa.Slice:
		c.union(c.val(in), c.val(in.X))
	case *ssa.IndexAddr:
		c.union(c.val(in), c.val(in.X))
	case *ssa.Index:
		c.union(c.val(in), c.deref(c.val(in.X)))
	case *ssa.Lookup:
		if !in.CommaOk {
			c.union(c.val(in), c.deref(c.val(in.X)))
		}
	case *ssa.MapUpdate:
		c.union(c.deref(c.val(in.Map)), c.val(in.Value))
	case *ssa.Extract:
		switch t := in.Tuple.(type) {
		case *ssa.Call:
			if fn := t.Call.StaticCallee(); fn != nil {
				c.union(c.val(in), c.node(resultKey{fn, in.Index}))
			}
		case *ssa.Lookup: // v, ok := m[k]
			if in.Index == 0 {
				c.union(c.val(in), c.deref(c.val(t.X)))
			}
		case *ssa.Next: // for _, v := range m
			if rng, ok := t.Iter.(*ssa.Range); ok && !t.IsString && in.Index == 2 {
				c.union(c.val(in), c.deref(c.val(rng.X)))
			}
		}
	case *ssa.Return:
		fn := in.Parent()
		for i, r := range in.Results {
			c.union(c.node(resultKey{fn, i}), c.val(r))
		}
	case ssa.CallInstruction:
		common := in.Common()
		if b, ok := common.Value.(*ssa.Builtin); ok && b.Name() == "append" {
			if call, ok := in.(*ssa.Call); ok {
				for _, a := range common.Args {
					c.union(c.val(call), c.val(a))
				}
			}
			return
		}
		fn, _ := Callee(common)
		if fn == nil || fn.Blocks == nil || opaque(fn) {
			return // outside the analysed code, or a primitive: its parameters would join unrelated values
		}
		for i, a := range common.Args {
			if i < len(fn.Params) {
				c.union(c.val(fn.Params[i]), c.val(a))
			}
		}
		if call, ok := in.(*ssa.Call); ok && fn.Signature.Results().Len() == 1 {
			c.union(c.val(call), c.node(resultKey{fn, 0}))
		}
	}
}

// Callee is the function a call statically reaches (a function, a concrete method, or a closure) and the
// closure's bindings when the call value is a MakeClosure.
func Callee(common *ssa.CallCommon) (*ssa.Function, []ssa.Value) {
	if common.IsInvoke() {
		return nil, nil
	}
	switch v := common.Value.(type) {
	case *ssa.Function:
		return v, nil
	case *ssa.MakeClosure:
		if fn, ok := v.Fn.(*ssa.Function); ok {
			return fn, v.Bindings
		}
	}
	return common.StaticCallee(), nil
}

// opaque: functions of the runtime and sync packages take every mutex and channel of a program as arguments;
// unifying through their parameters would put all of them in one class.
func opaque(fn *ssa.Function) bool {
	pkg := pkgOf(fn)
	if pkg == nil {
		return true
	}
	switch path := pkg.Pkg.Path(); {
	case path == "sync", path == "sync/atomic", path == "runtime", path == "reflect", path == "unsafe":
		return true
	case len(path) > 9 && path[:9] == "internal/", len(path) > 8 && path[:8] == "runtime/":
		return true
	}
	return false
}
