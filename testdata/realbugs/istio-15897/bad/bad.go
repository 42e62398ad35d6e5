// Kernel reduced from istio/istio PR #15897 "Fix goroutine leak on send timeout" (2019, fixes #15876): "Previously
// the done channel was unbuffered. This means that if a timeout occured, there would be nothing trying to read
// from `done`, which would cause it to block indefinitely. Because of this, every timeout resulted in a goroutine
// to be leaked." Pilot's XDS connection pushes a response on the gRPC stream in a goroutine and waits for it with
// a send timeout.
// Fix: `done` is buffered.
package bad

import (
	"errors"
	"time"
)

type stream struct{ latency time.Duration }

func (s *stream) Send(resp string) error {
	time.Sleep(s.latency) // a slow or stuck client
	return nil
}

type XdsConnection struct {
	ConID  string
	stream *stream
}

var sendTimeout = 5 * time.Millisecond

func (conn *XdsConnection) send(res string) error {
	done := make(chan error)
	t := time.NewTimer(sendTimeout)
	go func() {
		err := conn.stream.Send(res)
		done <- err // BLOCKS: chan-send
	}()
	select {
	case <-t.C:
		return errors.New("timeout sending to " + conn.ConID)
	case err := <-done:
		t.Stop()
		return err
	}
}

func Run() {
	conn := &XdsConnection{ConID: "sidecar~10.1.1.1~pod.ns-1", stream: &stream{latency: 20 * time.Millisecond}}
	_ = conn.send("type.googleapis.com/envoy.api.v2.Listener")
}
