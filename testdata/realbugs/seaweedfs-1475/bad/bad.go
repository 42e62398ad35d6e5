// Kernel reduced from seaweedfs/seaweedfs PR #1475 "Fix deadlock with KeepConnected and SendHeartbeat" (2020).
// The master broadcasts volume updates by writing to every connected client's channel while holding the read
// lock on clientChansLock. When a client goes away its channel is no longer drained, the write blocks, and
// KeepConnected cannot take the write lock to remove that client; then SendHeartbeat backs up waiting for the read
// lock behind the queued writer.
// Fix: the broadcast send gives up when the client is gone (select on the client's done channel).
package bad

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
		c.ch <- msg // BLOCKS: chan-send
	}
}

// KeepConnected serves one client until it disconnects.
func (ms *MasterServer) KeepConnected(name string, c *client) {
	<-c.done                  // the stream's context is cancelled
	ms.clientChansLock.Lock() // BLOCKS: rwmutex
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
