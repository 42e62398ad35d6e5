package good

import "sync"

type Account struct {
	mu      sync.Mutex
	balance int
}

type Bank struct {
	mu       sync.Mutex
	ledger   []int
	accounts []*Account
}

// Audit and Deposit both lock the bank first, then the account.
func (b *Bank) Audit() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	total := 0
	for _, a := range b.accounts {
		a.mu.Lock()
		total += a.balance
		a.mu.Unlock()
	}
	return total
}

func (b *Bank) Deposit(a *Account, n int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.ledger = append(b.ledger, n)
	a.mu.Lock()
	a.balance += n
	a.mu.Unlock()
}

// Transfer takes two accounts' locks in the opposite orders, but always under the bank lock (a gate).
func (b *Bank) Transfer(x, y *Account) {
	b.mu.Lock()
	defer b.mu.Unlock()
	x.mu.Lock()
	y.mu.Lock()
	y.mu.Unlock()
	x.mu.Unlock()
}

func NewBank(accounts ...*Account) *Bank { return &Bank{accounts: accounts} }
