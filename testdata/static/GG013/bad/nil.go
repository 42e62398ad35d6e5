package bad

func Wait() int {
	var ch chan int
	go func() {
		ch <- 1 // want GG013
	}()
	return <-ch // want GG013
}

func Drain() {
	var done chan struct{}
	for range done { // want GG013
	}
}

// Fields nothing in the package ever assigns: always nil.
type notifier struct {
	updates chan string
	quit    chan struct{}
}

func (n *notifier) publish(s string) {
	n.updates <- s // want GG013
}

func (n *notifier) waitQuit() {
	<-n.quit // want GG013
}
