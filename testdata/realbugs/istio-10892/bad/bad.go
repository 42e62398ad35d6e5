// Kernel reduced from istio/istio PR #10892 "fix pilot goroutine leak" (issue #10822, 2019; completed by #10998).
// The ADS server starts receiveThread per connection, which forwards each request on reqChannel to the stream
// loop. When the stream loop returns (the push failed, the connection is closing), receiveThread is left blocked
// on `reqChannel <- req` forever.
// Fix: the forwarding send selects on the connection's done channel as well.
package bad

import "errors"

type DiscoveryRequest struct{ TypeURL string }

type XdsConnection struct {
	PeerAddr    string
	doneChannel chan struct{}
	pending     []*DiscoveryRequest
}

func (c *XdsConnection) Recv() (*DiscoveryRequest, error) {
	if len(c.pending) == 0 {
		return nil, errors.New("EOF")
	}
	r := c.pending[0]
	c.pending = c.pending[1:]
	return r, nil
}

func receiveThread(con *XdsConnection, reqChannel chan *DiscoveryRequest, errP *error) {
	defer close(reqChannel)
	for {
		req, err := con.Recv()
		if err != nil {
			*errP = err
			return
		}
		reqChannel <- req // BLOCKS: chan-send
	}
}

func pushConnection(con *XdsConnection, req *DiscoveryRequest) error {
	return errors.New("push failed for " + req.TypeURL)
}

func StreamAggregatedResources(con *XdsConnection) error {
	reqChannel := make(chan *DiscoveryRequest, 1)
	var receiveError error
	go receiveThread(con, reqChannel, &receiveError)
	defer close(con.doneChannel)
	for {
		req, ok := <-reqChannel
		if !ok {
			return receiveError
		}
		if err := pushConnection(con, req); err != nil {
			return err
		}
	}
}

func Run() {
	con := &XdsConnection{PeerAddr: "10.0.0.1:4567", doneChannel: make(chan struct{})}
	for i := 0; i < 4; i++ {
		con.pending = append(con.pending, &DiscoveryRequest{TypeURL: "type.googleapis.com/envoy.api.v2.Cluster"})
	}
	_ = StreamAggregatedResources(con)
}
