// Kernel reduced from eclipse-biscuit/biscuit-go#166 "Simple Fix: Set channel size to 1 for datalog Run
// goroutine" (2025). World.Run evaluates the rules in a goroutine that reports on an unbuffered `done` channel
// while Run waits on `done` or the context deadline. When the deadline wins, the goroutine's final send
// (any of its three) has no receiver left.
// Fix (proposed in the issue): make `done` buffered with room for one result.
package bad

import (
	"context"
	"errors"
	"time"
)

var (
	ErrWorldRunLimitMaxIterations = errors.New("datalog: world runtime limit: too many iterations")
	ErrWorldRunLimitTimeout       = errors.New("datalog: world runtime limit: timeout")
)

type Rule struct{ cost time.Duration }

func (r Rule) Apply(facts *[]int, out *[]int) error {
	time.Sleep(r.cost)
	*out = append(*out, len(*facts))
	return nil
}

type World struct {
	facts       []int
	rules       []Rule
	maxDuration time.Duration
	maxIter     int
}

func (w *World) Run() error {
	done := make(chan error)
	ctx, cancel := context.WithTimeout(context.Background(), w.maxDuration)
	defer cancel()
	go func() {
		for i := 0; i < w.maxIter; i++ {
			select {
			case <-ctx.Done():
				return
			default:
				var newFacts []int
				for _, r := range w.rules {
					if err := r.Apply(&w.facts, &newFacts); err != nil {
						done <- err
						return
					}
				}
				prev := len(w.facts)
				w.facts = append(w.facts, newFacts...)
				if len(w.facts) == prev {
					done <- nil
					return
				}
			}
		}
		done <- ErrWorldRunLimitMaxIterations // BLOCKS: chan-send
	}()
	select {
	case <-ctx.Done():
		return ErrWorldRunLimitTimeout
	case err := <-done:
		return err
	}
}

func Run() {
	w := &World{rules: []Rule{{cost: 2 * time.Millisecond}}, maxDuration: time.Millisecond, maxIter: 1}
	_ = w.Run()
}
