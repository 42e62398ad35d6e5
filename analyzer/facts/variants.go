package facts

import (
	"go/types"

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
