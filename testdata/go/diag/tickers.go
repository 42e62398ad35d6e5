package main

import "time"

var polls, flushes, beats int

// pollOneCase loops on a one-case select over a ticker that is never stopped: the compiler turns a one-case
// select into a plain receive, so the dump shows `chan receive` on the case line.
func pollOneCase(every time.Duration) {
	t := time.NewTicker(every)
	for {
		select {
		case <-t.C:
			polls++
		}
	}
}

// watcher flushes on its ticker or handles an event; nothing ever stops it.
type watcher struct {
	tick   *time.Ticker
	events chan string
}

func (w *watcher) run() {
	for {
		select {
		case <-w.tick.C:
			flushes++
		case e := <-w.events:
			_ = e
		}
	}
}

// heartbeat ranges over a ticker channel: Stop does not close it, so the loop cannot end.
func heartbeat(t *time.Ticker) {
	for range t.C {
		beats++
	}
}

// publish sends on a channel nobody receives from; await receives from one nobody sends on. debug=1 prints both
// as "chan send or receive".
func publish(ch chan<- int) {
	ch <- 1
}

func await(ch <-chan int) int {
	return <-ch
}

func startTickers() {
	for i := 0; i < 2; i++ {
		go pollOneCase(time.Hour)
	}
	for i := 0; i < 2; i++ {
		w := &watcher{tick: time.NewTicker(time.Hour), events: make(chan string)}
		go w.run()
	}
	for i := 0; i < 3; i++ {
		go heartbeat(time.NewTicker(time.Hour))
	}
	sends := make(chan int)
	for i := 0; i < 4; i++ {
		go publish(sends)
	}
	recvs := make(chan int)
	for i := 0; i < 5; i++ {
		go await(recvs)
	}
}
