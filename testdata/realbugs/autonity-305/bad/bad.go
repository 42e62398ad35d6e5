// Kernel reduced from autonity/autonity PR #305 "Fix all Tendermint and Ethereum goroutine leaks" (2019), first
// leak in its list: accounts.(*Manager).update, "in state select". The account manager's event loop only leaves
// its select when Close sends on the quit channel, and the node's Stop never closed the manager, so every stopped
// node left the loop parked in select.
// Fix: Node.Stop closes the account manager.
package bad

import "sync"

type WalletEvent struct{ Kind string }

type Manager struct {
	lock    sync.RWMutex
	wallets []string
	updates chan WalletEvent
	quit    chan chan error
}

func NewManager() *Manager {
	am := &Manager{updates: make(chan WalletEvent), quit: make(chan chan error)}
	go am.update()
	return am
}

func (am *Manager) update() {
	for {
		select { // BLOCKS: select
		case event := <-am.updates:
			am.lock.Lock()
			am.wallets = append(am.wallets, event.Kind)
			am.lock.Unlock()
		case errc := <-am.quit:
			errc <- nil
			return
		}
	}
}

func (am *Manager) Close() error {
	errc := make(chan error)
	am.quit <- errc
	return <-errc
}

type Node struct {
	accman  *Manager
	running bool
}

func (n *Node) Start() {
	n.accman = NewManager()
	n.running = true
}

func (n *Node) Stop() error {
	n.running = false
	return nil
}

func Run() {
	n := &Node{}
	n.Start()
	n.accman.updates <- WalletEvent{Kind: "arrived"}
	_ = n.Stop()
}
