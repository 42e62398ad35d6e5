package bad

import "errors"

func query(server string) string { return server }

// First response wins: the other replicas block forever.
func First(servers []string) string {
	ch := make(chan string)
	for _, s := range servers {
		go func(s string) {
			ch <- query(s) // want GG015
		}(s)
	}
	return <-ch
}

func check(i int) error {
	if i%2 == 0 {
		return errors.New("even")
	}
	return nil
}

// Stop on the first error: the remaining senders block.
func All(n int) error {
	errc := make(chan error)
	for i := 0; i < n; i++ {
		go func() { errc <- check(i) }() // want GG015
	}
	for i := 0; i < n; i++ {
		if err := <-errc; err != nil {
			return err
		}
	}
	return nil
}

// Two senders, one receive.
func Race(a, b string) string {
	ch := make(chan string)
	go func() { ch <- query(a) }() // want GG015
	go func() { ch <- query(b) }() // want GG015
	return <-ch
}

// Three senders, two receives.
func TwoOfThree() (string, string) {
	ch := make(chan string)
	for range 3 {
		go func() { ch <- query("x") }() // want GG015
	}
	return <-ch, <-ch
}
