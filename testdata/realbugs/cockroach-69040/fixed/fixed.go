// Fixed version of cockroachdb/cockroach PR #69040: the state is copied out under the mutex before the transaction
// starts, so nothing waits for the mutex while holding an intent.
package fixed

import (
	"sync"
	"time"
)

type jobRow struct {
	intent   sync.Mutex
	progress float64
	details  string
}

type backfiller struct {
	mu struct {
		sync.Mutex
		completed float64
		details   string
	}
	job *jobRow
}

func (b *backfiller) txn(f func()) {
	b.job.intent.Lock()
	defer b.job.intent.Unlock()
	f()
}

func (b *backfiller) updateProgress() {
	b.mu.Lock()
	completed := b.mu.completed
	b.mu.Unlock()
	b.txn(func() {
		b.job.progress = 0
		time.Sleep(20 * time.Millisecond)
		b.job.progress = completed
	})
}

func (b *backfiller) updateDetails() {
	b.mu.Lock()
	details := b.mu.details
	time.Sleep(10 * time.Millisecond)
	b.mu.Unlock()
	b.txn(func() { b.job.details = details })
}

func Run() {
	b := &backfiller{job: &jobRow{}}
	b.mu.completed, b.mu.details = 0.4, "spans: [/Table/52/1 - /Table/52/2)"
	go b.updateProgress()
	time.Sleep(5 * time.Millisecond)
	b.updateDetails()
}
