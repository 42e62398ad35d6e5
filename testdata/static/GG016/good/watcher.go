package good

import "sync"

// Watcher copies the subscribers under the lock and notifies after releasing it.
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
	subs := append([]chan int(nil), w.subs...)
	w.mu.Unlock()
	for _, s := range subs {
		s <- v
	}
}

func Consume(w *Watcher, ch <-chan int, n int) {
	for i := 0; i < n; i++ {
		_ = w.Get()
		<-ch
	}
}

func (w *Watcher) Follow(n int) {
	Consume(w, w.Subscribe(), n)
}
