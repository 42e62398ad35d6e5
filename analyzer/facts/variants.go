package facts

import (
	"go/token"
	"go/types"
	"sort"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// Package instances: loaded with test files, a package path can have several instances in one program — the
// package, its test variant (`context [context.test]`), and a variant of every package a test binary recompiles
// against one (`context [sync.test]`). Instances of one path are never linked into one process, but a dynamic call
// resolved through the alias classes (or by method name: an unexported method's identity is its path and name)
// can reach from one into another.

// Coexist reports whether functions a and b can run in one process: neither's package imports (transitively, or
// is) another instance of the other's package path.
func (p *Program) Coexist(a, b *ssa.Function) bool {
	pa, pb := pkgOf(a), pkgOf(b)
	if pa == nil || pb == nil || pa == pb {
		return true
	}
	return p.linkable(pa.Pkg, pb.Pkg) && p.linkable(pb.Pkg, pa.Pkg)
}

// linkable: from's import closure has no instance of to's path other than to.
func (p *Program) linkable(from, to *types.Package) bool {
	inst, ok := p.closure(from)[to.Path()]
	return !ok || inst == to
}

// closure maps each package path in pkg's import closure (pkg included) to its instance.
func (p *Program) closure(pkg *types.Package) map[string]*types.Package {
	if c, ok := p.imports[pkg]; ok {
		return c
	}
	if p.imports == nil {
		p.imports = map[*types.Package]map[string]*types.Package{}
	}
	c := map[string]*types.Package{}
	var visit func(*types.Package)
	visit = func(q *types.Package) {
		if _, seen := c[q.Path()]; seen {
			return
		}
		c[q.Path()] = q
		for _, imp := range q.Imports() {
			visit(imp)
		}
	}
	visit(pkg)
	p.imports[pkg] = c
	return c
}

// capTargets applies the cap on a dynamic call's targets (maxTargets) so that loading test files never loses a
// target the plain load finds. It counts sources, not instances: a closure of `jetstream` and of `jetstream
// [jetstream.test]` is one function twice, and Coexist later keeps the copy that can run with the caller. When
// the sources are too many, the targets outside _test.go files stand alone if they fit: a test's callbacks
// (often hundreds passed to one Subscribe) must not erase the product code's.
func (p *Program) capTargets(fns []*ssa.Function) []*ssa.Function {
	if p.sources(fns) <= maxTargets {
		return fns
	}
	var prod []*ssa.Function
	for _, fn := range fns {
		if !strings.HasSuffix(p.Fset.Position(fn.Pos()).Filename, "_test.go") {
			prod = append(prod, fn)
		}
	}
	if len(prod) < len(fns) && p.sources(prod) <= maxTargets {
		return prod
	}
	return nil
}

// sources counts the distinct declarations among fns (by file and offset: each instance parses its files anew,
// and the instantiations of a generic function share its declaration).
func (p *Program) sources(fns []*ssa.Function) int {
	seen := map[any]bool{}
	for _, fn := range fns {
		if !fn.Pos().IsValid() {
			seen[fn] = true
			continue
		}
		at := p.Fset.Position(fn.Pos())
		seen[[2]any{at.Filename, at.Offset}] = true
	}
	return len(seen)
}

// sortFuncs puts the functions in one order whatever the load did (packages are parsed in parallel, so token
// positions are not; AllFunctions is a map): product files before _test.go files, then by file, offset, the
// package instance's place in the load (a package before its test variant) and name. Lock summaries are computed
// in this order and a call back into a function still being computed sees an empty summary, so the order decides
// what a recursive cycle yields; this one gives product code the plain load's order, tests or not.
func (p *Program) sortFuncs(rank map[*ssa.Package]int) {
	type key struct {
		test   bool
		file   string
		offset int
		rank   int
		name   string
	}
	keys := make(map[*ssa.Function]key, len(p.Funcs))
	for _, fn := range p.Funcs {
		at := p.Fset.Position(fn.Pos())
		keys[fn] = key{strings.HasSuffix(at.Filename, "_test.go"), at.Filename, at.Offset, rank[pkgOf(fn)], fn.String()}
	}
	sort.SliceStable(p.Funcs, func(i, j int) bool {
		a, b := keys[p.Funcs[i]], keys[p.Funcs[j]]
		switch {
		case a.test != b.test:
			return !a.test
		case a.file != b.file:
			return a.file < b.file
		case a.offset != b.offset:
			return a.offset < b.offset
		case a.rank != b.rank:
			return a.rank < b.rank
		}
		return a.name < b.name
	})
}

type roomKey struct {
	fl     *FuncLocks
	blocks bool
}

// room reports whether a summary's acquisitions (or blocks) may take one more at pos. The cap (maxSummary)
// counts sources, not instances: a function of a package that a package and its test variant both import (a
// pool's dial callback reaching either's dialer) holds both copies of each lock, and the plain load's ones must
// still fit. A hard cap of four times as many bounds the list.
func (p *Program) room(fl *FuncLocks, blocks bool, pos token.Pos) bool {
	n := len(fl.Acquires)
	if blocks {
		n = len(fl.Blocks)
	}
	if n < maxSummary {
		return true
	}
	if n >= 4*maxSummary {
		return false
	}
	k := roomKey{fl, blocks}
	set := p.summarySrc[k]
	if set == nil {
		if p.summarySrc == nil {
			p.summarySrc = map[roomKey]map[[2]any]bool{}
		}
		set = map[[2]any]bool{}
		if blocks {
			for _, b := range fl.Blocks {
				set[p.src(b.Pos)] = true
			}
		} else {
			for _, a := range fl.Acquires {
				set[p.src(a.Pos)] = true
			}
		}
		p.summarySrc[k] = set
	}
	s := p.src(pos)
	if !set[s] && len(set) >= maxSummary {
		return false
	}
	set[s] = true
	return true
}

// src is pos as file and offset, one key for every instance of a file.
func (p *Program) src(pos token.Pos) [2]any {
	at := p.Fset.Position(pos)
	return [2]any{at.Filename, at.Offset}
}
