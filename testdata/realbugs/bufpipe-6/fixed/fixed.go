// Fixed version of acomagu/bufpipe PR #6: closing the writer wakes every waiting reader.
package fixed

import (
	"bytes"
	"errors"
	"io"
	"sync"
	"time"
)

type pipe struct {
	cond *sync.Cond
	buf  *bytes.Buffer
	rerr error
}

type PipeReader struct{ *pipe }
type PipeWriter struct{ *pipe }

func New() (*PipeReader, *PipeWriter) {
	p := &pipe{cond: sync.NewCond(new(sync.Mutex)), buf: new(bytes.Buffer)}
	return &PipeReader{p}, &PipeWriter{p}
}

func (r *PipeReader) Read(data []byte) (int, error) {
	r.cond.L.Lock()
	defer r.cond.L.Unlock()
	for r.buf.Len() == 0 && r.rerr == nil {
		r.cond.Wait()
	}
	if r.buf.Len() == 0 {
		return 0, r.rerr
	}
	return r.buf.Read(data)
}

func (w *PipeWriter) Write(data []byte) (int, error) {
	w.cond.L.Lock()
	defer w.cond.L.Unlock()
	n, err := w.buf.Write(data)
	w.cond.Signal()
	return n, err
}

func (w *PipeWriter) CloseWithError(err error) error {
	if err == nil {
		err = io.EOF
	}
	w.cond.L.Lock()
	defer w.cond.L.Unlock()
	w.rerr = err
	w.cond.Broadcast()
	return nil
}

func Run() {
	r, w := New()
	go func() {
		time.Sleep(5 * time.Millisecond)
		_ = w.CloseWithError(errors.New("upstream closed"))
	}()
	_, _ = r.Read(make([]byte, 16))
}
