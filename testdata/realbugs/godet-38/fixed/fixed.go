// Fixed version of raff/godet#38: Close closes the requests channel, which ends sendMessages.
package fixed

import (
	"strings"
	"sync"
)

type Params map[string]any

type message struct {
	id     int
	method string
	params Params
}

type wsConn struct {
	mu     sync.Mutex
	sent   []string
	closed bool
}

func (c *wsConn) WriteJSON(m message) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sent = append(c.sent, m.method)
	return nil
}

func (c *wsConn) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closed = true
	return nil
}

type RemoteDebugger struct {
	ws       *wsConn
	requests chan message
	reqID    int
}

func Connect() *RemoteDebugger {
	r := &RemoteDebugger{ws: &wsConn{}, requests: make(chan message)}
	go r.sendMessages()
	return r
}

func (r *RemoteDebugger) sendMessages() {
	for {
		req, ok := <-r.requests
		if !ok {
			return
		}
		if err := r.ws.WriteJSON(req); err != nil {
			return
		}
	}
}

func (r *RemoteDebugger) SendRequest(method string, params Params) {
	r.reqID++
	r.requests <- message{id: r.reqID, method: strings.TrimSpace(method), params: params}
}

func (r *RemoteDebugger) Close() error {
	close(r.requests)
	return r.ws.Close()
}

func Run() {
	r := Connect()
	r.SendRequest("Page.enable", nil)
	_ = r.Close()
}
