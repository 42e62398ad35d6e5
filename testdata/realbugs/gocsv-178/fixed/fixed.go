// Fixed version of gocarina/gocsv#178: cerr is buffered, so the decoder can report and exit.
package fixed

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
	cerr := make(chan error, 1)
	c := make(chan Row)
	go func() {
		err := UnmarshalToChan(in, c)
		time.Sleep(time.Millisecond) // the consumer reaches c.Recv first
		cerr <- err
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
