package patterns

// GG003: each component runs a for-select loop with no exit case (no ctx.Done, no quit chan),
// so it outlives whoever created it.

type eventBus struct {
	events chan string
	flush  chan chan int
	buf    []string
}

func newEventBus() *eventBus {
	b := &eventBus{events: make(chan string), flush: make(chan chan int)}
	go b.loop()
	return b
}

func (b *eventBus) loop() {
	for {
		select { // GG003: no case ever returns
		case ev := <-b.events:
			b.buf = append(b.buf, ev)
		case reply := <-b.flush:
			reply <- len(b.buf)
			b.buf = b.buf[:0]
		}
	}
}

func startGG003(_ *Env) {
	for i := 0; i < 3; i++ {
		b := newEventBus()
		b.events <- "started"
	}
}
