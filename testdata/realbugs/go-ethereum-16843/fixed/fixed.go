// Fixed version of ethereum/go-ethereum PR #16843: the event is sent from its own goroutine, not under the pool lock.
package fixed

import (
	"sync"
	"time"
)

type NewTxsEvent struct{ Txs []string }

// Feed delivers each value to every subscriber, blocking until all have received it (event.Feed).
type Feed struct {
	mu   sync.Mutex
	subs []chan NewTxsEvent
}

func (f *Feed) Subscribe(ch chan NewTxsEvent) {
	f.mu.Lock()
	f.subs = append(f.subs, ch)
	f.mu.Unlock()
}

func (f *Feed) Send(ev NewTxsEvent) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, ch := range f.subs {
		ch <- ev
	}
}

type TxPool struct {
	mu      sync.RWMutex
	pending map[string]bool
	txFeed  Feed
}

func (pool *TxPool) promoteExecutables(txs []string) {
	pool.mu.Lock()
	defer pool.mu.Unlock()
	for _, tx := range txs {
		pool.pending[tx] = true
	}
	time.Sleep(20 * time.Millisecond)
	go pool.txFeed.Send(NewTxsEvent{Txs: txs})
}

func (pool *TxPool) Pending() int {
	pool.mu.RLock()
	defer pool.mu.RUnlock()
	return len(pool.pending)
}

// worker is a subsystem (the miner) that consumes tx events and reads the pool.
type worker struct {
	pool  *TxPool
	txsCh chan NewTxsEvent
	exit  chan struct{}
}

func (w *worker) loop() {
	time.Sleep(10 * time.Millisecond)
	_ = w.pool.Pending() // commit new work
	for {
		select {
		case ev := <-w.txsCh:
			_ = ev
			_ = w.pool.Pending()
		case <-w.exit:
			return
		}
	}
}

func Run() {
	pool := &TxPool{pending: map[string]bool{}}
	w := &worker{pool: pool, txsCh: make(chan NewTxsEvent), exit: make(chan struct{})}
	pool.txFeed.Subscribe(w.txsCh)
	go w.loop()
	pool.promoteExecutables([]string{"0xabc"})
	time.Sleep(20 * time.Millisecond)
	close(w.exit)
}
