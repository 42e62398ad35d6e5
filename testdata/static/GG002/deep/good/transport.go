package good

// Reduced from hashicorp/raft's NetworkTransport (net_transport.go listen, handleCommand): a library type whose
// goroutines leave when shutdownCh is closed — by the exported Close, which nothing inside the library calls (its
// user does) — and whose handlers hand requests to consumeCh, received by whoever reads the exported Consumer()
// (raft's run loops, reached through an interface). Neither is a leak of the library: partners in exported
// methods of exported types count as callable.

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

// Consumer is where the user reads the requests.
func (t *Transport) Consumer() <-chan string { return t.consumeCh }

// Submit hands a request to the transport.
func (t *Transport) Submit(r string) {
	select {
	case t.requests <- r:
	case <-t.shutdownCh:
	}
}

// Close stops the transport: the user's call.
func (t *Transport) Close() { close(t.shutdownCh) }

func (t *Transport) listen() {
	for {
		select {
		case r := <-t.requests:
			go t.handle(r)
		case <-t.shutdownCh:
			return
		}
	}
}

func (t *Transport) handle(r string) {
	select {
	case t.consumeCh <- r:
	case <-t.shutdownCh:
	}
}

// The package keeps the Hub (Node owns it), and Node.Stop closes it.
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
		select {
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

// Stop stops the hub.
func (n *Node) Stop() { n.hub.Close() }
