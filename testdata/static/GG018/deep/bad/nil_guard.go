package bad

import "sync"

// good/nil_guard.go, but one constructor hands the consumer out before any pull consumer exists: its first
// Consume takes the nil branch and reset locks the consumer's lock a second time — the caller blocks forever.

type pull struct{ id int }

type ordered struct {
	sync.Mutex
	current *pull
	n       int
}

// Consume starts consuming: a fresh consumer only if there is none.
func (o *ordered) Consume() int {
	o.Lock()
	defer o.Unlock()
	if o.current == nil {
		return o.reset()
	}
	o.current.id++
	return o.current.id
}

func (o *ordered) reset() int {
	o.Lock() // want GG018
	defer o.Unlock()
	o.n++
	o.current = &pull{id: o.n}
	return o.n
}

// NewOrdered makes an ordered consumer with its first pull consumer.
func NewOrdered() *ordered {
	o := &ordered{}
	o.current = &pull{}
	return o
}

// Lazy makes one whose pull consumer comes on first use.
func Lazy() *ordered { return &ordered{} }

// Use consumes from a lazy consumer: blocks forever in reset's Lock.
func Use() int { return Lazy().Consume() }
