// Fixed version of livekit/livekit PR #3625: Close flips the flag and broadcasts inside the lock.
package fixed

import (
	"sync"
	"sync/atomic"
	"time"
)

type Buffer struct {
	sync.RWMutex
	readCond *sync.Cond
	closed   atomic.Bool
	packets  [][]byte
}

func NewBuffer() *Buffer {
	b := &Buffer{}
	b.readCond = sync.NewCond(&b.RWMutex)
	return b
}

func (b *Buffer) ReadExtended() []byte {
	b.Lock()
	defer b.Unlock()
	for {
		if b.closed.Load() {
			return nil
		}
		if len(b.packets) > 0 {
			p := b.packets[0]
			b.packets = b.packets[1:]
			return p
		}
		time.Sleep(10 * time.Millisecond) // between the checks and Wait: Close runs here
		b.readCond.Wait()
	}
}

func (b *Buffer) Close() error {
	b.Lock()
	defer b.Unlock()
	b.closed.Store(true)
	b.readCond.Broadcast()
	return nil
}

func Run() {
	b := NewBuffer()
	go func() {
		time.Sleep(5 * time.Millisecond)
		_ = b.Close()
	}()
	_ = b.ReadExtended()
}
