// Fixed version of istio/istio PR #15897: done is buffered, so the late result does not block the sender.
package fixed

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
	done := make(chan error, 1)
	t := time.NewTimer(sendTimeout)
	go func() {
		err := conn.stream.Send(res)
		done <- err
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
