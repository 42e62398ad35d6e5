// Fixed version of ethereum/go-ethereum#29656 (as proposed in the issue): newTxs is buffered.
package fixed

import "time"

type NewTxsEvent struct{ Txs []string }

type TxPool struct {
	subs       []chan NewTxsEvent
	reqPromote chan []string
	syncCh     chan chan error
	quit       chan struct{}
	pending    []string
}

func (p *TxPool) loop() {
	for {
		select {
		case txs := <-p.reqPromote:
			p.pending = append(p.pending, txs...)
			for _, ch := range p.subs {
				ch <- NewTxsEvent{Txs: txs}
			}
		case c := <-p.syncCh:
			c <- nil // the pool has reset to the new head
		case <-p.quit:
			return
		}
	}
}

// Sync waits until the pool loop has processed everything queued before it.
func (p *TxPool) Sync() error {
	c := make(chan error, 1)
	p.syncCh <- c
	return <-c
}

type SimulatedBeacon struct {
	pool   *TxPool
	newTxs chan NewTxsEvent
	quit   chan struct{}
	blocks int
}

func (c *SimulatedBeacon) Commit() {
	time.Sleep(5 * time.Millisecond) // sealing the block
	_ = c.pool.Sync()
	c.blocks++
}

func (c *SimulatedBeacon) loopOnDemand() {
	for {
		select {
		case <-c.newTxs:
			c.Commit()
		case <-c.quit:
			return
		}
	}
}

func Run() {
	pool := &TxPool{reqPromote: make(chan []string, 2), syncCh: make(chan chan error), quit: make(chan struct{})}
	beacon := &SimulatedBeacon{pool: pool, newTxs: make(chan NewTxsEvent, 10), quit: make(chan struct{})}
	pool.subs = append(pool.subs, beacon.newTxs)
	go pool.loop()
	stopped := make(chan struct{})
	go func() {
		beacon.loopOnDemand()
		close(stopped)
	}()
	pool.reqPromote <- []string{"0xfb8c…:9"} // two senders at once
	pool.reqPromote <- []string{"0x1234…:0"}
	time.Sleep(30 * time.Millisecond)
	// The beacon stops before the pool: a Commit still under way (slow machine) needs the pool loop for its Sync.
	close(beacon.quit)
	<-stopped
	close(pool.quit)
}
