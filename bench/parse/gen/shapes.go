// The call shapes that lead to a blocker: recursion of a chosen depth, reached through closures, methods,
// generics or pprof.Do, and launched from two different creator sites. Each (kind, entry, creator, depth)
// combination is a distinct stack in the dump, which is what makes bucketing work hard.
package main

import (
	"context"
	"runtime/pprof"
	"strconv"
	"sync/atomic"
)

// entry is how a goroutine's first frame looks.
type entry int

const (
	ePlain         entry = iota // main.plainEntry
	eClosure                    // main.launch.func1
	eNestedClosure              // main.launch.func2 → main.launch.func2.1
	ePtrMethod                  // main.(*server).serve
	eValMethod                  // main.worker.run
	eGenericFunc                // main.stage[...]
	eGenericMethod              // main.(*queue[...]).pop
	eLabeled                    // runtime/pprof.Do with labels shard and kind
	numEntries
)

var kindNames = [numKinds]string{
	"chan-recv", "chan-recv-nil", "chan-send", "chan-send-nil", "select", "select-no-cases", "mutex", "rlock",
	"wlock", "cond", "waitgroup", "sleep", "timer-select", "pipe-read", "tcp-read", "net-pipe",
}

// blocked counts goroutines that reached their blocker, so main knows when the dump is stable.
var blocked atomic.Int64

// descendA and descendB recurse into each other d times, then block: depth is part of the stack identity.
//
//go:noinline
func descendA(d int, k kind, e *env, shard int) {
	if d == 0 {
		blocked.Add(1)
		block(k, e, shard)
		return
	}
	descendB(d-1, k, e, shard)
}

//go:noinline
func descendB(d int, k kind, e *env, shard int) {
	if d == 0 {
		blocked.Add(1)
		block(k, e, shard)
		return
	}
	descendA(d-1, k, e, shard)
}

//go:noinline
func plainEntry(d int, k kind, e *env, shard int) { descendA(d, k, e, shard) }

type server struct{ e *env }

//go:noinline
func (s *server) serve(d int, k kind, shard int) { descendB(d, k, s.e, shard) }

type worker struct {
	e    *env
	name string
}

//go:noinline
func (w worker) run(d int, k kind, shard int) { descendA(d, k, w.e, shard) }

type payload struct {
	id   int
	tag  string
	prio float64
}

//go:noinline
func stage[T any](d int, k kind, e *env, shard int, v T) {
	_ = v
	descendB(d, k, e, shard)
}

type queue[T any] struct {
	e     *env
	items []T
}

//go:noinline
func (q *queue[T]) pop(d int, k kind, shard int) { descendA(d, k, q.e, shard) }

// genericStage starts stage with a type argument picked by shard, so arguments differ between goroutines
// of one stack (int, string, struct) while the function name stays main.stage[...].
func genericStage(shard int) func(d int, k kind, e *env) {
	switch shard % 3 {
	case 0:
		return func(d int, k kind, e *env) { stage(d, k, e, shard, shard*7) }
	case 1:
		return func(d int, k kind, e *env) { stage(d, k, e, shard, "shard-"+strconv.Itoa(shard)) }
	default:
		return func(d int, k kind, e *env) { stage(d, k, e, shard, payload{id: shard, tag: "p", prio: 0.5}) }
	}
}

func labeled(ctx context.Context, d int, k kind, e *env, shard int) {
	pprof.Do(ctx, pprof.Labels("shard", strconv.Itoa(shard), "kind", kindNames[k]), func(context.Context) {
		descendB(d, k, e, shard)
	})
}

// launch and (*supervisor).relaunch hold the same go statements at different source lines, so the
// "created by" frame differs between the two creators.
func launch(en entry, d int, k kind, e *env, shard int) {
	switch en {
	case ePlain:
		go plainEntry(d, k, e, shard)
	case eClosure:
		go func() { descendA(d, k, e, shard) }()
	case eNestedClosure:
		go func() {
			inner := func() { descendB(d, k, e, shard) }
			inner()
		}()
	case ePtrMethod:
		go (&server{e: e}).serve(d, k, shard)
	case eValMethod:
		go worker{e: e, name: "w" + strconv.Itoa(shard)}.run(d, k, shard)
	case eGenericFunc:
		go genericStage(shard)(d, k, e)
	case eGenericMethod:
		if shard%2 == 0 {
			go (&queue[int]{e: e}).pop(d, k, shard)
		} else {
			go (&queue[string]{e: e}).pop(d, k, shard)
		}
	case eLabeled:
		go func() { labeled(e.ctx, d, k, e, shard) }()
	}
}

type supervisor struct{ restarts int }

func (s *supervisor) relaunch(en entry, d int, k kind, e *env, shard int) {
	s.restarts++
	switch en {
	case ePlain:
		go plainEntry(d, k, e, shard)
	case eClosure:
		go func() { descendA(d, k, e, shard) }()
	case eNestedClosure:
		go func() {
			inner := func() { descendB(d, k, e, shard) }
			inner()
		}()
	case ePtrMethod:
		go (&server{e: e}).serve(d, k, shard)
	case eValMethod:
		go worker{e: e, name: "w" + strconv.Itoa(shard)}.run(d, k, shard)
	case eGenericFunc:
		go genericStage(shard)(d, k, e)
	case eGenericMethod:
		if shard%2 == 0 {
			go (&queue[int]{e: e}).pop(d, k, shard)
		} else {
			go (&queue[string]{e: e}).pop(d, k, shard)
		}
	case eLabeled:
		go func() { labeled(e.ctx, d, k, e, shard) }()
	}
}
