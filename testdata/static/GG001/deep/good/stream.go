// Package good holds GG001 shapes the deep engine must accept.
package good

import (
	"errors"
	"time"
)

func apply(r string) error {
	if r == "" {
		return errors.New("empty record")
	}
	return nil
}

// The reader also watches a done channel the consumer closes when it leaves.
type Stream struct {
	records []string
	out     chan string
	done    chan struct{}
}

func (s *Stream) read() {
	defer close(s.out)
	for _, r := range s.records {
		select {
		case s.out <- r:
		case <-s.done:
			return
		}
	}
}

func Replay(records []string) error {
	s := &Stream{records: records, out: make(chan string, 1), done: make(chan struct{})}
	go s.read()
	defer close(s.done)
	for {
		r, ok := <-s.out
		if !ok {
			return nil
		}
		if err := apply(r); err != nil {
			return err
		}
	}
}

// The consumer drains until the reader closes the channel.
func Count(records []string) int {
	s := &Stream{records: records, out: make(chan string), done: make(chan struct{})}
	go s.read()
	n := 0
	for r := range s.out {
		if apply(r) == nil {
			n++
		}
	}
	return n
}

// One result, buffered for it: the sender never waits, whichever case the receiver takes.
type Worker struct {
	queue  chan string
	handle func(string)
	stop   chan struct{}
}

func (w *Worker) run() {
	for {
		select {
		case k := <-w.queue:
			w.handle(k)
		case <-w.stop:
			return
		}
	}
}

func Synced(d time.Duration) bool {
	w := &Worker{queue: make(chan string, 1), stop: make(chan struct{})}
	calls := make(chan string, 1)
	w.handle = func(k string) {
		time.Sleep(d)
		calls <- k
	}
	go w.run()
	defer close(w.stop)
	w.queue <- "default/default"
	select {
	case <-calls:
		return true
	case <-time.After(time.Millisecond):
		return false
	}
}

// A fan-out to each subscriber's own channel; the subscriber loop leaves when the hub stops.
type Hub struct {
	subs []chan int
	in   chan int
	quit chan struct{}
}

func (h *Hub) loop() {
	for {
		select {
		case v := <-h.in:
			for _, s := range h.subs {
				s <- v
			}
		case <-h.quit:
			return
		}
	}
}

func Fanout(n int) int {
	h := &Hub{in: make(chan int), quit: make(chan struct{})}
	sub := make(chan int)
	h.subs = append(h.subs, sub)
	go h.loop()
	got := 0
	for i := 0; i < n; i++ {
		h.in <- i
		got += <-sub
	}
	close(h.quit)
	return got
}

// A producer that sends exactly as many values as the consumer counts.
func Sum(n int) int {
	ch := make(chan int)
	go func() {
		for i := 0; i < n; i++ {
			ch <- i
		}
	}()
	sum := 0
	for i := 0; i < n; i++ {
		sum += <-ch
	}
	return sum
}
