// Kernel reduced from gocarina/gocsv#178 "Goroutine leak in function UnmarshalToCallbackWithError" (2020). The
// decoder goroutine reports its result on the unbuffered cerr after closing the records channel; the consumer
// loop checks cerr only with a non-blocking select, so when it sees the records channel closed first it breaks
// out of the loop and returns, and the decoder blocks on `cerr <-` forever.
// Fix: give cerr a buffer of one, so the decoder's report never waits for the consumer.
package bad

import (
	"strings"
	"time"
)

type Row struct{ Name string }

// UnmarshalToChan decodes every line onto c and closes it.
func UnmarshalToChan(in string, c chan<- Row) error {
	defer close(c)
	for _, l := range strings.Split(in, "\n") {
		c <- Row{Name: l}
	}
	return nil
}

func UnmarshalToCallbackWithError(in string, f func(Row) error) error {
	cerr := make(chan error)
	c := make(chan Row)
	go func() {
		err := UnmarshalToChan(in, c)
		time.Sleep(time.Millisecond) // the consumer reaches c.Recv first
		cerr <- err                  // BLOCKS: chan-send
	}()
	var fErr error
	for {
		select {
		case err := <-cerr:
			if err != nil {
				return err
			}
			return fErr
		default:
		}
		v, notClosed := <-c
		if !notClosed {
			break
		}
		if err := f(v); err != nil {
			fErr = err
		}
	}
	return fErr
}

func Run() {
	_ = UnmarshalToCallbackWithError("alice\nbob", func(Row) error { return nil })
}
