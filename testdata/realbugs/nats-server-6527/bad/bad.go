// Kernel reduced from nats-io/nats-server PR #6527 "[FIXED] Deadlock on getting account name tag" (2025), a
// regression from PR #6310. s.accountInfo read-locks the account and then calls a.getNameTag, which read-locks
// it again; a writer (a claims update) queued between the two RLocks blocks the second one, and the writer
// waits for the first.
// Fix: accountInfo reads the name tag directly, since it already holds the lock.
package bad

import (
	"sync"
	"time"
)

type Account struct {
	mu      sync.RWMutex
	Name    string
	nameTag string
	subs    int
}

func (a *Account) getNameTag() string {
	a.mu.RLock() // BLOCKS: rwmutex
	defer a.mu.RUnlock()
	return a.nameTag
}

func (a *Account) updateClaims(tag string) {
	a.mu.Lock() // BLOCKS: rwmutex
	defer a.mu.Unlock()
	a.nameTag = tag
}

type AccountInfo struct {
	Name, NameTag string
	Subs          int
}

type Server struct {
	accounts sync.Map
}

func (s *Server) accountInfo(accName string) *AccountInfo {
	v, _ := s.accounts.Load(accName)
	a := v.(*Account)
	a.mu.RLock()
	defer a.mu.RUnlock()
	time.Sleep(20 * time.Millisecond) // a claims update arrives meanwhile
	return &AccountInfo{Name: a.Name, NameTag: a.getNameTag(), Subs: a.subs}
}

func Run() {
	s := &Server{}
	a := &Account{Name: "ACME", nameTag: "acme"}
	s.accounts.Store("ACME", a)
	go func() {
		time.Sleep(5 * time.Millisecond)
		a.updateClaims("acme-corp")
	}()
	_ = s.accountInfo("ACME")
}
