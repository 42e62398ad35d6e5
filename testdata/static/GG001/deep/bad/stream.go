package bad

import (
	"errors"
	"time"
)

// A reader goroutine forwards records on a channel kept in a struct; the consumer returns on the first record
// it cannot apply, and the reader blocks on its next send (the buffer of one does not help a loop).
type Stream struct {
	records []string
	out     chan string
}

func (s *Stream) read() {
	defer close(s.out)
	for _, r := range s.records {
		s.out <- r // want GG001
	}
}

func apply(r string) error {
	if r == "" {
		return errors.New("empty record")
	}
	return nil
}

func Replay(records []string) error {
	s := &Stream{records: records, out: make(chan string, 1)}
	go s.read()
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

// A callback kept in a field reports on an unbuffered channel; the test waiting for it gives up after a timeout.
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
	calls := make(chan string)
	w.handle = func(k string) {
		time.Sleep(d)
		calls <- k // want GG001
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

// A verifier reports every tick through a helper; the waiter takes the three it needs and stops reading.
type Verifier struct {
	resolved chan time.Time
}

func (v *Verifier) note(t time.Time) {
	v.resolved <- t // want GG001
}

func (v *Verifier) run(stop chan struct{}) {
	t := time.NewTicker(time.Millisecond)
	defer t.Stop()
	for {
		select {
		case now := <-t.C:
			v.note(now)
		case <-stop:
			return
		}
	}
}

func WaitResolved() {
	v := &Verifier{resolved: make(chan time.Time)}
	stop := make(chan struct{})
	go v.run(stop)
	for i := 0; i < 3; i++ {
		<-v.resolved
	}
	time.Sleep(5 * time.Millisecond)
	close(stop)
}
