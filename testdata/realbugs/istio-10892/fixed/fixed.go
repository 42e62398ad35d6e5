// Fixed version of istio/istio PR #10892/#10998: receiveThread stops forwarding once the connection is done.
package fixed

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
		select {
		case reqChannel <- req:
		case <-con.doneChannel:
			return
		}
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
