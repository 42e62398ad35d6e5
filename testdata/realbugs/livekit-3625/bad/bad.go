// Kernel reduced from livekit/livekit PR #3625 "Call Broadcast in lock scope." (2025). Buffer.Close set the closed
// flag and broadcast on the read condition after releasing the buffer lock. A reader that had checked the flag
// under the lock but not yet parked in Wait misses that broadcast and hangs forever: "if a goroutine enters the
// Wait after the lock is released but before Broadcast gets called, it will never see that broadcast".
// Fix: set the flag and broadcast while holding the lock.
package bad

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
		b.readCond.Wait()                 // BLOCKS: cond
	}
}

func (b *Buffer) Close() error {
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
