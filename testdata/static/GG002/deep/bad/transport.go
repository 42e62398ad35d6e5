package bad

// good/transport.go with the two ways out kept inside the package: the stop channel is closed only by an
// unexported method nothing calls, and the request channel is handed out only by an unexported one. Every
// Transport leaves its listener (and each handler) parked in a select for good.

type Transport struct {
	requests   chan string
	consumeCh  chan string
	shutdownCh chan struct{}
}

// Open starts a transport.
func Open() *Transport { return newTransport() }

func newTransport() *Transport {
	t := &Transport{requests: make(chan string), consumeCh: make(chan string), shutdownCh: make(chan struct{})}
	go t.listen()
	return t
}

func (t *Transport) consumer() <-chan string { return t.consumeCh }

// Submit hands a request to the transport.
func (t *Transport) Submit(r string) {
	select {
	case t.requests <- r:
	case <-t.shutdownCh:
	}
}

func (t *Transport) close() { close(t.shutdownCh) }

// Close forgets to stop the listener.
func (t *Transport) Close() {}

func (t *Transport) listen() {
	for {
		select { // want GG002
		case r := <-t.requests:
			go t.handle(r)
		case <-t.shutdownCh:
			return
		}
	}
}

func (t *Transport) handle(r string) {
	select { // want GG002
	case t.consumeCh <- r:
	case <-t.shutdownCh:
	}
}

// An exported Close of an exported type, but the package keeps the object itself (autonity's Node and account
// Manager): its owner here, Node, must close it, and Node.Stop forgets.
type Hub struct {
	updates chan string
	quit    chan struct{}
}

func NewHub() *Hub {
	h := &Hub{updates: make(chan string), quit: make(chan struct{})}
	go h.loop()
	return h
}

func (h *Hub) loop() {
	for {
		select { // want GG002
		case <-h.updates:
		case <-h.quit:
			return
		}
	}
}

// Close stops the hub.
func (h *Hub) Close() { close(h.quit) }

type Node struct{ hub *Hub }

func (n *Node) Start() { n.hub = NewHub() }

// Stop forgets the hub.
func (n *Node) Stop() {}
