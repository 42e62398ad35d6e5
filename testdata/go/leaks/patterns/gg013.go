package patterns

// GG013: the notifier's channels were never made (the constructor was skipped), so every send
// and receive on them blocks forever.

type notifier struct {
	updates chan string
	quit    chan struct{}
}

func (n *notifier) publish(s string) {
	n.updates <- s // GG013: send on nil chan
}

func (n *notifier) waitQuit() {
	<-n.quit // GG013: receive from nil chan
}

func startGG013(_ *Env) {
	n := &notifier{} // GG013: should be newNotifier()
	for i := 0; i < 3; i++ {
		go n.publish("config changed")
		go n.waitQuit()
	}
}
