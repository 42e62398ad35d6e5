// Fixed version of seaweedfs/seaweedfs PR #1475: the send under the read lock stops when the client is gone.
package fixed

import (
	"sync"
	"time"
)

type client struct {
	ch   chan string
	done chan struct{}
}

type MasterServer struct {
	clientChansLock sync.RWMutex
	clientChans     map[string]*client
}

func (ms *MasterServer) broadcastToClients(msg string) {
	ms.clientChansLock.RLock()
	defer ms.clientChansLock.RUnlock()
	for _, c := range ms.clientChans {
		select {
		case c.ch <- msg:
		case <-c.done:
		}
	}
}

// KeepConnected serves one client until it disconnects.
func (ms *MasterServer) KeepConnected(name string, c *client) {
	<-c.done // the stream's context is cancelled
	ms.clientChansLock.Lock()
	delete(ms.clientChans, name)
	ms.clientChansLock.Unlock()
}

func (ms *MasterServer) SendHeartbeat(volume string) {
	ms.broadcastToClients("new volume " + volume)
}

func Run() {
	ms := &MasterServer{clientChans: map[string]*client{}}
	c := &client{ch: make(chan string), done: make(chan struct{})}
	ms.clientChans["filer-1"] = c
	go ms.KeepConnected("filer-1", c)
	go func() {
		time.Sleep(5 * time.Millisecond)
		close(c.done) // the filer disconnects and stops reading c.ch
	}()
	ms.SendHeartbeat("7")
	ms.SendHeartbeat("8")
}
