package bad

import "sync"

// Watcher notifies subscribers through a helper called with the write lock held; a subscriber reads the value
// (RLock) before each receive.
type Watcher struct {
	mu   sync.RWMutex
	val  int
	subs []chan int
}

func (w *Watcher) Subscribe() <-chan int {
	ch := make(chan int)
	w.mu.Lock()
	w.subs = append(w.subs, ch)
	w.mu.Unlock()
	return ch
}

func (w *Watcher) Get() int {
	w.mu.RLock()
	defer w.mu.RUnlock()
	return w.val
}

func (w *Watcher) Set(v int) {
	w.mu.Lock()
	w.val = v
	w.notify(v)
	w.mu.Unlock()
}

func (w *Watcher) notify(v int) {
	for _, s := range w.subs {
		s <- v // want GG016
	}
}

// Consume reads the current value, then waits for the next change.
func Consume(w *Watcher, ch <-chan int, n int) {
	for i := 0; i < n; i++ {
		_ = w.Get()
		<-ch
	}
}

// Follow subscribes and consumes n changes.
func (w *Watcher) Follow(n int) {
	Consume(w, w.Subscribe(), n)
}
