package good

import (
	"runtime"
	"sync"
)

// Relay is sync's TestRace reduced. The first stage announces it waits (x = 1) and waits; the second polls for
// that under the lock, moves the state on (x = 2) and signals. The third waits, not in a loop, only when it sees
// x == 2 under the lock — and the first stage, once woken, moves the state to 3 and signals under the lock — so
// that Signal comes after the third stage is inside Wait, or the third stage sees 3 and does not wait.
func Relay() int {
	x := 0
	c := sync.NewCond(&sync.Mutex{})
	done := make(chan bool)
	go func() {
		c.L.Lock()
		x = 1
		c.Wait()
		x = 3
		c.Signal()
		c.L.Unlock()
		done <- true
	}()
	go func() {
		c.L.Lock()
		for {
			if x == 1 {
				x = 2
				c.Signal()
				break
			}
			c.L.Unlock()
			runtime.Gosched()
			c.L.Lock()
		}
		c.L.Unlock()
		done <- true
	}()
	go func() {
		c.L.Lock()
		for {
			if x == 2 {
				c.Wait()
				break
			}
			if x == 3 {
				break
			}
			c.L.Unlock()
			runtime.Gosched()
			c.L.Lock()
		}
		c.L.Unlock()
		done <- true
	}()
	<-done
	<-done
	<-done
	return x
}
