package patterns

import "time"

// GG005: time.After inside a hot select loop allocates a new timer per message; a dump can only
// show the consumer parked in that select, the cost is in the timers.

func consumeWithIdleTimeout(msgs <-chan int) int {
	n := 0
	for {
		select {
		case m := <-msgs:
			n += m
		case <-time.After(10 * time.Minute): // GG005: one timer per iteration
			return n
		}
	}
}

func produceBurst(msgs chan<- int, n int) {
	for i := 0; i < n; i++ {
		msgs <- 1
	}
}

func startGG005(_ *Env) {
	msgs := make(chan int)
	go consumeWithIdleTimeout(msgs)
	go produceBurst(msgs, 1000)
}
