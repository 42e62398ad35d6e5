// Kernel reduced from acomagu/bufpipe PR #6 "Fix deadlock when reading and writer is closed." (2021). A reader
// waits on the pipe's sync.Cond while the buffer is empty and no error is set; CloseWithError on the writer side
// records the error but never wakes the waiting reader, so Read blocks forever.
// Fix: CloseWithError broadcasts on the condition.
package bad

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
		r.cond.Wait() // BLOCKS: cond
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
