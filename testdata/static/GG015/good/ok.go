package good

import (
	"context"
	"errors"
)

func query(server string) string { return server }

// A buffer as large as the number of senders.
func First(servers []string) string {
	ch := make(chan string, len(servers))
	for _, s := range servers {
		go func() { ch <- query(s) }()
	}
	return <-ch
}

func check(i int) error {
	if i < 0 {
		return errors.New("negative")
	}
	return nil
}

// Every value is received before returning.
func All(n int) error {
	errc := make(chan error)
	for i := 0; i < n; i++ {
		go func() { errc <- check(i) }()
	}
	var first error
	for i := 0; i < n; i++ {
		if err := <-errc; err != nil && first == nil {
			first = err
		}
	}
	return first
}

// Senders give up with the context.
func Race(ctx context.Context, a, b string) string {
	ch := make(chan string)
	for _, s := range []string{a, b} {
		go func() {
			select {
			case ch <- query(s):
			case <-ctx.Done():
			}
		}()
	}
	return <-ch
}

// Two senders, two receives.
func Both(a, b string) (string, string) {
	ch := make(chan string)
	go func() { ch <- query(a) }()
	go func() { ch <- query(b) }()
	return <-ch, <-ch
}

// A constant number of senders, as many receives.
func Pair() (string, string) {
	ch := make(chan string)
	for i := 0; i < 2; i++ {
		go func() { ch <- query("x") }()
	}
	return <-ch, <-ch
}

// A channel per iteration: the loop around the make does not multiply its senders.
func PerIteration(servers []string) []string {
	var out []string
	for _, s := range servers {
		ch := make(chan string)
		go func() { ch <- query(s) }()
		out = append(out, <-ch)
	}
	return out
}

// Only the last worker to finish reports: one send in total, one receive.
func LastReports(n int32) {
	done := make(chan bool)
	var left = n
	for i := int32(0); i < n; i++ {
		go func() {
			left--
			if left == 0 {
				done <- true
			}
		}()
	}
	<-done
}
