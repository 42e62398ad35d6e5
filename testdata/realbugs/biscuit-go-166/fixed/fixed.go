// Fixed version of eclipse-biscuit/biscuit-go#166: done has room for the one result, which nobody may read.
package fixed

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
	done := make(chan error, 1)
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
		done <- ErrWorldRunLimitMaxIterations
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
