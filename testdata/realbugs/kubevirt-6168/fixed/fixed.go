// Fixed version of kubevirt/kubevirt PR #6168: errChan has room for both copiers' results.
package fixed

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
	errChan := make(chan error, 2)
	go func() {
		err := p.clientConn.copyTo(p.vmConn)
		errChan <- err
	}()
	go func() {
		err := p.vmConn.copyTo(p.clientConn)
		errChan <- err
	}()
	return <-errChan
}

func Run() {
	p := &proxy{
		clientConn: &stream{data: []byte("key"), err: errors.New("client closed"), wait: time.Millisecond},
		vmConn:     &stream{data: []byte("frame"), err: errors.New("vm closed"), wait: 10 * time.Millisecond},
	}
	_ = p.serve()
}
