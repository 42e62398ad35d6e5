// Fixed version of nats-io/nats-server PR #6527: the name tag is read under the lock already held.
package fixed

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
	a.mu.RLock()
	defer a.mu.RUnlock()
	return a.nameTag
}

func (a *Account) updateClaims(tag string) {
	a.mu.Lock()
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
	return &AccountInfo{Name: a.Name, NameTag: a.nameTag, Subs: a.subs}
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
