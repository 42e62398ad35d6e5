package good

import (
	"errors"
	"sync"
)

// Reduced from nats-io/nats.go (jetstream/ordered.go: orderedConsumer.Consume → reset): Consume holds the
// consumer's lock and calls reset, which locks it again — but only when current is nil, and both constructors set
// current before they hand the consumer out (nothing ever clears it). The second Lock is never reached.

type pull struct{ id int }

type fetcher interface{ create() (any, error) }

type ordered struct {
	sync.Mutex
	src     fetcher
	current *pull
	serial  int
}

func (o *ordered) config() int { o.serial++; return o.serial }

// Consume starts consuming: a fresh consumer only if there is none.
func (o *ordered) Consume() error {
	o.Lock()
	defer o.Unlock()
	if o.current == nil {
		return o.reset()
	}
	o.current.id++
	return nil
}

func (o *ordered) reset() error {
	o.Lock()
	defer o.Unlock()
	c, err := o.src.create()
	if err != nil {
		return err
	}
	o.current = c.(*pull)
	return nil
}

type source struct{ n int }

func (s *source) create() (any, error) { s.n++; return &pull{id: s.n}, nil }

// NewOrdered makes an ordered consumer with its first pull consumer.
func NewOrdered(src fetcher) (*ordered, error) {
	o := &ordered{src: src}
	o.config()
	c, err := src.create()
	if err != nil {
		return nil, err
	}
	o.current = c.(*pull)
	return o, nil
}

// OrderedFrom is the stream's constructor: same shape.
func OrderedFrom(n int) (*ordered, error) {
	if n < 0 {
		return nil, errors.New("negative")
	}
	src := &source{n: n}
	o := &ordered{src: src}
	c, _ := src.create()
	o.current = c.(*pull)
	return o, nil
}

// Consumed consumes twice from a fresh consumer.
func Consumed() int {
	o, err := NewOrdered(&source{})
	if err != nil {
		return -1
	}
	_ = o.Consume()
	_ = o.Consume()
	return o.current.id
}
