// Kernel reduced from kubevirt/kubevirt PR #6168 "Fix goroutine leaks due to use of non-buffered channels" (2021).
// The VNC/console proxy starts two copy goroutines (client->vm, vm->client) that report their result on an
// unbuffered errChan; the handler returns after the first result, so the second copier blocks on its send forever.
// Fix: make errChan buffered for both copiers.
package bad

import (
	"errors"
	"time"
)

type stream struct {
	data []byte
	err  error
	wait time.Duration
}

func (s *stream) copyTo(dst *stream) error {
	time.Sleep(s.wait)
	dst.data = append(dst.data, s.data...)
	return s.err
}

type proxy struct {
	clientConn, vmConn *stream
}

func (p *proxy) serve() error {
	errChan := make(chan error)
	go func() {
		err := p.clientConn.copyTo(p.vmConn)
		errChan <- err // the first to finish is received
	}()
	go func() {
		err := p.vmConn.copyTo(p.clientConn)
		errChan <- err // BLOCKS: chan-send
	}()
	return <-errChan // the first copier to finish ends the session
}

func Run() {
	p := &proxy{
		clientConn: &stream{data: []byte("key"), err: errors.New("client closed"), wait: time.Millisecond},
		vmConn:     &stream{data: []byte("frame"), err: errors.New("vm closed"), wait: 10 * time.Millisecond},
	}
	_ = p.serve()
}
