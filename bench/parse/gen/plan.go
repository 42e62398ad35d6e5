// The deterministic plan of which goroutine blocks how: kind by weight, entry and creator uniform, recursion
// depth geometric (most stacks shallow, a long tail of deep ones), so bucket sizes range from tens of thousands
// down to one, as in a real leaking service. Same seed and n → same dump shape.
package main

import "math/rand/v2"

type spec struct {
	kind    kind
	entry   entry
	creator uint8 // 0: launch, 1: (*supervisor).relaunch
	shard   uint8 // 0..3: which shared object, and argument values
	depth   uint8
}

// stackKey is what makes two goroutines' frames (function, file, line) identical. Shard only matters where it
// changes the frames: tcp reads (bufio or not) and the generic-function closures (one per type argument);
// queue[int] vs queue[string] prints the same text, so it does not.
type stackKey struct {
	kind    kind
	entry   entry
	creator uint8
	depth   uint8
	variant uint8
}

func (s spec) key() stackKey {
	k := stackKey{kind: s.kind, entry: s.entry, creator: s.creator, depth: s.depth}
	switch {
	case s.kind == kTCPRead:
		k.variant = s.shard % 2 // bufio or not
	case s.entry == eGenericFunc:
		k.variant = s.shard%3 + 2 // genericStage.func1..3
	}
	return k
}

type plan struct {
	specs     []spec
	perKind   [numKinds]int
	distinct  int // distinct stackKeys among specs
	maxDepth  int
	ioPerKind int
}

// makePlan draws n specs. IO kinds need file descriptors, so at most ioCap goroutines of each fd-backed kind
// are planned; the rest fall back to a channel receive.
func makePlan(n int, seed uint64, maxDepth int, ioCap int) *plan {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	total := 0
	for _, w := range kindWeights {
		total += w
	}
	p := &plan{specs: make([]spec, n), maxDepth: maxDepth, ioPerKind: ioCap}
	seen := make(map[stackKey]struct{})
	for i := range p.specs {
		x := r.IntN(total)
		k := kind(0)
		for ; x >= kindWeights[k]; k++ {
			x -= kindWeights[k]
		}
		if (k == kPipeRead || k == kTCPRead) && p.perKind[k] >= ioCap {
			k = kChanRecv
		}
		d := 0
		for d < maxDepth-1 && r.IntN(100) < 78 { // mean depth ≈ 3.5, tail up to maxDepth-1
			d++
		}
		s := spec{
			kind:    k,
			entry:   entry(r.IntN(int(numEntries))),
			creator: uint8(r.IntN(2)),
			shard:   uint8(r.IntN(4)),
			depth:   uint8(d),
		}
		p.specs[i] = s
		p.perKind[k]++
		seen[s.key()] = struct{}{}
	}
	p.distinct = len(seen)
	return p
}
