package bad

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

// Audit locks the bank, then each account.
func (b *Bank) Audit() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	total := 0
	for _, a := range b.accounts {
		a.mu.Lock() // want GG017
		total += a.balance
		a.mu.Unlock()
	}
	return total
}

// Deposit locks the account, then (through record) the bank: the opposite order.
func (a *Account) Deposit(b *Bank, n int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.balance += n
	b.record(n)
}

func (b *Bank) record(n int) {
	b.mu.Lock() // want GG017
	b.ledger = append(b.ledger, n)
	b.mu.Unlock()
}

func NewBank(accounts ...*Account) *Bank { return &Bank{accounts: accounts} }
