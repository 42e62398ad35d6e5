package good

import "sync"

// Reduced from nats-io/nats.go (checkForSequenceMismatch → resetOrderedConsumer → applyNewSID, and Conn.close):
// applyNewSID is entered with the subscription's lock held and unlocks it before it takes the connection's
// subscription-map lock ("will be unlocked to prevent lock inversion"), relocking it afterwards. So the only
// order is map lock → subscription lock (closeAll). A lock the callee released (a ghost of the caller's) does
// not count as held for what the callee takes afterwards, in the callee and in its callers.

type Conn struct {
	subsMu sync.Mutex
	subs   map[int]*Subscription
	next   int
}

type Subscription struct {
	mu   sync.Mutex
	conn *Conn
	sid  int
	dseq int
}

// applyNewSID must be called with sub.mu held; it releases it around the map update.
func (sub *Subscription) applyNewSID() {
	nc := sub.conn
	sub.mu.Unlock()

	nc.subsMu.Lock()
	delete(nc.subs, sub.sid)
	nc.next++
	nsid := nc.next
	nc.subs[nsid] = sub
	nc.subsMu.Unlock()

	sub.mu.Lock()
	sub.sid = nsid
}

// Mismatch resets the subscription on a sequence gap.
func (sub *Subscription) Mismatch(seq int) {
	sub.mu.Lock()
	if seq != sub.dseq {
		sub.dseq = 0
		sub.applyNewSID()
	}
	sub.mu.Unlock()
}

// closeAll: map lock, then each subscription's lock.
func (nc *Conn) closeAll() {
	nc.subsMu.Lock()
	defer nc.subsMu.Unlock()
	for _, s := range nc.subs {
		s.mu.Lock()
		s.dseq = -1
		s.mu.Unlock()
	}
}
