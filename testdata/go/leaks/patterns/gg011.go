package patterns

import "errors"

// GG011: goroutines started in a loop (capturing the loop variable, pre-Go 1.22 semantics since
// go.mod says go 1.20) and from a deferred closure, all blocking at one site.

var errIndexDown = errors.New("index: shard unavailable")

func indexOne(doc string) error {
	_ = doc
	return errIndexDown
}

func indexDocuments(docs []string) error {
	errs := make(chan error)
	for _, d := range docs {
		go func() {
			errs <- indexOne(d) // GG011: captures loop var d; blocks once the caller has left
		}()
	}
	for range docs {
		if err := <-errs; err != nil {
			return err // leaves len(docs)-1 senders behind
		}
	}
	return nil
}

type streamConn struct {
	acks chan int
}

func (c *streamConn) Close() error {
	defer func() {
		go c.drainAcks() // GG011: goroutine started from a defer; acks is never closed
	}()
	return nil
}

func (c *streamConn) drainAcks() {
	for range c.acks {
	}
}

func startGG011(_ *Env) {
	docs := make([]string, 50)
	for i := range docs {
		docs[i] = "doc"
	}
	_ = indexDocuments(docs)
	for i := 0; i < 3; i++ {
		c := &streamConn{acks: make(chan int)}
		_ = c.Close()
	}
}
