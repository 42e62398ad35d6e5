// Kernel reduced from ethereum/go-ethereum PR #16843 "core: fix transaction event asynchronicity" (2018, fixes
// #16840). PR #16720 dropped the goroutine around the transaction pool's feed send when promoting transactions,
// so the pool lock stayed held while the event was delivered. A subscriber that, at the same moment, waits for
// the pool lock never receives the event, and the pool never releases the lock.
// Fix: send the event from a new goroutine, outside the pool lock.
package bad

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
		ch <- ev // BLOCKS: chan-send
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
	pool.txFeed.Send(NewTxsEvent{Txs: txs})
}

func (pool *TxPool) Pending() int {
	pool.mu.RLock() // BLOCKS: rwmutex
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
