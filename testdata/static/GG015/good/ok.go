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
