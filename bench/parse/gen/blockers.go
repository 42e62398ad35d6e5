// Leaf functions that park a goroutine forever, one per runtime wait reason the benchmark dump should carry.
// Each is a real block on a real object (channel, mutex, pipe, TCP socket…), so the traceback text is exactly
// what the Go runtime prints for that state — nothing here is formatted by hand.
package main

import (
	"bufio"
	"context"
	"net"
	"os"
	"sync"
	"time"
)

// kind is one way of blocking; the comment gives the wait reason Go 1.26 prints in the goroutine header.
type kind int

const (
	kChanRecv      kind = iota // chan receive
	kChanRecvNil               // chan receive (nil chan)
	kChanSend                  // chan send
	kChanSendNil               // chan send (nil chan)
	kSelect                    // select
	kSelectNoCases             // select (no cases)
	kMutex                     // sync.Mutex.Lock
	kRLock                     // sync.RWMutex.RLock
	kWLock                     // sync.RWMutex.Lock
	kCond                      // sync.Cond.Wait
	kWaitGroup                 // sync.WaitGroup.Wait
	kSleep                     // sleep
	kTimerSelect               // select (on a timer channel and a context)
	kPipeRead                  // IO wait (os.Pipe read end, via the net poller)
	kTCPRead                   // IO wait (loopback TCP conn, half of them through bufio)
	kNetPipe                   // select (net.Pipe read: synchronous in-memory conn)
	numKinds
)

// kindWeights is the share (per mille) of goroutines blocked in each way: channel and select waits dominate,
// as in real leaking services; IO waits are capped further by the file-descriptor budget (see plan.go).
var kindWeights = [numKinds]int{
	kChanRecv: 220, kChanRecvNil: 30, kChanSend: 120, kChanSendNil: 20, kSelect: 170, kSelectNoCases: 10,
	kMutex: 60, kRLock: 30, kWLock: 20, kCond: 40, kWaitGroup: 40, kSleep: 60, kTimerSelect: 60,
	kPipeRead: 40, kTCPRead: 40, kNetPipe: 40,
}

// env holds the shared objects goroutines block on. Groups of goroutines share one object per shard, so
// pointer arguments repeat across goroutines the way they do in a real service.
type env struct {
	ch       [4]chan int  // only ever received from
	sendCh   [4]chan int  // only ever sent to
	mu       sync.Mutex   // held by main for the whole run
	rw       sync.RWMutex // write-held by main: RLock blocks
	rwRead   sync.RWMutex // read-held by main: Lock blocks
	cond     *sync.Cond
	wg       sync.WaitGroup // Add(1) without Done
	ctx      context.Context
	pipes    chan *os.File // read ends, one per kPipeRead goroutine
	tcp      chan net.Conn // server ends of loopback TCP pairs, one per kTCPRead goroutine
	netPipes chan net.Conn // net.Pipe ends, one per kNetPipe goroutine
	keep     []any         // the other ends, kept alive so no read ever returns
}

// block parks the calling goroutine forever in the way k says.
//
//go:noinline
func block(k kind, e *env, shard int) {
	switch k {
	case kChanRecv:
		recvForever(e.ch[shard], shard)
	case kChanRecvNil:
		var c chan int
		recvForever(c, shard)
	case kChanSend:
		sendForever(e.sendCh[shard], shard)
	case kChanSendNil:
		var c chan int
		sendForever(c, shard)
	case kSelect:
		waitEither(e.ch[shard], e.ch[(shard+1)%4], e.ctx)
	case kSelectNoCases:
		select {}
	case kMutex:
		e.mu.Lock()
	case kRLock:
		e.rw.RLock()
	case kWLock:
		e.rwRead.Lock()
	case kCond:
		waitCond(e.cond)
	case kWaitGroup:
		e.wg.Wait()
	case kSleep:
		napForever(time.Duration(shard+1) * time.Hour)
	case kTimerSelect:
		pollWithTimeout(e.ctx, e.ch[shard], time.Duration(shard+1)*time.Hour)
	case kPipeRead:
		readPipe(<-e.pipes)
	case kTCPRead:
		c := <-e.tcp
		if shard%2 == 0 {
			readBuffered(bufio.NewReader(c))
		} else {
			readConn(c, make([]byte, 512))
		}
	case kNetPipe:
		readConn(<-e.netPipes, make([]byte, 64))
	}
	select {} // every case above blocks forever; this keeps the contract if one ever returns
}

//go:noinline
func recvForever(c chan int, shard int) int { return <-c + shard }

//go:noinline
func sendForever(c chan int, shard int) { c <- shard }

//go:noinline
func waitEither(a, b chan int, ctx context.Context) int {
	select {
	case v := <-a:
		return v
	case v := <-b:
		return v
	case <-ctx.Done():
		return -1
	}
}

//go:noinline
func waitCond(c *sync.Cond) {
	c.L.Lock()
	for {
		c.Wait()
	}
}

//go:noinline
func napForever(d time.Duration) {
	for {
		time.Sleep(d)
	}
}

//go:noinline
func pollWithTimeout(ctx context.Context, c chan int, d time.Duration) int {
	t := time.NewTimer(d)
	select {
	case <-t.C:
		return 0
	case v := <-c:
		return v
	case <-ctx.Done():
		return -1
	}
}

//go:noinline
func readPipe(f *os.File) {
	var b [128]byte
	_, _ = f.Read(b[:])
}

//go:noinline
func readConn(c net.Conn, buf []byte) {
	_, _ = c.Read(buf)
}

//go:noinline
func readBuffered(r *bufio.Reader) {
	_, _ = r.ReadString('\n')
}
